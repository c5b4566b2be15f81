import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// Orders in the browser: the list, taking an order for a customer, and the order page where it is
/// confirmed, shipped in parts, invoiced, returned or cancelled.
struct OrderPages {
    let views: Views
    let orders: OrderRepository
    let invoices: InvoiceRepository
    let products: ProductRepository
    let customers: CustomerRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("orders", use: list)
        group.get("customers/:id/orders/new", use: new)
        group.post("customers/:id/orders", use: create)
        group.get("orders/:id", use: show)
        group.post("orders/:id/status", use: status)
        group.post("orders/:id/ship", use: ship)
        group.post("orders/:id/invoice", use: invoice)
        group.post("orders/:id/return", use: returnLine)
        group.post("orders/:id/shipments/:shipment/delivered", use: delivered)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let params = FormData.query(request)
        let status = params.get("status").flatMap(OrderStatus.init(rawValue:))
        let page = try await orders.summaries(status: status, after: params.get("after").flatMap(Cursor.decode), limit: 50,
                                              by: try context.principal())
        let model = OrdersListModel(page, status: status, text: text(context))
        return views.page("orders-list", request, context, title: views.t("orders_title", context), current: "orders", model: model)
    }

    @Sendable func new(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await form(request, context, customerId: try RouteID.require(context, resource: "customer"), form: nil, issues: [])
    }

    func form(_ request: Request, _ context: AppRequestContext, customerId: Int64, form: FormData?, addLine: Bool = false, issues: [FieldIssue],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        guard principal.may(.ordersWrite) else { throw StoreError.forbidden(views.t("error_forbidden", context)) }
        let data = try await OrderFormQuery(customers: customers, products: products).read(customerId: customerId, by: principal)
        let model = OrderFormModel(data, form: form, addLine: addLine, issues: issues, text: text(context))
        return views.page("order-form", request, context, title: views.t("order_new", context), current: "orders", status: status, model: model)
    }

    func text(_ context: AppRequestContext) -> PageText { PageText(views: views, lang: context.language, toman: context.toman) }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let customerId = try RouteID.require(context, resource: "customer")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        var input = OrderInput(currency: form["currency"], channel: "web", note: form["note"].flatMap { $0.isEmpty ? nil : $0 }, lines: [],
                               confirm: form.has("confirm"))
        // "Add a line" without the page's script: the same form again with one more line.
        if form.has("addLine") { return try await self.form(request, context, customerId: customerId, form: form, addLine: true, issues: []) }
        func value(_ name: String) -> String? { form[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        for i in OrderFormModel.lineIndices(form) {
            let sku = value("sku\(i)"), description = value("description\(i)")
            guard sku != nil || description != nil else { continue }
            input.lines.append(OrderLineInput(sku: sku, description: description, quantity: value("quantity\(i)") ?? "",
                                              unitPrice: value("unitPrice\(i)"), discountPercent: value("discountPercent\(i)"),
                                              taxRate: value("taxRate\(i)")))
        }
        do {
            let (order, _) = try await orders.create(customerId: customerId, input, by: try context.principal())
            return .redirect("/orders/\(order.id)?done=created")
        } catch StoreError.invalid(let error) {
            return try await self.form(request, context, customerId: customerId, form: form, issues: error.issues, status: .unprocessableContent)
        }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await render(request, context, id: try RouteID.require(context, resource: "order"), issues: [])
    }

    func render(_ request: Request, _ context: AppRequestContext, id: Int64, issues: [FieldIssue], form: FormData? = nil,
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let data = try await OrderQuery(orders: orders, customers: customers).read(id, by: principal)
        let model = OrderModel(data, principal: principal, done: FormData.query(request).get("done"), issues: issues, form: form, text: text(context))
        return await views.page("order", request, context, title: "\(views.t("order", context)) #\(model.order.number)", current: "orders", status: status,
                                model: model, customerId: data.order.customerId)
    }

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "order")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let event: OrderEvent
        switch form["event"] {
        case "confirm": event = .confirm
        case "cancel": event = .cancel
        case "close": event = .close
        default: return try await render(request, context, id: id, issues: [FieldIssue(field: "event", reason: "unknown action", code: "choice.unknown")], status: .unprocessableContent)
        }
        return try await attempt(request, context, id: id, done: form["event"] ?? "") {
            _ = try await orders.apply(event, to: id, expectedVersion: form["version"].flatMap { Int($0) }, by: try context.principal())
        }
    }

    /// Runs an action; a refusal re-renders the order page with the reason.
    func attempt(_ request: Request, _ context: AppRequestContext, id: Int64, done: String, form: FormData? = nil,
                 _ action: () async throws -> Void) async throws -> Response {
        do {
            try await action()
            return .redirect("/orders/\(id)?done=\(done)")
        } catch StoreError.invalid(let error) {
            return try await render(request, context, id: id, issues: error.issues, form: form, status: .unprocessableContent)
        } catch StoreError.conflict(let why) {
            return try await render(request, context, id: id, issues: [FieldIssue(field: "order", reason: why, code: "order.refused", params: ["why": why])], status: .conflict)
        } catch StoreError.versionMismatch {
            return try await render(request, context, id: id, issues: [FieldIssue(field: "version", reason: "changed meanwhile", code: "version.conflict")], status: .conflict)
        }
    }

    @Sendable func ship(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "order")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        var input = ShipmentInput(carrier: form["carrier"].flatMap { $0.isEmpty ? nil : $0 }, tracking: form["tracking"].flatMap { $0.isEmpty ? nil : $0 })
        for (name, value) in form.pairs where name.hasPrefix("ship_") {
            let text = value.trimmingCharacters(in: .whitespaces)
            if let line = Int64(name.dropFirst(5)), !text.isEmpty, text != "0", text != "۰" { input.lines[line] = text }
        }
        if input.lines.isEmpty {
            return try await render(request, context, id: id, issues: [FieldIssue(field: "lines", reason: "enter a quantity to ship on at least one line", code: "order.nothingToShip")],
                                    form: form, status: .unprocessableContent)
        }
        return try await attempt(request, context, id: id, done: "shipped", form: form) {
            _ = try await orders.ship(id, input, by: try context.principal())
        }
    }

    @Sendable func invoice(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "order")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let terms = Int(PersianText.latinDigits(form["termsDays"] ?? "30").trimmingCharacters(in: .whitespaces))
        guard let terms, (0...365).contains(terms) else {
            return try await render(request, context, id: id, issues: [FieldIssue(field: "termsDays", reason: "must be a whole number from 0 to 365", code: "number.wholeInRange", params: ["min": "0", "max": "365"])],
                                    status: .unprocessableContent)
        }
        var invoiceId: Int64 = 0
        let response = try await attempt(request, context, id: id, done: "invoiced") {
            invoiceId = try await invoices.invoice(orderId: id, termsDays: terms, by: try context.principal()).id
        }
        return invoiceId > 0 ? .redirect("/invoices/\(invoiceId)?done=issued") : response
    }

    @Sendable func delivered(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "order")
        _ = try await FormData.read(request, context, csrf: context.csrf)
        guard let raw = context.parameters.get("shipment"), let shipment = Int64(raw), shipment > 0 else {
            throw StoreError.notFound(entity: "shipment", id: context.parameters.get("shipment") ?? "")
        }
        return try await attempt(request, context, id: id, done: "delivered") {
            _ = try await orders.deliver(id, shipment: shipment, by: try context.principal())
        }
    }

    @Sendable func returnLine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "order")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let input = ReturnInput(orderLineId: Int64(form["orderLineId"] ?? "") ?? 0, quantity: form["quantity"] ?? "", reason: form["reason"] ?? "",
                                restock: form.has("restock"))
        return try await attempt(request, context, id: id, done: "returned") {
            _ = try await orders.returnLine(id, input, by: try context.principal())
        }
    }
}
