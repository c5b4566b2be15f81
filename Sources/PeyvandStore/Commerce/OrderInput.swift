import Foundation
import PeyvandCore

/// A line as a person or a shop sends it: a product (by id or SKU) or a free description, and
/// text amounts in any digits. The price comes from the order's price list when not given.
public struct OrderLineInput: Sendable, Hashable {
    public var productId: Int64?
    public var sku: String?
    public var description: String?
    public var quantity: String
    public var unitPrice: String?
    /// An amount off the line, or …
    public var discount: String?
    /// … a percentage off it.
    public var discountPercent: String?
    /// VAT or other tax in percent (`"10"`, `"9.5"`); none when absent.
    public var taxRate: String?

    public init(productId: Int64? = nil, sku: String? = nil, description: String? = nil, quantity: String, unitPrice: String? = nil,
                discount: String? = nil, discountPercent: String? = nil, taxRate: String? = nil) {
        self.productId = productId
        self.sku = sku
        self.description = description
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.discount = discount
        self.discountPercent = discountPercent
        self.taxRate = taxRate
    }
}

/// A new order. `externalRef` (the shop's or POS's own order id) makes posting idempotent: the
/// same reference again returns the order already stored.
public struct OrderInput: Sendable, Hashable {
    public var currency: String?
    public var priceListId: Int64?
    public var channel: String?
    public var externalRef: String?
    public var orderedAt: Date?
    public var note: String?
    public var lines: [OrderLineInput]
    /// Confirm at once (a shop's sale) rather than keep a draft.
    public var confirm: Bool

    public init(currency: String? = nil, priceListId: Int64? = nil, channel: String? = nil, externalRef: String? = nil,
                orderedAt: Date? = nil, note: String? = nil, lines: [OrderLineInput], confirm: Bool = false) {
        self.currency = currency
        self.priceListId = priceListId
        self.channel = channel
        self.externalRef = externalRef
        self.orderedAt = orderedAt
        self.note = note
        self.lines = lines
        self.confirm = confirm
    }

    static let channels: Set<String> = ["web", "api", "pos", "phone", "import", "partner"]
}

/// A shipment to record: which lines and how much (every remaining unit when empty).
public struct ShipmentInput: Sendable, Hashable {
    public var carrier: String?
    public var tracking: String?
    public var shippedAt: Date?
    public var lines: [Int64: String]

    public init(carrier: String? = nil, tracking: String? = nil, shippedAt: Date? = nil, lines: [Int64: String] = [:]) {
        self.carrier = carrier
        self.tracking = tracking
        self.shippedAt = shippedAt
        self.lines = lines
    }
}

/// A return of part of one order line.
public struct ReturnInput: Sendable, Hashable {
    public var orderLineId: Int64
    public var quantity: String
    public var reason: String
    public var restock: Bool
    public var returnedAt: Date?

    public init(orderLineId: Int64, quantity: String, reason: String, restock: Bool, returnedAt: Date? = nil) {
        self.orderLineId = orderLineId
        self.quantity = quantity
        self.reason = reason
        self.restock = restock
        self.returnedAt = returnedAt
    }
}
