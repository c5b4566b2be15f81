import Foundation
import PeyvandCore

/// Where a service-recovery case stands: open until closed as recovered (the customer was won
/// back; the classes then ignore the evidence dated before it) or not recovered.
public enum RecoveryStatus: String, CaseIterable, Sendable, Codable {
    case open
    case recovered
    case notRecovered = "not_recovered"
}

/// What the customer was given to put things right.
public enum CompensationKind: String, CaseIterable, Sendable, Codable {
    case none
    /// An amount off, in the organisation's currency.
    case discount
    /// Club points, stored as a number of points until the club exists.
    case points
    /// The goods taken back (a return of the customer's) and sent again (a new order at price 0).
    case replacement
}

/// A service-recovery case (پرونده جبران خدمت): opened for an angry customer by the handling of
/// their class, or by hand; it records the cause, the remedy, the compensation and the outcome,
/// and the class before and the class measured when it was closed.
public struct RecoveryCase: Sendable, Hashable {
    public let id: Int64
    public let number: String
    public let customerId: Int64
    public let customerName: String
    public let ticketId: Int64?
    public let ticketNumber: String?
    public let ticketSubject: String?
    /// The `satisfaction_changes` row that opened it (nil when opened by hand).
    public let changeId: Int64?
    public let status: RecoveryStatus
    /// `urgent` (an angry customer) or `normal`.
    public let priority: String
    public let ownerId: Int64?
    public let ownerName: String?
    public let classBefore: SatisfactionClass?
    public let classAfter: SatisfactionClass?
    public let cause: String?
    public let remedy: String?
    public let compensationKind: CompensationKind
    public let compensationAmount: Money?
    public let compensationPoints: Int64?
    public let returnId: Int64?
    public let replacementOrderId: Int64?
    public let outcome: String?
    public let openedAt: Date
    public let closedAt: Date?
    public let measuredAt: Date?
    public let version: Int
    public let updatedAt: Date
}

/// A change to a case (PATCH): only the fields given change. `ownerId` and the compensation
/// fields accept an explicit clear through `clear`.
public struct RecoveryCaseChange: Sendable, Hashable {
    public var cause: String?
    public var remedy: String?
    public var outcome: String?
    public var ownerId: Int64?
    public var compensationKind: CompensationKind?
    /// A decimal amount in major units (any digits), in `compensationCurrency` or the organisation's.
    public var compensationAmount: String?
    public var compensationCurrency: String?
    public var compensationPoints: Int64?
    public var returnId: Int64?

    public init(cause: String? = nil, remedy: String? = nil, outcome: String? = nil, ownerId: Int64? = nil,
                compensationKind: CompensationKind? = nil, compensationAmount: String? = nil, compensationCurrency: String? = nil,
                compensationPoints: Int64? = nil, returnId: Int64? = nil) {
        (self.cause, self.remedy, self.outcome, self.ownerId) = (cause, remedy, outcome, ownerId)
        (self.compensationKind, self.compensationAmount, self.compensationCurrency, self.compensationPoints, self.returnId) =
            (compensationKind, compensationAmount, compensationCurrency, compensationPoints, returnId)
    }
}

/// The filters of the recovery queue.
public struct RecoveryQuery: Sendable, Hashable {
    public var status: RecoveryStatus?
    public var ownerId: Int64?
    public var customerId: Int64?
    public var after: Int64?
    public var limit: Int

    public init(status: RecoveryStatus? = nil, ownerId: Int64? = nil, customerId: Int64? = nil, after: Int64? = nil, limit: Int = 50) {
        (self.status, self.ownerId, self.customerId, self.after, self.limit) = (status, ownerId, customerId, after, limit)
    }
}
