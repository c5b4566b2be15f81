import Foundation

/// Where a meeting stands: planned, held (and then on the customer's timeline), or cancelled.
public enum MeetingStatus: String, CaseIterable, Sendable, Codable, Hashable {
    case scheduled, held, cancelled
}

/// Who attends a meeting: a member of staff or one of the customer's people.
public struct MeetingAttendee: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case user, contact }
    public let kind: Kind
    public let id: Int64
    public let name: String
    /// The attendee's email, when known (the feed lists it).
    public let email: String?

    public init(kind: Kind, id: Int64, name: String, email: String?) {
        (self.kind, self.id, self.name, self.email) = (kind, id, name, email)
    }
}

/// A meeting on the calendar: when, where, with whom, about which customer and deal.
public struct Meeting: Sendable, Hashable {
    public let id: Int64
    public var title: String
    public var startsAt: Date
    public var endsAt: Date
    public var location: String?
    public var notes: String?
    public var organiserId: Int64
    public var organiserName: String
    public var customerId: Int64?
    public var customerName: String?
    public var dealId: Int64?
    public var dealTitle: String?
    public var status: MeetingStatus
    public var interactionId: Int64?
    /// The iCalendar UID, stable for the meeting's life.
    public var uid: String
    /// The iCalendar SEQUENCE: up by one on every change a calendar must pick up.
    public var sequence: Int
    public var version: Int
    public var attendees: [MeetingAttendee]
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, title: String, startsAt: Date, endsAt: Date, location: String?, notes: String?, organiserId: Int64,
                organiserName: String, customerId: Int64?, customerName: String?, dealId: Int64?, dealTitle: String?,
                status: MeetingStatus, interactionId: Int64?, uid: String, sequence: Int, version: Int, attendees: [MeetingAttendee],
                createdAt: Date, updatedAt: Date) {
        (self.id, self.title, self.startsAt, self.endsAt, self.location, self.notes) = (id, title, startsAt, endsAt, location, notes)
        (self.organiserId, self.organiserName, self.customerId, self.customerName) = (organiserId, organiserName, customerId, customerName)
        (self.dealId, self.dealTitle, self.status, self.interactionId, self.uid) = (dealId, dealTitle, status, interactionId, uid)
        (self.sequence, self.version, self.attendees, self.createdAt, self.updatedAt) = (sequence, version, attendees, createdAt, updatedAt)
    }
}

/// Another meeting an attendee already has at that time: a warning, never a refusal.
public struct MeetingOverlap: Sendable, Hashable {
    public let attendeeName: String
    public let meetingId: Int64
    public let meetingTitle: String
    public let startsAt: Date

    public init(attendeeName: String, meetingId: Int64, meetingTitle: String, startsAt: Date) {
        (self.attendeeName, self.meetingId, self.meetingTitle, self.startsAt) = (attendeeName, meetingId, meetingTitle, startsAt)
    }
}
