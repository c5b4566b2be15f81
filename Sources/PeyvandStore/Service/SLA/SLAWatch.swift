import Foundation
import PeyvandCore
import SQLKit

/// The SLA watch: warns agents before a target is breached and escalates a breach to the team's
/// lead, then (half as long again) to its manager. Every server instance runs it.
///
/// Each run reads only the tickets whose `sla_check_at` has come (an index range), one ticket per
/// transaction: the escalation's row (unique per ticket, target, level and period), the internal
/// note on the ticket and the email through the outbox are stored together or not at all. So
/// two instances at once, a run killed halfway, or a clock set back never escalate anything twice,
/// and a run killed halfway leaves the rest due for the next run: nothing is missed.
public struct SLAWatch: Sendable {
    let database: Database
    let baseURL: String

    public init(_ database: Database, baseURL: String = "") {
        self.database = database
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// What one run did.
    public struct Report: Sendable, Hashable {
        public var tickets = 0
        public var warnings = 0
        public var breaches = 0
        public var toManagers = 0
    }

    public static let batch = 200

    /// Looks at every ticket due by `now` (the server's clock unless given), or at most `limit` of them.
    @discardableResult
    public func run(now: Date = Date(), limit: Int = .max) async throws -> Report {
        var report = Report()
        let nowMillis = Clock.millis(now)
        var after: (Int64, Int64) = (Int64.min, 0)
        // The holidays once a run, not once a ticket.
        let holidays = try await ServiceHolidays.calendar(database.sql)
        while true {
            let (afterAt, afterId) = after
            let rows = try await database.sql.raw("""
                SELECT id, sla_check_at FROM tickets
                WHERE sla_check_at IS NOT NULL AND sla_check_at <= \(bind: nowMillis)
                  AND (sla_check_at > \(bind: afterAt) OR (sla_check_at = \(bind: afterAt) AND id > \(bind: afterId)))
                ORDER BY sla_check_at, id LIMIT \(bind: Self.batch)
                """).all()
            for row in rows {
                guard report.tickets < limit else { return report }
                let id = try row.decode(column: "id", as: Int64.self)
                let done = try await database.transaction { db in try await Self.check(db, id, now: now, baseURL: self.baseURL, holidays: holidays) }
                report.tickets += 1
                report.warnings += done.warnings; report.breaches += done.breaches; report.toManagers += done.toManagers
            }
            guard rows.count == Self.batch, let last = rows.last else { return report }
            after = (try last.decode(column: "sla_check_at", as: Int64.self), try last.decode(column: "id", as: Int64.self))
        }
    }

    /// Takes the due steps of one ticket, inside the caller's transaction.
    static func check(_ db: any SQLDatabase, _ ticketId: Int64, now: Date, baseURL: String, holidays: HolidayCalendar) async throws -> Report {
        var report = Report()
        // Another instance holding this ticket is at it already: leave it.
        if db.storeDialect == .postgres,
           try await db.raw("SELECT id FROM tickets WHERE id = \(bind: ticketId) FOR UPDATE SKIP LOCKED").first() == nil { return report }
        guard let s = try await TicketSLA.state(db, ticketId),
              let policy = try await TicketSLA.policy(db, priority: s.priority, value: s.customerValue) else {
            try await db.raw("UPDATE tickets SET sla_check_at = NULL WHERE id = \(bind: ticketId)").run()
            return report
        }
        let faces = TicketSLA.faces(s, policy: policy, clock: try await TicketSLA.clock(db, hours: s.businessHours, holidays: holidays),
                                    pauses: try await TicketSLA.pauses(db, ticketId))
        let done = try await TicketSLA.escalated(db, ticketId)
        let due = TicketSLA.pending(s, faces, done: done).filter { $0.2 <= now }
        var level = s.escalationLevel
        for target in SLATarget.allCases {
            let steps = due.filter { $0.0.target == target }
            // A watch that ran late records the steps it missed but tells only the latest.
            let told = steps.map(\.1.rawValue).max()
            for (face, step, at) in steps {
                let recipient: Int64? = switch step {
                case .warning: s.assigneeId ?? s.leadId
                case .breach: s.leadId ?? s.managerId
                case .manager: s.managerId ?? s.leadId
                }
                let inserted = try await db.raw("""
                    INSERT INTO ticket_escalations (ticket_id, target, level, period_start, due_at, to_user_id, at)
                    VALUES (\(bind: ticketId), \(bind: target.rawValue), \(bind: step.rawValue), \(bind: Clock.millis(face.periodStart)),
                      \(bind: Clock.millis(face.dueAt ?? at)), \(bind: recipient), \(bind: Clock.millis(now)))
                    ON CONFLICT DO NOTHING RETURNING id
                    """).first()
                guard inserted != nil else { continue }
                switch step {
                case .warning: report.warnings += 1
                case .breach: report.breaches += 1
                case .manager: report.toManagers += 1
                }
                if step != .warning { level = max(level, step.rawValue) }
                guard step.rawValue == told else { continue }
                try await SLANotice.record(db, s, face: face, level: step, to: recipient, now: now, baseURL: baseURL)
            }
        }
        // A breach is evidence for the customer's satisfaction class.
        if report.breaches + report.toManagers > 0,
           let customer = try await db.raw("SELECT customer_id FROM tickets WHERE id = \(bind: ticketId)").first()?.decode(column: "customer_id", as: Int64.self) {
            try await SatisfactionAssessment.reassess(db, customerId: customer, cause: "ticket", now: now)
        }
        let after = try await TicketSLA.escalated(db, ticketId)
        let next = TicketSLA.nextCheck(s, faces, done: after)
        try await db.raw("""
            UPDATE tickets SET escalation_level = \(bind: level), sla_check_at = \(bind: next.map(Clock.millis)) WHERE id = \(bind: ticketId)
            """).run()
        return report
    }
}

extension SLAWatch {
    /// Runs the watch every `interval` until cancelled (each server instance does).
    public func loop(every interval: Duration = .seconds(30)) async {
        while !Task.isCancelled {
            _ = try? await run()
            try? await Task.sleep(for: interval)
        }
    }
}
