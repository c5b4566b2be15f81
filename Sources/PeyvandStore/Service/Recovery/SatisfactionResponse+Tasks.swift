import Foundation
import PeyvandCore
import SQLKit

extension SatisfactionResponse {
    /// Working days to find the cause; the reassurance call comes this many days after.
    static let rootCauseWorkingDays = 2
    static let reassuranceDaysAfter = 5

    /// A root-cause task for the lead of the team of the ticket that caused it (else the
    /// customer's owner, else a manager), due in 2 working days of the team's calendar, and a follow-up to reassure the
    /// customer once the cause is removed, due 5 days after it. Both remind their assignee.
    static func dissatisfied(_ db: any SQLDatabase, _ change: SatisfactionChange, now: Date) async throws {
        let rootDone = try await done(db, change, .rootCauseTask)
        let followDone = try await done(db, change, .reassuranceFollowUp)
        guard !rootDone || !followDone else { return }
        let ticket = try await latestOpenTicket(db, customerId: change.customerId)
        guard let assignee = try await taskAssignee(db, customerId: change.customerId, teamId: ticket?.teamId) else {
            if !rootDone { try await record(db, change, .rootCauseTask, skipped: "noAssignee", at: now) }
            if !followDone { try await record(db, change, .reassuranceFollowUp, skipped: "noAssignee", at: now) }
            return
        }
        let customer = try await db.raw("SELECT name FROM customers WHERE id = \(bind: change.customerId)").first()?
            .decode(column: "name", as: String.self) ?? ""
        let language = try await db.raw("SELECT language FROM users WHERE id = \(bind: assignee)").first()?
            .decode(column: "language", as: String.self) ?? "fa"
        let en = language == "en"
        let due = try await workingDays(db, rootCauseWorkingDays, after: now, teamId: ticket?.teamId)
        let reasons = change.reasons.map(\.code).joined(separator: ", ")
        if !rootDone {
            let title = en ? "Find and remove the cause: \(customer) is dissatisfied" : "ریشه‌یابی و رفع علت نارضایتی «\(customer)»"
            let notes = (en ? "Why: " : "علت‌ها: ") + reasons + (ticket.map { (en ? "\nTicket: " : "\nدرخواست: ") + $0.number } ?? "")
            let id = try await insertTask(db, title: title, notes: notes, due: due, assignee: assignee, customerId: change.customerId,
                                          ticketId: ticket?.id, now: now)
            try await record(db, change, .rootCauseTask, taskId: id, at: now)
        }
        if !followDone {
            let title = en ? "Call \(customer) once the cause is removed, to reassure them" : "پس از رفع علت، با «\(customer)» تماس بگیرید و اطمینان دهید"
            let id = try await insertTask(db, title: title, notes: nil, due: due.addingTimeInterval(Double(reassuranceDaysAfter) * 86_400),
                                          assignee: assignee, customerId: change.customerId, ticketId: ticket?.id, now: now)
            try await record(db, change, .reassuranceFollowUp, taskId: id, at: now)
        }
    }

    /// The ticket's team lead, else the customer's owner, else a manager; active people only.
    static func taskAssignee(_ db: any SQLDatabase, customerId: Int64, teamId: Int64?) async throws -> Int64? {
        if let teamId, let id = try await db.raw("""
            SELECT u.id FROM service_teams t JOIN users u ON u.id = t.lead_id WHERE t.id = \(bind: teamId) AND u.active = \(bind: true)
            """).first()?.decode(column: "id", as: Int64.self) { return id }
        if let id = try await db.raw("""
            SELECT u.id FROM customers c JOIN users u ON u.id = c.owner_id WHERE c.id = \(bind: customerId) AND u.active = \(bind: true)
            """).first()?.decode(column: "id", as: Int64.self) { return id }
        return try await manager(db, teamId: teamId)
    }

    static func insertTask(_ db: any SQLDatabase, title: String, notes: String?, due: Date, assignee: Int64, customerId: Int64, ticketId: Int64?,
                           now: Date) async throws -> Int64 {
        let at = Clock.millis(now)
        guard let id = try await db.raw("""
            INSERT INTO tasks (title, notes, due_at, remind_at, assignee_id, customer_id, deal_id, status, created_by, created_at, updated_at,
              ticket_id, recovery_case_id)
            VALUES (\(bind: String(title.prefix(200))), \(bind: notes), \(bind: Clock.millis(due)), \(bind: Clock.millis(due.addingTimeInterval(-4 * 3600))),
              \(bind: assignee), \(bind: customerId), NULL, \(bind: TaskStatus.open.rawValue), NULL, \(bind: at), \(bind: at), \(bind: ticketId), NULL)
            RETURNING id
            """).first()?.decode(column: "id", as: Int64.self) else { throw StoreError.conflict("the task was not stored") }
        try await AuditLog.record(db, entity: "task", entityId: id, by: actor, action: "create", after: title, at: at)
        return id
    }

    /// `days` working days after `now` in Tehran: Fridays (the Iranian weekend) are not counted;
    /// the same time of day.
    /// `days` working days after `now` by the business clock of the ticket's team (its hours,
    /// else the standard Iranian week) and the holiday calendar: Fridays and official holidays skipped.
    static func workingDays(_ db: any SQLDatabase, _ days: Int, after now: Date, teamId: Int64?) async throws -> Date {
        var hours: String?
        if let teamId {
            hours = try await db.raw("SELECT business_hours FROM service_teams WHERE id = \(bind: teamId)").first()?
                .decode(column: "business_hours", as: String?.self)
        }
        return try await TicketSLA.clock(db, hours: hours).addingWorkingDays(days, to: now)
    }
}
