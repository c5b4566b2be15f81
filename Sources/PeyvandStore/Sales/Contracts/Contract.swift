import Foundation
import PeyvandCore

/// Where a contract is in its life: drafted, signed and running (`active`), run to its end,
/// followed by its renewal, or cancelled.
public enum ContractStatus: String, Sendable, Codable, CaseIterable {
    case draft, active, ended, renewed, cancelled
}

/// A document kept with a contract (the signed copy, an annex): one of the customer's documents.
public struct ContractDocument: Sendable, Hashable {
    public let id: Int64
    public let filename: String
    public let mediaType: String
    public let size: Int
}

/// An agreement with a customer: who signs it, what it is worth, from which day to which, on
/// what terms, and how many days before its end its owner is reminded to renew it.
public struct Contract: Sendable, Hashable {
    public let id: Int64
    public let number: String
    public let customerId: Int64
    public let customerName: String
    public let dealId: Int64?
    public let title: String
    /// The other signatories, as typed (one a line).
    public let parties: String?
    public let value: Money
    public let start: JalaliDate
    public let end: JalaliDate
    public let terms: String?
    public let status: ContractStatus
    public let renewalNoticeDays: Int
    public let renewalRemindedAt: Date?
    public let renewedFromId: Int64?
    public let renewedToId: Int64?
    public let ownerId: Int64?
    public let ownerName: String?
    public let version: Int
    public let createdAt: Date
    public let updatedAt: Date
    public var documents: [ContractDocument]

    /// Days from `today` to the last day (negative once it has passed).
    public func daysLeft(today: JalaliDate) -> Int { end.daysSinceUnixEpoch - today.daysSinceUnixEpoch }
}

/// A new contract: from a deal (its customer and amount) or for a customer.
public struct ContractInput: Sendable, Hashable {
    public var customerId: Int64?
    public var dealId: Int64?
    public var title: String
    public var parties: String?
    /// In major units (`"120000000"`); the deal's amount when absent and a deal is given.
    public var value: String?
    public var currency: String?
    public var start: JalaliDate?
    public var end: JalaliDate?
    public var terms: String?
    public var renewalNoticeDays: Int?
    public var ownerId: Int64?
    /// Signed already: starts `active` rather than `draft`.
    public var activate: Bool

    public init(customerId: Int64? = nil, dealId: Int64? = nil, title: String, parties: String? = nil, value: String? = nil, currency: String? = nil,
                start: JalaliDate? = nil, end: JalaliDate? = nil, terms: String? = nil, renewalNoticeDays: Int? = nil, ownerId: Int64? = nil,
                activate: Bool = false) {
        (self.customerId, self.dealId, self.title, self.parties, self.value, self.currency, self.start, self.end, self.terms) =
            (customerId, dealId, title, parties, value, currency, start, end, terms)
        (self.renewalNoticeDays, self.ownerId, self.activate) = (renewalNoticeDays, ownerId, activate)
    }
}

/// A change to a contract: only the fields given change.
public struct ContractPatch: Sendable, Hashable {
    public var title: String?
    public var parties: String??
    public var value: String?
    public var start: JalaliDate?
    public var end: JalaliDate?
    public var terms: String??
    public var renewalNoticeDays: Int?
    public var ownerId: Int64?

    public init(title: String? = nil, parties: String?? = nil, value: String? = nil, start: JalaliDate? = nil, end: JalaliDate? = nil,
                terms: String?? = nil, renewalNoticeDays: Int? = nil, ownerId: Int64? = nil) {
        (self.title, self.parties, self.value, self.start, self.end, self.terms, self.renewalNoticeDays, self.ownerId) =
            (title, parties, value, start, end, terms, renewalNoticeDays, ownerId)
    }
}

/// The next term of a renewed contract: by default the day after the old end, as long as the old
/// term, for the same value.
public struct ContractRenewal: Sendable, Hashable {
    public var start: JalaliDate?
    public var end: JalaliDate?
    public var value: String?
    public var terms: String??

    public init(start: JalaliDate? = nil, end: JalaliDate? = nil, value: String? = nil, terms: String?? = nil) {
        (self.start, self.end, self.value, self.terms) = (start, end, value, terms)
    }
}
