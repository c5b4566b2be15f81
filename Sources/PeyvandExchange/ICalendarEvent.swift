import Foundation

/// One VEVENT of an iCalendar document (RFC 5545): a timed event written in UTC, or an all-day
/// event on a civil date.
public struct ICalendarEvent: Sendable, Hashable {
    public enum When: Sendable, Hashable {
        /// From `start` to `end`, written as UTC DATE-TIMEs.
        case timed(start: Date, end: Date)
        /// A whole day (`DTSTART;VALUE=DATE`), given as its Gregorian year, month and day.
        case allDay(year: Int, month: Int, day: Int)
    }

    public enum Status: String, Sendable, Hashable {
        case confirmed = "CONFIRMED", tentative = "TENTATIVE", cancelled = "CANCELLED"
    }

    /// A person taking part: their name, and their address when known.
    public struct Person: Sendable, Hashable {
        public let name: String
        public let email: String?

        public init(name: String, email: String?) {
            self.name = name
            self.email = email
        }
    }

    public var uid: String
    /// When this version of the event was written.
    public var stamp: Date
    public var when: When
    public var summary: String
    public var location: String?
    public var description: String?
    public var url: String?
    public var status: Status
    /// Raised on every change, so a calendar that has the event replaces it.
    public var sequence: Int
    public var organizer: Person?
    public var attendees: [Person]

    public init(uid: String, stamp: Date, when: When, summary: String, location: String? = nil, description: String? = nil,
                url: String? = nil, status: Status = .confirmed, sequence: Int = 0, organizer: Person? = nil, attendees: [Person] = []) {
        (self.uid, self.stamp, self.when, self.summary, self.location, self.description) = (uid, stamp, when, summary, location, description)
        (self.url, self.status, self.sequence, self.organizer, self.attendees) = (url, status, sequence, organizer, attendees)
    }
}
