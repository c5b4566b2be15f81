import Foundation
import PeyvandCore
import SQLKit

/// Filters of the meeting list: those overlapping `[from, to)`, by start then id.
public struct MeetingQuery: Sendable, Hashable {
    public var from: Date
    public var to: Date
    /// Meetings this member of staff organises or attends.
    public var userId: Int64?
    public var customerId: Int64?
    public var dealId: Int64?
    public var status: MeetingStatus?
    public var after: MeetingCursor?
    public var limit: Int

    public init(from: Date, to: Date, userId: Int64? = nil, customerId: Int64? = nil, dealId: Int64? = nil, status: MeetingStatus? = nil,
                after: MeetingCursor? = nil, limit: Int = 200) {
        (self.from, self.to, self.userId, self.customerId, self.dealId) = (from, to, userId, customerId, dealId)
        (self.status, self.after, self.limit) = (status, after, limit)
    }

    /// The widest range one list reads: a little over a year.
    public static let maxSpan: TimeInterval = 400 * 86400
}

/// Keyset cursor of the meeting list: the last meeting's start and id (`t:<milliseconds>:<id>`,
/// the shape of every list by time).
public struct MeetingCursor: Sendable, Hashable {
    public let start: Int64
    public let id: Int64

    public var encoded: String { Cursor.encodeText("t:\(start):\(id)") }

    public static func decode(_ text: String) -> MeetingCursor? {
        guard let raw = Cursor.decodeText(text), raw.hasPrefix("t:") else { return nil }
        let parts = raw.dropFirst(2).split(separator: ":")
        guard parts.count == 2, let start = Int64(parts[0]), let id = Int64(parts[1]), id > 0 else { return nil }
        return MeetingCursor(start: start, id: id)
    }
}

/// Who may attend a meeting about a customer: its people (the customer itself when a person).
public struct MeetingContact: Sendable, Hashable {
    public let id: Int64
    public let name: String
}

extension MeetingRepository {
    /// The meetings the person reaches that overlap the range.
    public func list(_ query: MeetingQuery, by principal: Principal) async throws -> Page<Meeting> {
        try SalesReach.requireRead(principal, "meetings")
        guard query.to > query.from, query.to.timeIntervalSince(query.from) <= MeetingQuery.maxSpan else {
            throw StoreError.invalid(ValidationError(field: "to", reason: "must be after from, at most 400 days later", code: "date.order"))
        }
        let limit = max(1, min(query.limit, Page<Meeting>.maxLimit))
        // A meeting lasts at most a day: the start bound keeps the time index in use.
        let from = Clock.millis(query.from), to = Clock.millis(query.to)
        var sql: SQLQueryString = """
            SELECT \(unsafeRaw: Self.columns) FROM meetings m \(unsafeRaw: Self.joins)
            WHERE m.starts_at < \(bind: to) AND m.starts_at >= \(bind: from - Int64(MeetingInput.Limits.maxSeconds) * 1000) AND m.ends_at > \(bind: from)
            """
        sql += Self.reach(principal)
        if let user = query.userId {
            sql += " AND (m.organiser_id = \(bind: user) OR EXISTS (SELECT 1 FROM meeting_attendees a WHERE a.meeting_id = m.id AND a.user_id = \(bind: user)))"
        }
        if let c = query.customerId { sql += " AND m.customer_id = \(bind: c)" }
        if let d = query.dealId { sql += " AND m.deal_id = \(bind: d)" }
        if let s = query.status { sql += " AND m.status = \(bind: s.rawValue)" }
        if let after = query.after {
            sql += " AND (m.starts_at > \(bind: after.start) OR (m.starts_at = \(bind: after.start) AND m.id > \(bind: after.id)))"
        }
        sql += " ORDER BY m.starts_at, m.id LIMIT \(bind: limit + 1)"
        let rows = try await database.sql.raw(sql).all().map(Self.meeting)
        let items = try await Self.withAttendees(database.sql, Array(rows.prefix(limit)))
        let next = rows.count > limit ? items.last.map { MeetingCursor(start: Clock.millis($0.startsAt), id: $0.id).encoded } : nil
        return Page(items: items, next: next)
    }

    /// The other meetings, not cancelled, that the meeting's staff (organiser and attendees) have
    /// at an overlapping time.
    public func overlaps(of meeting: Meeting) async throws -> [MeetingOverlap] {
        guard meeting.status != .cancelled else { return [] }
        let staff = [meeting.organiserId] + meeting.attendees.filter { $0.kind == .user }.map(\.id)
        let rows = try await database.sql.raw("""
            SELECT DISTINCT m.id, m.title, m.starts_at, u.name AS person
            FROM meetings m
            JOIN users u ON u.id IN (\(binds: staff))
              AND (m.organiser_id = u.id OR EXISTS (SELECT 1 FROM meeting_attendees a WHERE a.meeting_id = m.id AND a.user_id = u.id))
            WHERE m.id <> \(bind: meeting.id) AND m.status <> 'cancelled'
              AND m.starts_at < \(bind: Clock.millis(meeting.endsAt)) AND m.ends_at > \(bind: Clock.millis(meeting.startsAt))
              AND m.starts_at >= \(bind: Clock.millis(meeting.startsAt) - Int64(MeetingInput.Limits.maxSeconds) * 1000)
            ORDER BY m.starts_at, m.id LIMIT 20
            """).all()
        return try rows.map {
            MeetingOverlap(attendeeName: try $0.decode(column: "person", as: String.self), meetingId: try $0.decode(column: "id", as: Int64.self),
                           meetingTitle: try $0.decode(column: "title", as: String.self),
                           startsAt: Clock.date(try $0.decode(column: "starts_at", as: Int64.self)))
        }
    }

    /// The people of a customer who may attend its meetings: itself when a person, else the
    /// people who belong to the organisation (at most 200, by name).
    public func contacts(of customerId: Int64, by principal: Principal) async throws -> [MeetingContact] {
        let customer = try await CustomerRepository(database).get(customerId, by: principal)
        if customer.fields.kind == .person { return [MeetingContact(id: customer.id, name: customer.fields.name)] }
        return try await database.sql.raw("""
            SELECT id, name FROM customers WHERE organisation_id = \(bind: customerId) AND deleted_at IS NULL ORDER BY name, id LIMIT 200
            """).all().map { MeetingContact(id: try $0.decode(column: "id", as: Int64.self), name: try $0.decode(column: "name", as: String.self)) }
    }
}
