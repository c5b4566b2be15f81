import Foundation
import PeyvandCore
import SQLKit

/// A ticket's service level, worked out inside the caller's transaction whenever something that
/// moves it happens: the ticket arrived or was routed to another team (other business hours),
/// its priority changed (another policy), an agent answered, the customer wrote again, it started
/// or stopped waiting on the customer (the clock pauses), it was resolved or reopened.
///
/// It stores the three due instants on the ticket and `sla_check_at`, the next instant the SLA
/// watch must look at it (a warning, a breach or the manager's turn not yet made), or NULL when
/// nothing is running — a resolved, closed, merged or waiting ticket is never looked at.
enum TicketSLA {
    /// What the clock needs of a ticket, read in one statement.
    struct State: Sendable {
        let id: Int64
        let number: String
        let subject: String
        let status: String
        let priority: String
        let createdAt: Date
        let firstResponseAt: Date?
        let nextResponseSince: Date?
        let resolvedAt: Date?
        let teamId: Int64?
        let assigneeId: Int64?
        let leadId: Int64?
        let managerId: Int64?
        let businessHours: String?
        let customerValue: Int64
        let escalationLevel: Int
        /// The days off, when asked for with the state (one statement instead of two).
        var holidays: HolidayCalendar? = nil
    }

    /// The ticket's state; with `holidays`, the calendar's days off read in the same statement.
    static func state(_ db: any SQLDatabase, _ ticketId: Int64, lock: Bool = false, holidays: Bool = false) async throws -> State? {
        let suffix = lock && db.storeDialect == .postgres ? " FOR UPDATE OF t" : ""
        let days: SQLQueryString = !holidays ? "" : db.storeDialect == .postgres
            ? ", (SELECT string_agg(CAST(day AS TEXT), ',') FROM service_holidays) AS holiday_days"
            : ", (SELECT group_concat(day) FROM service_holidays) AS holiday_days"
        guard let row = try await db.raw("""
            SELECT t.id, t.number, t.subject, t.status, t.priority, t.created_at, t.first_response_at, t.next_response_since, t.resolved_at,
              t.team_id, t.assignee_id, t.escalation_level, st.lead_id, st.manager_id, st.business_hours,
              (SELECT COALESCE(cs.clv_minor, cs.monetary_minor) FROM customer_scores cs WHERE cs.customer_id = t.customer_id) AS customer_value
            """ + days + """

            FROM tickets t LEFT JOIN service_teams st ON st.id = t.team_id
            WHERE t.id = \(bind: ticketId)\(unsafeRaw: suffix)
            """).first() else { return nil }
        func date(_ c: String) throws -> Date? { try row.decode(column: c, as: Int64?.self).map(Clock.date) }
        var state = State(
            id: try row.decode(column: "id", as: Int64.self), number: try row.decode(column: "number", as: String.self),
            subject: try row.decode(column: "subject", as: String.self), status: try row.decode(column: "status", as: String.self),
            priority: try row.decode(column: "priority", as: String.self), createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
            firstResponseAt: try date("first_response_at"), nextResponseSince: try date("next_response_since"), resolvedAt: try date("resolved_at"),
            teamId: try row.decode(column: "team_id", as: Int64?.self), assigneeId: try row.decode(column: "assignee_id", as: Int64?.self),
            leadId: try row.decode(column: "lead_id", as: Int64?.self), managerId: try row.decode(column: "manager_id", as: Int64?.self),
            businessHours: try row.decode(column: "business_hours", as: String?.self),
            customerValue: try row.decode(column: "customer_value", as: Int64?.self) ?? 0,
            escalationLevel: try row.decode(column: "escalation_level", as: Int.self))
        if holidays {
            let list = try row.decode(column: "holiday_days", as: String?.self) ?? ""
            state.holidays = HolidayCalendar(days: list.split(separator: ",").compactMap { Int($0) })
        }
        return state
    }

    /// The policy for a priority and a customer's value: the one with the highest value floor the
    /// customer reaches.
    static func policy(_ db: any SQLDatabase, priority: String, value: Int64) async throws -> SLAPolicy? {
        try await db.raw("""
            SELECT \(unsafeRaw: SLAPolicies.columns) FROM sla_policies
            WHERE priority = \(bind: priority) AND min_value_minor <= \(bind: value)
            ORDER BY min_value_minor DESC LIMIT 1
            """).first().map(SLAPolicies.policy)
    }

    /// The business clock of a team (its hours, else the standard Iranian week) with the holidays
    /// (read unless given: the watch reads them once a run).
    static func clock(_ db: any SQLDatabase, hours json: String?, holidays: HolidayCalendar? = nil) async throws -> SLAClock {
        let hours = json.flatMap { try? JSONDecoder().decode(BusinessHours.self, from: Data($0.utf8)) } ?? .iranDefault
        return SLAClock(hours: hours, holidays: try await holidays.asyncOrElse { try await ServiceHolidays.calendar(db) } ?? .empty)
    }

    /// The spans the ticket waited on its customer; an open one runs to the end of time.
    static func pauses(_ db: any SQLDatabase, _ ticketId: Int64) async throws -> [Range<Date>] {
        try await db.raw("SELECT started_at, ended_at FROM ticket_pauses WHERE ticket_id = \(bind: ticketId) ORDER BY started_at").all().compactMap { row in
            let start = Clock.date(try row.decode(column: "started_at", as: Int64.self))
            let end = try row.decode(column: "ended_at", as: Int64?.self).map(Clock.date) ?? Date.distantFuture
            return start < end ? start..<end : nil
        }
    }

    /// Every running or finished target's clock face.
    static func faces(_ s: State, policy: SLAPolicy, clock: SLAClock, pauses: [Range<Date>]) -> [SLAClockFace] {
        func face(_ target: SLATarget, from start: Date, met: Date?) -> SLAClockFace {
            let minutes = Int64(policy.minutes(target))
            let deadline = { (share: Int64) in clock.deadline(from: start, adding: minutes * 60_000 * share / 100, pauses: pauses) }
            return SLAClockFace(target: target, periodStart: start, warnAt: deadline(Int64(policy.warnPercent)), dueAt: deadline(100),
                                managerAt: deadline(150), metAt: met)
        }
        var faces = [face(.firstResponse, from: s.createdAt, met: s.firstResponseAt)]
        if let since = s.nextResponseSince { faces.append(face(.nextResponse, from: since, met: nil)) }
        faces.append(face(.resolution, from: s.createdAt, met: s.resolvedAt))
        return faces
    }

    /// Works out the ticket's clock and stores its due instants and next check.
    /// `opened`: the ticket was inserted by this transaction, so nothing has paused or escalated it
    /// yet and neither is read.
    @discardableResult
    static func update(_ db: any SQLDatabase, _ ticketId: Int64, now: Date, opened: Bool = false) async throws -> [SLAClockFace] {
        guard let s = try await state(db, ticketId, holidays: true) else { return [] }
        guard let policy = try await policy(db, priority: s.priority, value: s.customerValue) else {
            try await db.raw("""
                UPDATE tickets SET sla_policy_id = NULL, first_response_due_at = NULL, next_response_due_at = NULL, resolution_due_at = NULL,
                  sla_check_at = NULL WHERE id = \(bind: ticketId)
                """).run()
            return []
        }
        let clock = try await clock(db, hours: s.businessHours, holidays: s.holidays)
        let faces = faces(s, policy: policy, clock: clock, pauses: opened ? [] : try await pauses(db, ticketId))
        let done = opened ? [] : try await escalated(db, ticketId)
        let check = nextCheck(s, faces, done: done)
        func due(_ t: SLATarget) -> Int64? { faces.first { $0.target == t }?.dueAt.map(Clock.millis) }
        try await db.raw("""
            UPDATE tickets SET sla_policy_id = \(bind: policy.id), first_response_due_at = \(bind: due(.firstResponse)),
              next_response_due_at = \(bind: due(.nextResponse)), resolution_due_at = \(bind: due(.resolution)),
              sla_check_at = \(bind: check.map(Clock.millis))
            WHERE id = \(bind: ticketId)
            """).run()
        return faces
    }

    /// The escalations already made: target, level and period start.
    static func escalated(_ db: any SQLDatabase, _ ticketId: Int64) async throws -> Set<String> {
        Set(try await db.raw("SELECT target, level, period_start FROM ticket_escalations WHERE ticket_id = \(bind: ticketId)").all().map { row in
            key(try row.decode(column: "target", as: String.self), try row.decode(column: "level", as: Int.self),
                try row.decode(column: "period_start", as: Int64.self))
        })
    }

    static func key(_ target: String, _ level: Int, _ periodStart: Int64) -> String { "\(target)/\(level)/\(periodStart)" }

    /// The steps still to take on running targets, earliest first: what the watch will do.
    static func pending(_ s: State, _ faces: [SLAClockFace], done: Set<String>) -> [(SLAClockFace, SLALevel, Date)] {
        guard ["new", "open"].contains(s.status) else { return [] }
        var steps: [(SLAClockFace, SLALevel, Date)] = []
        for face in faces where face.metAt == nil {
            for level in SLALevel.allCases {
                guard let at = face.instant(level), !done.contains(key(face.target.rawValue, level.rawValue, Clock.millis(face.periodStart))) else { continue }
                steps.append((face, level, at))
            }
        }
        return steps.sorted { $0.2 < $1.2 }
    }

    static func nextCheck(_ s: State, _ faces: [SLAClockFace], done: Set<String>) -> Date? {
        pending(s, faces, done: done).first?.2
    }
}

extension TicketSLA {
    /// After any change to a ticket, in its transaction: the waiting span opened or closed (the
    /// clock pauses while the ticket waits on the customer), then the clock worked out again.
    static func moved(_ db: any SQLDatabase, _ ticketId: Int64, now: Date) async throws {
        guard let row = try await db.raw("SELECT status, waiting_since FROM tickets WHERE id = \(bind: ticketId)").first() else { return }
        let waiting = try row.decode(column: "status", as: String.self) == "waiting"
        let open = try await db.raw("SELECT started_at FROM ticket_pauses WHERE ticket_id = \(bind: ticketId) AND ended_at IS NULL").first()
        let at = Clock.millis(now)
        if waiting, open == nil {
            let since = try row.decode(column: "waiting_since", as: Int64?.self) ?? at
            try await db.raw("""
                INSERT INTO ticket_pauses (ticket_id, started_at) VALUES (\(bind: ticketId), \(bind: since)) ON CONFLICT DO NOTHING
                """).run()
        } else if !waiting, open != nil {
            try await db.raw("UPDATE ticket_pauses SET ended_at = \(bind: at) WHERE ticket_id = \(bind: ticketId) AND ended_at IS NULL").run()
        }
        try await update(db, ticketId, now: now)
    }

    /// A ticket this transaction has just inserted (status `new`, nothing paused or escalated):
    /// its clock worked out without reading what cannot exist yet.
    static func opened(_ db: any SQLDatabase, _ ticketId: Int64, now: Date) async throws {
        try await update(db, ticketId, now: now, opened: true)
    }

    /// The customer wrote again: once the ticket has had its first answer, the next-response
    /// clock starts (if it is not already running).
    static func customerWrote(_ db: any SQLDatabase, _ ticketId: Int64, at now: Date) async throws {
        try await db.raw("""
            UPDATE tickets SET next_response_since = COALESCE(next_response_since, \(bind: Clock.millis(now)))
            WHERE id = \(bind: ticketId) AND first_response_at IS NOT NULL
            """).run()
        try await moved(db, ticketId, now: now)
    }

    /// An agent answered in public: the next-response clock stops.
    static func answered(_ db: any SQLDatabase, _ ticketId: Int64, at now: Date) async throws {
        try await db.raw("UPDATE tickets SET next_response_since = NULL WHERE id = \(bind: ticketId)").run()
        try await moved(db, ticketId, now: now)
    }
}
