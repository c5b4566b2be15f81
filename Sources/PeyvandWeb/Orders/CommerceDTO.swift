import Foundation
import PeyvandCore
import PeyvandStore

struct PriceDTO: Encodable {
    let priceListId: String
    let priceList: String
    let unitPrice: Money
}

struct ProductDTO: Encodable {
    let id: String
    let sku: String
    let name: String
    let kind: String
    let unit: String
    let category: String?
    let cost: Money
    let active: Bool
    let prices: [PriceDTO]
    let version: Int
    let createdAt: Date
    let updatedAt: Date

    init(_ p: Product) {
        id = String(p.id); sku = p.sku; name = p.name; kind = p.kind.rawValue; unit = p.unit; category = p.category
        cost = p.cost; active = p.active; version = p.version; createdAt = p.createdAt; updatedAt = p.updatedAt
        prices = p.prices.map { PriceDTO(priceListId: String($0.priceListId), priceList: $0.priceListName, unitPrice: $0.unitPrice) }
    }
}

struct PriceListDTO: Encodable {
    let id: String
    let name: String
    let currency: String

    init(_ l: PriceList) {
        id = String(l.id); name = l.name; currency = l.currency.rawValue
    }
}

struct ExchangeRateDTO: Encodable {
    let currency: String
    let effectiveOn: String
    let rate: String

    init(_ e: ExchangeRates.Entry) {
        currency = e.currency.rawValue; effectiveOn = String(CivilTime.rfc3339(e.effectiveOn).prefix(10)); rate = e.rate.description
    }
}

struct OrderLineDTO: Encodable {
    let id: String
    let lineNo: Int
    let productId: String?
    let description: String
    let quantity: String
    let unitPrice: Money
    let discount: Money
    let taxRate: String
    let net: Money
    let tax: Money
    let total: Money
    let shipped: String
    let returned: String

    init(_ l: OrderLine) {
        id = String(l.id); lineNo = l.lineNo; productId = l.productId.map(String.init); description = l.description
        quantity = l.quantity.description; unitPrice = l.unitPrice; discount = l.discount; taxRate = l.taxRate.percentString
        net = l.net; tax = l.tax; total = l.total; shipped = l.shipped.description; returned = l.returned.description
    }
}

struct ShipmentDTO: Encodable {
    let id: String
    let carrier: String?
    let tracking: String?
    let shippedAt: Date
    let deliveredAt: Date?
    let lines: [String: String]

    init(_ s: Shipment) {
        id = String(s.id); carrier = s.carrier; tracking = s.tracking; shippedAt = s.shippedAt; deliveredAt = s.deliveredAt
        lines = Dictionary(uniqueKeysWithValues: s.lines.map { (String($0.key), $0.value.description) })
    }
}

struct ReturnDTO: Encodable {
    let id: String
    let orderLineId: String
    let quantity: String
    let reason: String
    let restock: Bool
    let creditNoteId: String?
    let net: Money
    let tax: Money
    let returnedAt: Date

    init(_ r: ReturnRecord) {
        id = String(r.id); orderLineId = String(r.orderLineId); quantity = r.quantity.description; reason = r.reason; restock = r.restock
        creditNoteId = r.creditNoteId.map(String.init); net = r.net; tax = r.tax; returnedAt = r.returnedAt
    }
}

struct InvoiceDTO: Encodable {
    let id: String
    let number: String
    let kind: String
    let orderId: String
    let customerId: String
    let creditsInvoiceId: String?
    let issuedAt: Date
    let dueAt: Date
    let termsDays: Int
    let net: Money
    let tax: Money
    let total: Money
    let paid: Money
    let credited: Money
    let outstanding: Money
    let refundDue: Money
    let version: Int

    init(_ i: Invoice) {
        id = String(i.id); number = i.number; kind = i.kind.rawValue; orderId = String(i.orderId); customerId = String(i.customerId)
        creditsInvoiceId = i.creditsInvoiceId.map(String.init); issuedAt = i.issuedAt; dueAt = i.dueAt; termsDays = i.termsDays
        net = i.net; tax = i.tax; total = i.total; paid = i.paid; credited = i.credited; outstanding = i.outstanding
        refundDue = i.refundDue; version = i.version
    }
}

struct OrderDTO: Encodable {
    let id: String
    let customerId: String
    let status: String
    let currency: String
    let rate: String
    let channel: String
    let externalRef: String?
    let orderedAt: Date
    let note: String?
    let net: Money
    let tax: Money
    let total: Money
    let lines: [OrderLineDTO]
    let shipments: [ShipmentDTO]
    let returns: [ReturnDTO]
    let invoices: [InvoiceDTO]
    let version: Int
    let createdAt: Date
    let updatedAt: Date

    init(_ o: Order) {
        id = String(o.id); customerId = String(o.customerId); status = o.status.rawValue; currency = o.currency.rawValue
        rate = o.rate.description; channel = o.channel; externalRef = o.externalRef; orderedAt = o.orderedAt; note = o.note
        net = o.net; tax = o.tax; total = o.total; lines = o.lines.map(OrderLineDTO.init); shipments = o.shipments.map(ShipmentDTO.init)
        returns = o.returns.map(ReturnDTO.init); invoices = o.invoices.map(InvoiceDTO.init); version = o.version
        createdAt = o.createdAt; updatedAt = o.updatedAt
    }
}

struct PaymentDTO: Encodable {
    let id: String
    let invoiceId: String
    let amount: Money
    let method: String
    let chequeNumber: String?
    let chequeBank: String?
    let chequeDueDate: String?
    let receivedAt: Date

    init(_ p: Payment) {
        id = String(p.id); invoiceId = String(p.invoiceId); amount = p.amount; method = p.method.kind; receivedAt = p.receivedAt
        if case .cheque(let c) = p.method {
            chequeNumber = c.number; chequeBank = c.bankName; chequeDueDate = c.dueDate.description
        } else {
            chequeNumber = nil; chequeBank = nil; chequeDueDate = nil
        }
    }
}

struct CustomerValueDTO: Encodable {
    let customerId: String
    let from: Date?
    let to: Date?
    let revenue: Money
    let costOfGoods: Money
    let costToServe: Money
    let profit: Money
    let orders: Int
    let firstOrderAt: Date?
    let lastOrderAt: Date?
    let repeatPurchaseIntervalDays: Double?

    init(_ r: CustomerValueReport) {
        customerId = String(r.customerId); from = r.from; to = r.to; revenue = r.value.revenue; costOfGoods = r.value.costOfGoods
        costToServe = r.value.costToServe; profit = r.value.profit; orders = r.orders; firstOrderAt = r.firstOrderAt
        lastOrderAt = r.lastOrderAt; repeatPurchaseIntervalDays = r.repeatPurchaseIntervalDays.map { ($0 * 10).rounded() / 10 }
    }
}

struct AgeingDTO: Encodable {
    struct Row: Encodable {
        let currency: String
        let notDue: Money
        let days1To30: Money
        let days31To60: Money
        let days61To90: Money
        let over90: Money
        let total: Money
    }
    let asOf: String
    let currencies: [Row]

    init(_ report: AgeingReport) {
        asOf = report.asOf.description
        currencies = report.totals.keys.sorted { $0.rawValue < $1.rawValue }.map { c in
            let t = report.totals(in: c)
            return Row(currency: c.rawValue, notDue: t[.notDue], days1To30: t[.overdue1To30], days31To60: t[.overdue31To60],
                       days61To90: t[.overdue61To90], over90: t[.overdueOver90], total: t.total)
        }
    }
}

struct OverdueDTO: Encodable {
    let invoice: InvoiceDTO
    let customerName: String
    let daysPastDue: Int

    init(_ o: Receivables.Overdue) {
        invoice = InvoiceDTO(o.invoice); customerName = o.customerName; daysPastDue = o.daysPastDue
    }
}
