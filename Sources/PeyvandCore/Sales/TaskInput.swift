import Foundation

/// A task as typed into a form or sent to the API; `validated(now:)` checks it all at once.
/// Ids are given as numbers the caller has parsed; the store checks they exist and are in reach.
public struct TaskInput: Sendable, Hashable {
    public var title: String?
    public var notes: String?
    public var dueAt: Date?
    public var remindAt: Date?
    /// Nil: the person creating it.
    public var assigneeId: Int64?
    public var customerId: Int64?
    public var dealId: Int64?

    public init(title: String? = nil, notes: String? = nil, dueAt: Date? = nil, remindAt: Date? = nil, assigneeId: Int64? = nil,
                customerId: Int64? = nil, dealId: Int64? = nil) {
        (self.title, self.notes, self.dueAt, self.remindAt) = (title, notes, dueAt, remindAt)
        (self.assigneeId, self.customerId, self.dealId) = (assigneeId, customerId, dealId)
    }

    public enum Limits {
        public static let title = 200, notes = 5000
    }

    public func validated(now: Date = Date()) throws(ValidationError) -> TaskInput {
        var issues: [FieldIssue] = []
        var out = self
        out.title = SalesText.required(title, "title", max: Limits.title, into: &issues)
        out.notes = SalesText.optional(notes, "notes", max: Limits.notes, into: &issues)
        out.dueAt = SalesText.instant(dueAt, "dueAt", now: now, into: &issues)
        out.remindAt = SalesText.instant(remindAt, "remindAt", now: now, into: &issues)
        for (field, id) in [("assigneeId", assigneeId), ("customerId", customerId), ("dealId", dealId)] {
            if let id, id <= 0 { issues.append(FieldIssue(field: field, reason: "must be a positive id", code: "ref.unknown")) }
        }
        if !issues.isEmpty { throw ValidationError(issues) }
        return out
    }
}
