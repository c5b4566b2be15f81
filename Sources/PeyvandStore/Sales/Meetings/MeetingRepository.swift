import Foundation
import PeyvandCore
import SQLKit

/// Meetings: planned with staff and the customer's people, changed with the version read, held
/// (then on the customer's timeline) or cancelled. Every change a phone's calendar must see raises
/// the iCalendar sequence; every write is audited.
public struct MeetingRepository: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    static let columns = """
        m.id, m.title, m.starts_at, m.ends_at, m.location, m.notes, m.organiser_id, m.customer_id, m.deal_id, m.status, m.interaction_id,
        m.uid, m.sequence, m.version, m.created_at, m.updated_at, u.name AS organiser_name, c.name AS customer_name, d.title AS deal_title
        """
    static let joins = """
        JOIN users u ON u.id = m.organiser_id LEFT JOIN customers c ON c.id = m.customer_id LEFT JOIN deals d ON d.id = m.deal_id
        """

    /// What saving a meeting gives back: the meeting, and the attendees who have another meeting then.
    public struct Saved: Sendable {
        public let meeting: Meeting
        public let overlaps: [MeetingOverlap]
    }

    public func create(_ input: MeetingInput, by principal: Principal, now: Date = Date()) async throws -> Saved {
        try principal.require(.tasksWrite, to: "plan meetings")
        let v: MeetingInput
        do { v = try input.validated(now: now) } catch { throw StoreError.invalid(error) }
        let id = try await database.transaction { db in
            let organiser = v.organiserId ?? principal.userId
            try await Self.checkPeople(db, v, organiser: organiser, by: principal)
            let at = Clock.millis(now)
            let uid = "meeting-" + UUID().uuidString.lowercased() + "@peyvand"
            let row = try await db.raw("""
                INSERT INTO meetings (title, starts_at, ends_at, location, notes, organiser_id, customer_id, deal_id, status, uid, sequence,
                  created_at, updated_at)
                VALUES (\(bind: v.title ?? ""), \(bind: Clock.millis(v.startsAt!)), \(bind: Clock.millis(v.endsAt!)), \(bind: v.location),
                  \(bind: v.notes), \(bind: organiser), \(bind: v.customerId), \(bind: v.dealId), \(bind: MeetingStatus.scheduled.rawValue),
                  \(bind: uid), 0, \(bind: at), \(bind: at))
                RETURNING id
                """).first()
            guard let id = try row?.decode(column: "id", as: Int64.self) else { throw StoreError.conflict("the meeting was not stored") }
            try await Self.setAttendees(db, id, v)
            try await AuditLog.record(db, entity: "meeting", entityId: id, by: principal, action: "create", after: v.title, at: at)
            return id
        }
        let meeting = try await Self.fetch(database.sql, id)
        return Saved(meeting: meeting, overlaps: try await overlaps(of: meeting))
    }

    /// Replaces the editable fields and the attendees; a held or cancelled meeting keeps its state.
    public func update(_ id: Int64, _ input: MeetingInput, expectedVersion: Int?, by principal: Principal, now: Date = Date()) async throws -> Saved {
        try principal.require(.tasksWrite, to: "change meetings")
        let v: MeetingInput
        do { v = try input.validated(now: now) } catch { throw StoreError.invalid(error) }
        _ = try await get(id, by: principal)
        try await database.transaction { db in
            let old = try await Self.fetch(db, id)
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            let organiser = v.organiserId ?? old.organiserId
            try await Self.checkPeople(db, v, organiser: organiser, by: principal, old: old)
            let at = Clock.millis(now)
            let updated = try await db.raw("""
                UPDATE meetings SET title = \(bind: v.title ?? ""), starts_at = \(bind: Clock.millis(v.startsAt!)), ends_at = \(bind: Clock.millis(v.endsAt!)),
                  location = \(bind: v.location), notes = \(bind: v.notes), organiser_id = \(bind: organiser), customer_id = \(bind: v.customerId),
                  deal_id = \(bind: v.dealId), sequence = sequence + 1, version = version + 1, updated_at = \(bind: at)
                WHERE id = \(bind: id) AND version = \(bind: old.version)
                RETURNING id
                """).first()
            if updated == nil { throw StoreError.versionMismatch(current: old.version + 1) }
            try await db.raw("DELETE FROM meeting_attendees WHERE meeting_id = \(bind: id)").run()
            try await Self.setAttendees(db, id, v)
            var changed: [String] = []
            if old.title != v.title { changed.append("title") }
            if old.startsAt != v.startsAt || old.endsAt != v.endsAt { changed.append("time") }
            if old.location != v.location { changed.append("location") }
            try await AuditLog.record(db, entity: "meeting", entityId: id, by: principal, action: "update",
                                      field: changed.isEmpty ? nil : changed.joined(separator: ","), after: v.title, at: at)
        }
        let meeting = try await Self.fetch(database.sql, id)
        return Saved(meeting: meeting, overlaps: try await overlaps(of: meeting))
    }

    /// Cancels a planned meeting (it stays on the calendar, and in the feed as cancelled).
    public func cancel(_ id: Int64, expectedVersion: Int? = nil, by principal: Principal, now: Date = Date()) async throws -> Meeting {
        try principal.require(.tasksWrite, to: "change meetings")
        _ = try await get(id, by: principal)
        try await database.transaction { db in
            let old = try await Self.fetch(db, id)
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            switch old.status {
            case .cancelled: return
            case .held: throw StoreError.conflict("a meeting that was held cannot be cancelled")
            case .scheduled: break
            }
            let at = Clock.millis(now)
            try await db.raw("""
                UPDATE meetings SET status = 'cancelled', sequence = sequence + 1, version = version + 1, updated_at = \(bind: at)
                WHERE id = \(bind: id)
                """).run()
            try await AuditLog.record(db, entity: "meeting", entityId: id, by: principal, action: "cancel", field: "status",
                                      before: old.status.rawValue, after: "cancelled", at: at)
        }
        return try await Self.fetch(database.sql, id)
    }

    /// One meeting, if the person may see it: one they organise or attend, or one of a customer or
    /// deal in reach (404 otherwise).
    public func get(_ id: Int64, by principal: Principal) async throws -> Meeting {
        try SalesReach.requireRead(principal, "meetings")
        var sql: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) FROM meetings m \(unsafeRaw: Self.joins) WHERE m.id = \(bind: id)"
        sql += Self.reach(principal)
        guard let row = try await database.sql.raw(sql).first() else { throw StoreError.notFound(entity: "meeting", id: String(id)) }
        return try await Self.withAttendees(database.sql, [try Self.meeting(row)])[0]
    }

    static func reach(_ principal: Principal) -> SQLQueryString {
        guard principal.customerScope == .ownedOrShared else { return "" }
        return """
             AND (m.organiser_id = \(bind: principal.userId)
               OR EXISTS (SELECT 1 FROM meeting_attendees a2 WHERE a2.meeting_id = m.id AND a2.user_id = \(bind: principal.userId))
               OR (m.customer_id IS NOT NULL AND \(SalesReach.customer("m.customer_id", principal)))
               OR m.deal_id IN (SELECT d2.id FROM deals d2 WHERE d2.owner_id = \(bind: principal.userId)))
            """
    }

    /// The organiser, the staff and the contacts named must exist; contacts must be the customer
    /// itself (a person) or people of the customer (an organisation).
    static func checkPeople(_ db: any SQLDatabase, _ v: MeetingInput, organiser: Int64, by principal: Principal, old: Meeting? = nil) async throws {
        if organiser != old?.organiserId { try await SalesReach.checkUser(db, organiser, field: "organiserId") }
        if v.customerId != old?.customerId || v.dealId != old?.dealId {
            try await SalesReach.checkLinks(db, customerId: v.customerId != old?.customerId ? v.customerId : nil,
                                            dealId: v.dealId != old?.dealId ? v.dealId : nil, by: principal)
        }
        if !v.userIds.isEmpty {
            let found = try await db.raw("SELECT id FROM users WHERE id IN (\(binds: v.userIds)) AND active = \(bind: true)").all()
            if found.count != v.userIds.count {
                throw StoreError.invalid(ValidationError(field: "attendees", reason: "every staff attendee must be an active member of staff", code: "id.user"))
            }
        }
        if !v.contactIds.isEmpty {
            guard let customer = v.customerId else {
                throw StoreError.invalid(ValidationError(field: "attendees", reason: "choose the customer before their people", code: "meeting.contacts"))
            }
            let found = try await db.raw("""
                SELECT id FROM customers WHERE id IN (\(binds: v.contactIds)) AND deleted_at IS NULL
                  AND ((id = \(bind: customer) AND kind = 'person') OR organisation_id = \(bind: customer))
                """).all()
            if found.count != v.contactIds.count {
                throw StoreError.invalid(ValidationError(field: "attendees", reason: "contacts must be the customer's people", code: "meeting.contacts"))
            }
        }
    }

    static func setAttendees(_ db: any SQLDatabase, _ id: Int64, _ v: MeetingInput) async throws {
        for user in v.userIds {
            try await db.raw("INSERT INTO meeting_attendees (meeting_id, user_id) VALUES (\(bind: id), \(bind: user))").run()
        }
        for contact in v.contactIds {
            try await db.raw("INSERT INTO meeting_attendees (meeting_id, contact_id) VALUES (\(bind: id), \(bind: contact))").run()
        }
    }

    static func fetch(_ db: any SQLDatabase, _ id: Int64) async throws -> Meeting {
        guard let row = try await db.raw("SELECT \(unsafeRaw: columns) FROM meetings m \(unsafeRaw: joins) WHERE m.id = \(bind: id)").first() else {
            throw StoreError.notFound(entity: "meeting", id: String(id))
        }
        return try await withAttendees(db, [try meeting(row)])[0]
    }

    /// The meetings with their attendees, read in one query for the whole page.
    static func withAttendees(_ db: any SQLDatabase, _ meetings: [Meeting]) async throws -> [Meeting] {
        guard !meetings.isEmpty else { return meetings }
        let rows = try await db.raw("""
            SELECT a.meeting_id, a.user_id, a.contact_id, u.name AS user_name, u.email AS user_email, c.name AS contact_name
            FROM meeting_attendees a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN customers c ON c.id = a.contact_id
            WHERE a.meeting_id IN (\(binds: meetings.map(\.id)))
            ORDER BY a.meeting_id, a.user_id, a.contact_id
            """).all()
        var byMeeting: [Int64: [MeetingAttendee]] = [:]
        for row in rows {
            let meeting = try row.decode(column: "meeting_id", as: Int64.self)
            if let user = try row.decode(column: "user_id", as: Int64?.self) {
                byMeeting[meeting, default: []].append(MeetingAttendee(kind: .user, id: user, name: try row.decode(column: "user_name", as: String?.self) ?? "",
                                                                       email: try row.decode(column: "user_email", as: String?.self)))
            } else if let contact = try row.decode(column: "contact_id", as: Int64?.self) {
                byMeeting[meeting, default: []].append(MeetingAttendee(kind: .contact, id: contact,
                                                                       name: try row.decode(column: "contact_name", as: String?.self) ?? "", email: nil))
            }
        }
        return meetings.map { m in
            var m = m
            m.attendees = byMeeting[m.id] ?? []
            return m
        }
    }

    static func meeting(_ row: any SQLRow) throws -> Meeting {
        Meeting(
            id: try row.decode(column: "id", as: Int64.self), title: try row.decode(column: "title", as: String.self),
            startsAt: Clock.date(try row.decode(column: "starts_at", as: Int64.self)), endsAt: Clock.date(try row.decode(column: "ends_at", as: Int64.self)),
            location: try row.decode(column: "location", as: String?.self), notes: try row.decode(column: "notes", as: String?.self),
            organiserId: try row.decode(column: "organiser_id", as: Int64.self), organiserName: try row.decode(column: "organiser_name", as: String.self),
            customerId: try row.decode(column: "customer_id", as: Int64?.self), customerName: try row.decode(column: "customer_name", as: String?.self),
            dealId: try row.decode(column: "deal_id", as: Int64?.self), dealTitle: try row.decode(column: "deal_title", as: String?.self),
            status: MeetingStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .scheduled,
            interactionId: try row.decode(column: "interaction_id", as: Int64?.self), uid: try row.decode(column: "uid", as: String.self),
            sequence: Int(try row.decode(column: "sequence", as: Int64.self)), version: Int(try row.decode(column: "version", as: Int64.self)),
            attendees: [], createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Clock.date(try row.decode(column: "updated_at", as: Int64.self))
        )
    }
}
