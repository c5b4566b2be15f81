import Foundation
import PeyvandCore

/// A product or service the organisation sells.
public struct Product: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable { case goods, service }
    public let id: Int64
    public var sku: String
    public var name: String
    public var kind: Kind
    /// `piece`, `kg`, `hour`, … as typed.
    public var unit: String
    public var category: String?
    /// What one unit costs the organisation, in its base currency (for profit).
    public var cost: Money
    public var active: Bool
    /// Unit price per price list.
    public var prices: [ProductPrice]
    public let version: Int
    public let createdAt: Date
    public let updatedAt: Date
}

/// A product's price on one price list.
public struct ProductPrice: Sendable, Hashable {
    public let priceListId: Int64
    public let priceListName: String
    public let unitPrice: Money
}

/// A named list of prices in one currency ("retail", "wholesale", "export USD").
public struct PriceList: Sendable, Hashable {
    public let id: Int64
    public let name: String
    public let currency: Currency
}

/// An order line as stored: what was ordered, its price, and how much has shipped and come back.
public struct OrderLine: Sendable, Hashable {
    public let id: Int64
    public let lineNo: Int
    public let productId: Int64?
    public let description: String
    public let quantity: Quantity
    public let unitPrice: Money
    public let discount: Money
    public let taxRate: BasisPoints
    public let net: Money
    public let tax: Money
    public let total: Money
    public let unitCost: Money
    public let shipped: Quantity
    public let returned: Quantity
}

/// One shipment of (part of) an order.
public struct Shipment: Sendable, Hashable {
    public let id: Int64
    public let orderId: Int64
    public let carrier: String?
    public let tracking: String?
    public let shippedAt: Date
    public let deliveredAt: Date?
    /// Order line id → quantity in this shipment.
    public let lines: [Int64: Quantity]
}

/// A return of part of one order line.
public struct ReturnRecord: Sendable, Hashable {
    public let id: Int64
    public let orderId: Int64
    public let orderLineId: Int64
    public let quantity: Quantity
    public let reason: String
    public let restock: Bool
    public let creditNoteId: Int64?
    public let net: Money
    public let tax: Money
    public let returnedAt: Date
}

/// An order with its lines, shipments, returns and the invoices issued from it.
public struct Order: Sendable, Hashable {
    public let id: Int64
    public let customerId: Int64
    public let status: OrderStatus
    public let currency: Currency
    /// Units of the organisation's currency per unit of `currency` on the order's day.
    public let rate: ExchangeRate
    public let priceListId: Int64?
    /// Where it came from: `web`, `api`, `pos`, `phone`, `import`.
    public let channel: String
    public let externalRef: String?
    public let orderedAt: Date
    public let note: String?
    public let net: Money
    public let tax: Money
    public let total: Money
    public let lines: [OrderLine]
    public let shipments: [Shipment]
    public let returns: [ReturnRecord]
    public let invoices: [Invoice]
    public let version: Int
    public let createdAt: Date
    public let updatedAt: Date

    /// What shipping and returning may still do.
    public var ledger: FulfilmentLedger {
        FulfilmentLedger(stored: lines.map { ($0.id, $0.quantity, $0.shipped, $0.returned) })
    }
}

/// An invoice or a credit note.
public struct Invoice: Sendable, Hashable {
    public enum Kind: String, Sendable { case invoice, creditNote = "credit-note" }
    public let id: Int64
    public let number: String
    public let kind: Kind
    public let orderId: Int64
    public let customerId: Int64
    /// For a credit note: the invoice it reduces.
    public let creditsInvoiceId: Int64?
    public let currency: Currency
    public let issuedAt: Date
    public let dueAt: Date
    public let termsDays: Int
    public let net: Money
    public let tax: Money
    public let total: Money
    public let paid: Money
    public let credited: Money
    public let version: Int

    /// What is still owed on an invoice (never below zero; zero for a credit note).
    public var outstanding: Money {
        kind == .creditNote ? .zero(currency) : Money(minorUnits: max(0, total.minorUnits - paid.minorUnits - credited.minorUnits), currency: currency)
    }

    /// For a credit note: the part not applied to its invoice, owed back to the customer.
    public var refundDue: Money {
        kind == .creditNote ? Money(minorUnits: max(0, total.minorUnits - credited.minorUnits), currency: currency) : .zero(currency)
    }
}

/// Money received against an invoice.
public struct Payment: Sendable, Hashable {
    public let id: Int64
    public let invoiceId: Int64
    public let customerId: Int64
    public let amount: Money
    public let method: PaymentMethod
    public let receivedAt: Date
}
