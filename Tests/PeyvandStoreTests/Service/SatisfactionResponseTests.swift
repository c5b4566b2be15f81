import Foundation
import PeyvandCore
@testable import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

/// The handling of each satisfaction class, called as the classes engine calls it: a change row
/// written first, then `SatisfactionResponse.classChanged` in the same transaction.
@Suite("Service: the handling of each satisfaction class")
struct SatisfactionResponseTests {
    /// Writes a `satisfaction_changes` row (and the customer's class) as the engine does, and
    /// hands the change to the handling in one transaction.
    @discardableResult
    static func change(_ db: Database, customerId: Int64, from: SatisfactionClass?, to: SatisfactionClass,
                       reasons: [SatisfactionReason] = [SatisfactionReason(.angryAnswer, ["csat": "1", "at": "2026-12-01T08:00:00Z", "days": "90"])],
                       at: Date = Date()) async throws -> SatisfactionChange {
        let json = String(decoding: try JSONEncoder().encode(reasons), as: UTF8.self)
        return try await db.transaction { sql in
            let id = try #require(try await sql.raw("""
                INSERT INTO satisfaction_changes (customer_id, from_class, to_class, reasons, cause, at)
                VALUES (\(bind: customerId), \(bind: from?.rawValue), \(bind: to.rawValue), \(bind: json), 'survey', \(bind: Clock.millis(at)))
                RETURNING id
                """).first()?.decode(column: "id", as: Int64.self))
            try await sql.raw("DELETE FROM customer_satisfaction WHERE customer_id = \(bind: customerId)").run()
            try await sql.raw("""
                INSERT INTO customer_satisfaction (customer_id, class, reasons, since, assessed_at)
                VALUES (\(bind: customerId), \(bind: to.rawValue), \(bind: json), \(bind: Clock.millis(at)), \(bind: Clock.millis(at)))
                """).run()
            let change = SatisfactionChange(id: id, customerId: customerId, from: from, to: to, reasons: reasons, cause: "survey", at: at)
            try await SatisfactionResponse.classChanged(sql, change: change)
            return change
        }
    }

    /// Hands an existing change to the handling again.
    static func again(_ db: Database, _ change: SatisfactionChange) async throws {
        try await db.transaction { sql in try await SatisfactionResponse.classChanged(sql, change: change) }
    }

    static func count(_ db: Database, _ sql: SQLQueryString) async throws -> Int { try await ServiceFixture.count(db, sql) }

    /// The fixture with a manager of its own for the team (not the administrator).
    static func withManager(_ db: Database) async throws -> (ServiceFixture, User) {
        let f = try await ServiceFixture.make(db, agents: 2)
        try await f.catchAll(db)
        let manager = try await UserRepository(db).create(email: "manager@example.test", name: "مدیر خدمات", role: .channelManager,
                                                          password: "long enough pw", language: .fa)
        try await db.sql.raw("UPDATE service_teams SET manager_id = \(bind: manager.id) WHERE id = \(bind: f.team.id)").run()
        return (f, manager)
    }

    @Test("angry: one urgent case owned by the ticket team's manager, one email to them, a note on the ticket; never twice", arguments: TestDatabase.kinds)
    func angry(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (f, manager) = try await Self.withManager(db)
            let ticket = try await Tickets(db).open(TicketInput(customerId: String(f.customer.id), subject: "کالا خراب رسید", category: "complaint"), by: f.admin)
            let change = try await Self.change(db, customerId: f.customer.id, from: .dissatisfied, to: .angry)
            let cases = try await RecoveryCases(db).list(RecoveryQuery(customerId: f.customer.id), by: f.admin).items
            #expect(cases.count == 1)
            let c = try #require(cases.first)
            #expect(c.status == .open && c.priority == "urgent" && c.ownerId == manager.id)
            #expect(c.ticketId == ticket.id && c.changeId == change.id && c.classBefore == .angry)
            #expect(c.number.hasPrefix("RC-") && c.number.count == 9)
            #expect(try await Self.count(db, "SELECT COUNT(*) AS n FROM outbox_messages WHERE recipient = 'manager@example.test' AND idempotency_key LIKE 'recovery.%'") == 1)
            #expect(try await Self.count(db, """
                SELECT COUNT(*) AS n FROM satisfaction_actions WHERE change_id = \(bind: change.id) AND recovery_case_id = \(bind: c.id) AND status = 'done'
                  AND action IN ('urgentRecoveryCase', 'managerEscalation')
                """) == 2)
            #expect(try await Self.count(db, """
                SELECT COUNT(*) AS n FROM ticket_messages WHERE ticket_id = \(bind: ticket.id) AND visibility = 'internal' AND body LIKE \(bind: "%" + c.number + "%")
                """) == 1)
            #expect(try await Self.count(db, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'recovery-case' AND entity_id = \(bind: c.id)") == 1)
            // The same change handed over again does nothing more.
            try await Self.again(db, change)
            #expect(try await Self.count(db, "SELECT COUNT(*) AS n FROM recovery_cases") == 1)
            #expect(try await Self.count(db, "SELECT COUNT(*) AS n FROM outbox_messages WHERE idempotency_key LIKE 'recovery.%'") == 1)
            #expect(try await Self.count(db, "SELECT COUNT(*) AS n FROM satisfaction_actions WHERE change_id = \(bind: change.id)") == 2)
            // Angry again later (a new change) while the case is open: linked to it, not a second case.
            let later = try await Self.change(db, customerId: f.customer.id, from: .angry, to: .angry)
            #expect(try await Self.count(db, "SELECT COUNT(*) AS n FROM recovery_cases") == 1)
            #expect(try await Self.count(db, """
                SELECT COUNT(*) AS n FROM satisfaction_actions WHERE change_id = \(bind: later.id) AND recovery_case_id = \(bind: c.id)
                  AND action = 'urgentRecoveryCase'
                """) == 1)
        }
    }

    @Test("angry with no ticket and no default team: a manager by role owns the case", arguments: TestDatabase.kinds)
    func angryWithoutTicket(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (f, manager) = try await Self.withManager(db)
            _ = try await Self.change(db, customerId: f.customer.id, from: nil, to: .angry)
            let c = try #require(try await RecoveryCases(db).list(RecoveryQuery(customerId: f.customer.id), by: f.admin).items.first)
            #expect(c.ownerId == manager.id && c.ticketId == nil && c.classBefore == .angry)
        }
    }

    @Test("dissatisfied: a root-cause task for the team lead in two working days and a reassurance follow-up after it, once", arguments: TestDatabase.kinds)
    func dissatisfied(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (f, _) = try await Self.withManager(db)
            let ticket = try await Tickets(db).open(TicketInput(customerId: String(f.customer.id), subject: "تأخیر در ارسال"), by: f.admin)
            // Wednesday 25 Azar 1405 (16 December 2026), 10:00 Tehran: two working days skip Friday → Saturday.
            let now = Date(timeIntervalSince1970: 1_797_379_200 - 12_600 + 10 * 3600)
            let change = try await Self.change(db, customerId: f.customer.id, from: .satisfied, to: .dissatisfied,
                                               reasons: [SatisfactionReason(.dissatisfiedSLABreach, ["count": "1", "days": "90"])], at: now)
            let rows = try await db.sql.raw("""
                SELECT assignee_id, ticket_id, recovery_case_id, customer_id, due_at, status FROM tasks ORDER BY due_at
                """).all()
            #expect(rows.count == 2)
            for row in rows {
                #expect(try row.decode(column: "assignee_id", as: Int64.self) == f.team.leadId)
                #expect(try row.decode(column: "ticket_id", as: Int64?.self) == ticket.id)
                #expect(try row.decode(column: "recovery_case_id", as: Int64?.self) == nil)
                #expect(try row.decode(column: "customer_id", as: Int64?.self) == f.customer.id)
            }
            let rootDue = Clock.date(try rows[0].decode(column: "due_at", as: Int64.self))
            let followDue = Clock.date(try rows[1].decode(column: "due_at", as: Int64.self))
            // No holiday on Thursday 26 or Saturday 28 Azar: Thursday counts (08:00–13:00), Friday does not.
            #expect(rootDue == now.addingTimeInterval(3 * 86_400))
            #expect(rootDue.timeIntervalSince(now) >= 2 * 86_400 && followDue.timeIntervalSince(rootDue) == 5 * 86_400)
            try await Self.again(db, change)
            #expect(try await Self.count(db, "SELECT COUNT(*) AS n FROM tasks") == 2)
            #expect(try await Self.count(db, "SELECT COUNT(*) AS n FROM satisfaction_actions WHERE task_id IS NOT NULL") == 2)
        }
    }

    @Test("working days skip Fridays and the official holidays, and follow the team's own week", arguments: [0])
    func workingDays(_: Int) {
        let clock = SLAClock(hours: .iranDefault, holidays: IranHolidays.calendar(years: 1405...1406))
        // Wednesday 16 December 2026 10:00 Tehran → Saturday 19 December (Friday not counted).
        let wednesday = Date(timeIntervalSince1970: 1_797_379_200 - 12_600 + 10 * 3600)
        #expect(clock.addingWorkingDays(2, to: wednesday) == wednesday.addingTimeInterval(3 * 86_400))
        #expect(clock.addingWorkingDays(1, to: wednesday) == wednesday.addingTimeInterval(86_400))
        #expect(clock.addingWorkingDays(0, to: wednesday) == wednesday)
        // Tuesday 22 December 2026 (1 Dey 1405): Wednesday 23 December is Imam Ali's birthday, so one working day is Thursday.
        let tuesday = wednesday.addingTimeInterval(6 * 86_400)
        #expect(clock.addingWorkingDays(1, to: tuesday) == tuesday.addingTimeInterval(2 * 86_400))
        #expect(SLAClock(hours: .iranDefault).addingWorkingDays(1, to: tuesday) == tuesday.addingTimeInterval(86_400))
        // A team that does not work on Thursdays: from Wednesday, one working day is Saturday.
        let full = [480..<1020]
        let noThursday = try! BusinessHours([.saturday: full, .sunday: full, .monday: full, .tuesday: full, .wednesday: full])
        #expect(SLAClock(hours: noThursday).addingWorkingDays(1, to: wednesday) == wednesday.addingTimeInterval(3 * 86_400))
    }

    @Test("happy with consent: a referral offer and a club invitation on the preferred channel; without consent: skipped", arguments: TestDatabase.kinds)
    func happy(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (f, _) = try await Self.withManager(db)
            let change = try await Self.change(db, customerId: f.customer.id, from: .satisfied, to: .happy,
                                               reasons: [SatisfactionReason(.happyAnswer, ["csat": "5", "days": "365"])])
            let sent = try await db.sql.raw("""
                SELECT o.channel, o.recipient, o.payload FROM satisfaction_actions a JOIN outbox_messages o ON o.id = a.outbox_message_id
                WHERE a.change_id = \(bind: change.id) ORDER BY a.action
                """).all()
            #expect(sent.count == 2)
            for row in sent {
                #expect(try row.decode(column: "channel", as: String.self) == "sms")
                #expect(try row.decode(column: "recipient", as: String.self) == "+989121234567")
                let payload = try row.decode(column: "payload", as: String.self)
                #expect(payload.contains("مریم"), "merged for the customer, in Persian")
            }
            try await Self.again(db, change)
            #expect(try await Self.count(db, "SELECT COUNT(*) AS n FROM outbox_messages WHERE idempotency_key LIKE 'satisfaction.%'") == 2)
            // A customer who consented to nothing: nothing is sent, the actions say why.
            let silent = try await CustomerRepository(db).create(CustomerInput(name: "رضا کریمی", emails: ["reza@example.test"]), by: f.admin)
            let quiet = try await Self.change(db, customerId: silent.id, from: nil, to: .happy)
            #expect(try await Self.count(db, """
                SELECT COUNT(*) AS n FROM satisfaction_actions WHERE change_id = \(bind: quiet.id) AND status = 'skipped' AND detail = 'noConsent'
                  AND outbox_message_id IS NULL
                """) == 2)
            #expect(try await Self.count(db, "SELECT COUNT(*) AS n FROM outbox_messages WHERE recipient = 'reza@example.test'") == 0)
        }
    }

    @Test("enthusiastic: an advocate invitation by email in English when they wrote in English, from the editable template", arguments: TestDatabase.kinds)
    func enthusiastic(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (f, _) = try await Self.withManager(db)
            let customer = try await CustomerRepository(db).create(CustomerInput(name: "Sara Rahimi", givenName: "Sara", emails: ["sara@example.test"],
                                                                                 consents: ["email": true]), by: f.admin)
            _ = try await Tickets(db).open(TicketInput(customerId: String(customer.id), subject: "Thanks", language: "en"), by: f.admin)
            try await db.sql.raw("""
                UPDATE message_templates SET body = 'Hello {{customer.givenName}}, be our advocate!' WHERE name = 'satisfaction.advocateInvitation'
                  AND channel = 'email' AND language = 'en'
                """).run()
            let change = try await Self.change(db, customerId: customer.id, from: .happy, to: .enthusiastic,
                                               reasons: [SatisfactionReason(.enthusiasticPromoters, [:])])
            let payload = try #require(try await db.sql.raw("""
                SELECT o.payload FROM satisfaction_actions a JOIN outbox_messages o ON o.id = a.outbox_message_id
                WHERE a.change_id = \(bind: change.id) AND a.action = 'advocateInvitation' AND o.recipient = 'sara@example.test'
                """).first()?.decode(column: "payload", as: String.self))
            #expect(payload.contains("Hello Sara, be our advocate!"))
            #expect(payload.contains("/u/"), "a marketing message carries its unsubscribe link")
        }
    }

    @Test("satisfied: the customer joins the nurture list", arguments: TestDatabase.kinds)
    func satisfied(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (f, _) = try await Self.withManager(db)
            let change = try await Self.change(db, customerId: f.customer.id, from: .happy, to: .satisfied)
            #expect(try await Self.count(db, "SELECT COUNT(*) AS n FROM satisfaction_actions WHERE change_id = \(bind: change.id) AND action = 'nurtureList'") == 1)
            let list = try await RecoveryCases(db).nurtureList(after: nil, by: f.admin)
            #expect(list.items.map(\.customerId) == [f.customer.id])
        }
    }
}
