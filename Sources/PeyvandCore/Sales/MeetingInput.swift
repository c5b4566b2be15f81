import Foundation

/// A meeting as typed into a form or sent to the API; `validated(now:)` checks it all at once.
public struct MeetingInput: Sendable, Hashable {
    public var title: String?
    public var startsAt: Date?
    public var endsAt: Date?
    public var location: String?
    public var notes: String?
    /// Nil: the person creating it.
    public var organiserId: Int64?
    public var customerId: Int64?
    public var dealId: Int64?
    /// Staff attending besides the organiser.
    public var userIds: [Int64]
    /// The customer's people attending (the customer itself when a person).
    public var contactIds: [Int64]

    public init(title: String? = nil, startsAt: Date? = nil, endsAt: Date? = nil, location: String? = nil, notes: String? = nil,
                organiserId: Int64? = nil, customerId: Int64? = nil, dealId: Int64? = nil, userIds: [Int64] = [], contactIds: [Int64] = []) {
        (self.title, self.startsAt, self.endsAt, self.location, self.notes) = (title, startsAt, endsAt, location, notes)
        (self.organiserId, self.customerId, self.dealId, self.userIds, self.contactIds) = (organiserId, customerId, dealId, userIds, contactIds)
    }

    public enum Limits {
        public static let title = 200, location = 300, notes = 5000, attendees = 50
        /// The longest a meeting may last: a whole day.
        public static let maxSeconds = 24 * 3600
    }

    public func validated(now: Date = Date()) throws(ValidationError) -> MeetingInput {
        var issues: [FieldIssue] = []
        var out = self
        out.title = SalesText.required(title, "title", max: Limits.title, into: &issues)
        out.location = SalesText.optional(location, "location", max: Limits.location, into: &issues)
        out.notes = SalesText.optional(notes, "notes", max: Limits.notes, into: &issues)
        if startsAt == nil { issues.append(FieldIssue(field: "startsAt", reason: "is required", code: "required")) }
        if endsAt == nil { issues.append(FieldIssue(field: "endsAt", reason: "is required", code: "required")) }
        out.startsAt = SalesText.instant(startsAt, "startsAt", now: now, into: &issues)
        out.endsAt = SalesText.instant(endsAt, "endsAt", now: now, into: &issues)
        if let s = out.startsAt, let e = out.endsAt {
            if e <= s {
                issues.append(FieldIssue(field: "endsAt", reason: "must be after the start", code: "meeting.order"))
            } else if e.timeIntervalSince(s) > Double(Limits.maxSeconds) {
                issues.append(FieldIssue(field: "endsAt", reason: "a meeting lasts at most 24 hours", code: "meeting.length", params: ["max": "24"]))
            }
        }
        out.userIds = Array(Set(userIds)).sorted()
        out.contactIds = Array(Set(contactIds)).sorted()
        if userIds.count + contactIds.count > Limits.attendees {
            issues.append(FieldIssue(field: "attendees", reason: "at most \(Limits.attendees)", code: "list.tooMany", params: ["max": "\(Limits.attendees)"]))
        }
        for (field, id) in [("organiserId", organiserId), ("customerId", customerId), ("dealId", dealId)] {
            if let id, id <= 0 { issues.append(FieldIssue(field: field, reason: "must be a positive id", code: "ref.unknown")) }
        }
        if (userIds + contactIds).contains(where: { $0 <= 0 }) {
            issues.append(FieldIssue(field: "attendees", reason: "ids are positive whole numbers", code: "ref.unknown"))
        }
        if !issues.isEmpty { throw ValidationError(issues) }
        return out
    }
}
