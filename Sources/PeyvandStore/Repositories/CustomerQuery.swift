import Foundation
import PeyvandCore

/// The filters of a customer list. All optional; combined with AND.
public struct CustomerQuery: Sendable, Hashable {
    public var q: String?
    public var stage: LifecycleStage?
    public var ownerId: Int64?
    public var tag: String?
    public var city: String?
    /// Only customers who consented to this channel (`email`, `sms`, `phone`, `letter`).
    public var consent: String?
    public var createdFrom: Date?
    public var createdBefore: Date?
    /// Last changed on or after this instant, and before this one.
    public var updatedFrom: Date?
    public var updatedBefore: Date?
    /// People who belong to this organisation.
    public var organisationId: Int64?
    /// Customers the latest scoring run put in this RFM segment (`champions`, `at_risk`, …).
    public var rfmSegment: String?
    /// Customers in this behavioural segment (1…k) of the latest run.
    public var behaviourSegment: Int?
    /// Customers whose churn risk is at least this (0…1).
    public var minChurnRisk: Double?
    /// Customers now in one of these satisfaction classes (`customer_satisfaction.class`).
    public var satisfaction: [SatisfactionClass]?
    public var includeDeleted: Bool
    public var onlyDeleted: Bool
    public var after: Int64?
    /// For ranked searches: how many results to skip (from the `o:` cursor).
    public var offset: Int = 0
    public var limit: Int

    public init(
        q: String? = nil, stage: LifecycleStage? = nil, ownerId: Int64? = nil, tag: String? = nil, city: String? = nil,
        organisationId: Int64? = nil, includeDeleted: Bool = false, onlyDeleted: Bool = false, after: Int64? = nil, limit: Int = 50
    ) {
        self.q = q
        self.stage = stage
        self.ownerId = ownerId
        self.tag = tag
        self.city = city
        self.organisationId = organisationId
        self.includeDeleted = includeDeleted
        self.onlyDeleted = onlyDeleted
        self.after = after
        self.limit = limit
    }

    /// Continues after a `next` cursor of a previous page; false for a cursor this list did not make.
    public mutating func resume(after cursor: String) -> Bool {
        if let id = Cursor.decode(cursor) {
            after = id
            return true
        }
        if let n = Cursor.decodeOffset(cursor) {
            offset = n
            return true
        }
        return false
    }

    /// The URL parameters of a list's filters, in the order a page shows them as chips; a next-page
    /// link, an export link and a saved view carry exactly these.
    public static let filterParameters = ["q", "stage", "city", "ownerId", "tag", "consent", "createdFrom", "createdTo",
                                          "updatedFrom", "updatedTo", "rfm", "behaviour", "minChurnRisk", "satisfaction", "includeDeleted"]

    /// Whether the list is narrowed by the latest scoring run.
    public var filtersByScores: Bool { rfmSegment != nil || behaviourSegment != nil || minChurnRisk != nil }
}
