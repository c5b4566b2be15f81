import Foundation
import PeyvandCore
import PeyvandStore

/// What the order page (`order.mustache`) renders: the order with its lines, shipments, invoices
/// and returns, the actions its status allows, and why the last action was refused.
struct OrderModel {
    struct Header {
        let id: Int64, number: String, status: String, statusLabel: String, when: String, currency: String, channel: String
        let net: String, tax: String, total: String, note: String?, version: Int
    }
    struct CustomerLink { let id: Int64, name: String }
    struct Line {
        let id: Int64, no: String, description: String, quantity: String, unitPrice: String, discount: String, taxRate: String
        let net: String, tax: String, total: String, shipped: String, returned: String, remaining: String, canShip: Bool, canReturn: Bool
        /// The quantity the shipping form offers for this line: what remains, or what was typed.
        let toShip: String
    }
    struct ShippedLine { let description: String, quantity: String }
    struct ShipmentRow {
        let id: Int64, carrier: String?, tracking: String?, when: String, delivered: String?, canDeliver: Bool, lines: [ShippedLine]
    }
    /// What the shipping form shows: each line's quantity to ship (what remains, or what was typed)
    /// and the carrier and tracking as typed.
    struct ShipForm { let carrier: String, tracking: String }
    struct InvoiceRow { let id: Int64, number: String, kindLabel: String, total: String, outstanding: String, due: String }
    struct ReturnRow { let line: String, quantity: String, reason: String, restock: Bool, amount: String, when: String }
    struct Returnable { let id: Int64, label: String }

    let order: Header
    let customer: CustomerLink
    let lines: [Line]
    let shipments: [ShipmentRow]
    let invoices: [InvoiceRow]
    let returns: [ReturnRow]
    let flash: String?
    let errors: [FieldError]
    let ship: ShipForm
    let canConfirm: Bool, canCancel: Bool, canClose: Bool, canShip: Bool, canInvoice: Bool, canReturn: Bool
    let returnable: [Returnable]
}

extension OrderModel {
    /// `done`: the action just completed (`?done=`), `issues`: why the last one was refused,
    /// `form`: the shipping form as sent when it was refused.
    init(_ data: OrderData, principal: Principal, done: String?, issues: [FieldIssue], form: FormData? = nil, text x: PageText) {
        let order = data.order, customer = data.customer
        let canWrite = principal.may(.ordersWrite) && !customer.isDeleted
        let allowed = order.status.allowedEvents
        self.order = Header(
            id: order.id, number: x.id(order.id), status: order.status.rawValue, statusLabel: x.label("ostatus", order.status.rawValue), when: x.when(order.orderedAt),
            currency: order.currency.rawValue, channel: order.channel, net: x.money(order.net), tax: x.money(order.tax), total: x.money(order.total),
            note: order.note, version: order.version)
        self.customer = CustomerLink(id: customer.id, name: customer.fields.name)
        lines = order.lines.map { l in
            let remaining = Quantity(stored: l.quantity.thousandths - l.shipped.thousandths)
            return Line(id: l.id, no: x.number(l.lineNo), description: l.description, quantity: x.quantity(l.quantity),
                        unitPrice: x.money(l.unitPrice), discount: x.money(l.discount), taxRate: x.percent(l.taxRate), net: x.money(l.net),
                        tax: x.money(l.tax), total: x.money(l.total), shipped: x.quantity(l.shipped), returned: x.quantity(l.returned),
                        remaining: x.quantity(remaining), canShip: remaining.isPositive, canReturn: l.shipped > l.returned,
                        toShip: form?["ship_\(l.id)"] ?? (remaining.isPositive ? x.quantity(remaining) : ""))
        }
        shipments = order.shipments.map { s in
            ShipmentRow(id: s.id, carrier: s.carrier, tracking: s.tracking, when: x.when(s.shippedAt), delivered: s.deliveredAt.map(x.when),
                        canDeliver: canWrite && s.deliveredAt == nil,
                        lines: s.lines.sorted { $0.key < $1.key }.map { line, q in
                            ShippedLine(description: order.lines.first { $0.id == line }?.description ?? "#" + x.id(line), quantity: x.quantity(q)) })
        }
        invoices = order.invoices.map { i in
            InvoiceRow(id: i.id, number: x.digits(i.number), kindLabel: x.t(i.kind == .invoice ? "invoice" : "credit_note"), total: x.money(i.total),
                       outstanding: x.money(i.outstanding), due: x.when(i.dueAt))
        }
        returns = order.returns.map { r in
            ReturnRow(line: order.lines.first { $0.id == r.orderLineId }?.description ?? "", quantity: x.quantity(r.quantity), reason: r.reason,
                      restock: r.restock, amount: x.money((try? r.net.adding(r.tax)) ?? r.net), when: x.when(r.returnedAt))
        }
        flash = done.map { x.t("order_done_\($0)") }
        errors = x.fieldErrorList(issues)
        ship = ShipForm(carrier: form?["carrier"] ?? "", tracking: form?["tracking"] ?? "")
        let invoiced = order.invoices.contains { $0.kind == .invoice }
        canConfirm = canWrite && allowed.contains(.confirm)
        canCancel = canWrite && allowed.contains(.cancel) && !invoiced
        canClose = canWrite && allowed.contains(.close)
        canShip = canWrite && (order.status == .confirmed || order.status == .partiallyFulfilled)
        canInvoice = principal.may(.financeWrite) && !invoiced && order.status != .draft && order.status != .cancelled
        canReturn = canWrite && order.lines.contains { $0.shipped > $0.returned } && order.status != .cancelled
        returnable = order.lines.filter { $0.shipped > $0.returned }.map { Returnable(id: $0.id, label: "\(x.number($0.lineNo)). \($0.description)") }
    }
}
