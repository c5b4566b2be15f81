import Foundation
import PeyvandCore

/// Where a quote is in its life. `expired` is what a draft or sent quote becomes once its last
/// valid day has passed: computed on read, so no loop has to run for it to be true.
public enum QuoteStatus: String, Sendable, Codable, CaseIterable {
    case draft, sent, accepted, declined, expired, cancelled

    /// Still waiting for the customer's answer (or not yet sent).
    public var isOpen: Bool { self == .draft || self == .sent }
}

/// One priced line of a quote, exactly as the order it becomes will have it.
public struct QuoteLine: Sendable, Hashable {
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
}

/// A priced offer to one customer, numbered `Q-1405-000042`, valid until a day, with VAT.
public struct Quote: Sendable, Hashable {
    public let id: Int64
    public let number: String
    public let dealId: Int64?
    public let customerId: Int64
    public let customerName: String
    public let status: QuoteStatus
    /// `fa` or `en`: the language the customer reads it in (its print and public page).
    public let language: String
    public let currency: Currency
    public let validUntil: JalaliDate
    public let taxRate: BasisPoints
    public let gross: Money
    public let discount: Money
    public let net: Money
    public let tax: Money
    public let total: Money
    public let notes: String?
    public let terms: String?
    public let version: Int
    public let sentAt: Date?
    public let sentChannel: String?
    public let decidedAt: Date?
    /// `staff` or `link` (the customer on the public page).
    public let decidedVia: String?
    public let declineReason: String?
    public let orderId: Int64?
    public let createdAt: Date
    public let updatedAt: Date
    public var lines: [QuoteLine]
}

/// What a person or a client sends to build or change a quote. Lines are taken from the deal
/// when `dealId` is given and `lines` is not.
public struct QuoteInput: Sendable, Hashable {
    public var dealId: Int64?
    public var customerId: Int64?
    public var currency: String?
    public var language: String?
    public var validUntil: JalaliDate?
    /// VAT in percent (`"10"`); the organisation's quote rate when absent.
    public var taxRate: String?
    public var notes: String?
    public var terms: String?
    /// Each line's `taxRate` is ignored: a quote has one VAT rate.
    public var lines: [OrderLineInput]?

    public init(dealId: Int64? = nil, customerId: Int64? = nil, currency: String? = nil, language: String? = nil, validUntil: JalaliDate? = nil,
                taxRate: String? = nil, notes: String? = nil, terms: String? = nil, lines: [OrderLineInput]? = nil) {
        (self.dealId, self.customerId, self.currency, self.language, self.validUntil, self.taxRate, self.notes, self.terms, self.lines) =
            (dealId, customerId, currency, language, validUntil, taxRate, notes, terms, lines)
    }
}

/// A change to a draft quote: only the fields given change.
public struct QuotePatch: Sendable, Hashable {
    public var language: String?
    public var validUntil: JalaliDate?
    public var taxRate: String?
    public var notes: String??
    public var terms: String??
    public var lines: [OrderLineInput]?

    public init(language: String? = nil, validUntil: JalaliDate? = nil, taxRate: String? = nil, notes: String?? = nil, terms: String?? = nil,
                lines: [OrderLineInput]? = nil) {
        (self.language, self.validUntil, self.taxRate, self.notes, self.terms, self.lines) = (language, validUntil, taxRate, notes, terms, lines)
    }
}
