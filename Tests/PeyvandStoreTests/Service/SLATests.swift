import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

/// Service levels on real tickets: due instants in business hours (Saturday–Wednesday 08–17,
/// Thursday 08–13, Friday off, Iran's holidays), the clock paused while waiting on the customer,
/// and the watch's warnings and escalations — each exactly once, however it is run.
@Suite("Service: SLA in business hours and escalation")
struct SLATests {
    /// A Tehran wall-clock instant of a Jalali day.
    static func tehran(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int = 0) throws -> Date {
        let day = try JalaliDate(year: y, month: m, day: d).daysSinceUnixEpoch
        return Date(timeIntervalSince1970: Double(day * 86_400 + h * 3600 + min * 60 - 12_600))
    }

    static func ticket(_ db: Database, _ f: ServiceFixture, at: Date, priority: String = "normal", subject: String = "خرابی دستگاه") async throws -> Ticket {
        try await Tickets(db).open(TicketInput(customerId: String(f.customer.id), subject: subject, priority: priority), by: f.admin, now: at)
    }

    static func escalations(_ db: Database, _ ticket: Int64) async throws -> [String] {
        try await db.sql.raw("SELECT target, level FROM ticket_escalations WHERE ticket_id = \(bind: ticket) ORDER BY target, level").all().map {
            "\(try $0.decode(column: "target", as: String.self))/\(try $0.decode(column: "level", as: Int.self))"
        }
    }

    @Test("due instants count business hours only: a Saturday, a Thursday's half day and Friday, Nowruz", arguments: TestDatabase.kinds)
    func dueInstants(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 2)
            try await f.catchAll(db)
            // Saturday 21 Azar 1405, 10:00: first response (4 h) at 14:00, resolution (27 h) on Tuesday at 10:00.
            let saturday = try await Self.ticket(db, f, at: try Self.tehran(1405, 9, 21, 10))
            #expect(saturday.firstResponseDueAt == (try Self.tehran(1405, 9, 21, 14)))
            #expect(saturday.resolutionDueAt == (try Self.tehran(1405, 9, 24, 10)))
            #expect(saturday.nextResponseDueAt == nil)
            // Thursday 26 Azar, 12:00: one hour left that day, Friday off, three more on Saturday.
            let thursday = try await Self.ticket(db, f, at: try Self.tehran(1405, 9, 26, 12))
            #expect(thursday.firstResponseDueAt == (try Self.tehran(1405, 9, 28, 11)))
            // Thursday 27 Esfand, 12:00: 29 Esfand and 1–4 Farvardin are holidays, Friday is off.
            let nowruz = try await Self.ticket(db, f, at: try Self.tehran(1405, 12, 27, 12))
            #expect(nowruz.firstResponseDueAt == (try Self.tehran(1406, 1, 5, 11)))
            // An urgent ticket at 16:50 on a Wednesday: 10 minutes that day, 20 on Thursday morning.
            let urgent = try await Self.ticket(db, f, at: try Self.tehran(1405, 9, 25, 16, 50), priority: "urgent")
            #expect(urgent.firstResponseDueAt == (try Self.tehran(1405, 9, 26, 8, 20)))
        }
    }

    @Test("waiting on the customer pauses the clock; the next response runs from the customer's next message", arguments: TestDatabase.kinds)
    func pausesAndNextResponse(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 2)
            try await f.catchAll(db)
            let tickets = Tickets(db)
            var t = try await Self.ticket(db, f, at: try Self.tehran(1405, 9, 21, 10))
            // Waiting from 11:00 Saturday to 09:00 Sunday: seven business hours do not count.
            t = try await tickets.change(t.id, TicketChange(status: .waiting), expectedVersion: nil, by: f.admin, now: try Self.tehran(1405, 9, 21, 11))
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM tickets WHERE id = \(bind: t.id) AND sla_check_at IS NULL") == 1,
                    "a waiting ticket is not watched")
            t = try await tickets.change(t.id, TicketChange(status: .open), expectedVersion: nil, by: f.admin, now: try Self.tehran(1405, 9, 22, 9))
            #expect(t.firstResponseDueAt == (try Self.tehran(1405, 9, 22, 12)))
            #expect(t.resolutionDueAt == (try Self.tehran(1405, 9, 24, 17)), "a deadline may fall on a closing time")
            // Answered at 11:30 Sunday: the first response is met; nothing runs for a next one yet.
            _ = try await tickets.addMessage(t.id, body: "در حال بررسی هستیم.", internal: false, by: f.admin, now: try Self.tehran(1405, 9, 22, 11, 30))
            t = try await tickets.get(t.id, by: f.admin)
            #expect(t.firstResponseAt == (try Self.tehran(1405, 9, 22, 11, 30)) && t.nextResponseDueAt == nil)
            // A note is not an answer.
            _ = try await tickets.addMessage(t.id, body: "یادداشت داخلی", internal: true, by: f.admin, now: try Self.tehran(1405, 9, 22, 12))
            #expect(try await tickets.get(t.id, by: f.admin).firstResponseAt == (try Self.tehran(1405, 9, 22, 11, 30)))
        }
    }

    @Test("the watch warns, escalates a breach to the team lead and then to the manager, once each, however it is run", arguments: TestDatabase.kinds)
    func escalation(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 2)
            try await f.catchAll(db)
            let t = try await Self.ticket(db, f, at: try Self.tehran(1405, 9, 21, 10))
            let watch = SLAWatch(db, baseURL: "https://crm.example.test")
            #expect(try await watch.run(now: try Self.tehran(1405, 9, 21, 13)).tickets == 0, "nothing is due before 13:12")
            let warned = try await watch.run(now: try Self.tehran(1405, 9, 21, 13, 30))
            #expect(warned.warnings == 1 && warned.breaches == 0)
            let assignee = try #require(t.assigneeId)
            let assigneeEmail = try #require(try await UserRepository(db).find(id: assignee)?.email)
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM outbox_messages WHERE recipient = \(bind: assigneeEmail) AND idempotency_key LIKE 'sla.%'") == 1)
            let breach = try await watch.run(now: try Self.tehran(1405, 9, 21, 14, 30))
            #expect(breach.breaches == 1 && breach.warnings == 0)
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM outbox_messages WHERE recipient = 'agent1@example.test' AND idempotency_key LIKE 'sla.%.first-response.1.%'") == 1,
                    "the team lead is told")
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM tickets WHERE id = \(bind: t.id) AND escalation_level = 1") == 1)
            // The clock set back, then two instances at once at the manager's turn.
            #expect(try await watch.run(now: try Self.tehran(1405, 9, 21, 14, 30)).tickets == 0)
            let late = try Self.tehran(1405, 9, 21, 16, 30)
            async let a = watch.run(now: late)
            async let b = SLAWatch(db).run(now: late)
            let (ra, rb) = try await (a, b)
            #expect(ra.toManagers + rb.toManagers == 1)
            #expect(try await Self.escalations(db, t.id) == ["first-response/0", "first-response/1", "first-response/2"])
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM outbox_messages WHERE idempotency_key LIKE 'sla.%'") == 3)
            // Each step is an internal note on the ticket, never a public message.
            let notes = try await Tickets(db).messages(t.id, by: f.admin).filter { $0.channel == "system" }
            #expect(notes.count == 3 && notes.allSatisfy { !$0.isPublic })
            // Answered: the first response stops; the resolution still runs.
            _ = try await Tickets(db).addMessage(t.id, body: "پوزش؛ بررسی شد.", internal: false, by: f.admin, now: late)
            let next = try await watch.run(now: try Self.tehran(1405, 9, 23, 17))
            #expect(next.warnings == 1 && next.breaches == 0)
            #expect(try await Self.escalations(db, t.id).contains("resolution/0"))
        }
    }

    @Test("a watch stopped halfway leaves the rest for the next run: nothing missed, nothing twice", arguments: TestDatabase.kinds)
    func stoppedHalfway(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 2)
            try await f.catchAll(db)
            var ids: [Int64] = []
            for i in 0..<5 { ids.append(try await Self.ticket(db, f, at: try Self.tehran(1405, 9, 21, 10), subject: "درخواست \(i)").id) }
            let at = try Self.tehran(1405, 9, 21, 14, 30)
            let first = try await SLAWatch(db).run(now: at, limit: 2)
            #expect(first.tickets == 2 && first.breaches == 2)
            let rest = try await SLAWatch(db).run(now: at)
            #expect(rest.tickets == 3 && rest.breaches == 3)
            // A late watch records the warning it missed but tells only of the breach.
            for id in ids { #expect(try await Self.escalations(db, id) == ["first-response/0", "first-response/1"]) }
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM outbox_messages WHERE idempotency_key LIKE 'sla.%'") == 5)
            #expect(try await SLAWatch(db).run(now: at).tickets == 0)
        }
    }

    @Test("policies by priority and customer value; holidays the administrator adds move the deadlines; bad input refused", arguments: TestDatabase.kinds)
    func policiesAndHolidays(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            try await f.catchAll(db)
            let policies = SLAPolicies(db)
            #expect(try await policies.list(by: f.admin).map(\.priority) == ["urgent", "high", "normal", "low"])
            _ = try await policies.save(nil, .init(name: "ویژه", priority: "normal", minValueMinor: 50_000_000, firstResponseMinutes: 60,
                                                   nextResponseMinutes: 120, resolutionMinutes: 540), by: f.admin)
            let start = try Self.tehran(1405, 9, 21, 10)
            #expect(try await Self.ticket(db, f, at: start).firstResponseDueAt == (try Self.tehran(1405, 9, 21, 14)), "not valuable yet")
            try await db.sql.raw("""
                INSERT INTO customer_scores (customer_id, recency_days, purchases, monetary_minor, r, f, m, segment, repeat_purchases, clv_minor, computed_at)
                VALUES (\(bind: f.customer.id), 3, 9, 80000000, 5, 5, 5, 'champions', 8, NULL, 0)
                """).run()
            #expect(try await Self.ticket(db, f, at: start).firstResponseDueAt == (try Self.tehran(1405, 9, 21, 11)))
            do {
                _ = try await policies.save(nil, .init(name: " ", priority: "soon", minValueMinor: -1, firstResponseMinutes: 0, nextResponseMinutes: 10,
                                                       resolutionMinutes: 600_000, warnPercent: 100), by: f.admin)
                Issue.record("a bad policy was stored")
            } catch StoreError.invalid(let e) {
                #expect(Set(e.issues.map(\.field)) == ["name", "priority", "minValue", "firstResponseMinutes", "resolutionMinutes", "warnPercent"])
            }
            do {
                _ = try await policies.save(nil, .init(name: "دوباره", priority: "normal", firstResponseMinutes: 10, nextResponseMinutes: 10,
                                                       resolutionMinutes: 10), by: f.admin)
                Issue.record("a second policy for the same priority and value was stored")
            } catch StoreError.conflict {}
            // Shipped: Iran's holidays of this year and the next; 22 Bahman is one.
            let holidays = ServiceHolidays(db)
            let year = JalaliDate(Date(), timeZone: TimeZone(identifier: "Asia/Tehran")!).year
            let shipped = try await holidays.list(year: year, by: f.admin)
            #expect(shipped.contains { $0.holiday.date.month == 11 && $0.holiday.date.day == 22 })
            #expect(try await !holidays.list(year: year + 1, by: f.admin).isEmpty)
            // A company day off on Sunday moves a Saturday ticket's resolution by a working day.
            try await db.sql.raw("DELETE FROM customer_scores").run()
            let sunday = try await holidays.add(on: try JalaliDate(year: 1405, month: 9, day: 22), nameFa: "تعطیلی شرکت", nameEn: "Company day off", by: f.admin)
            #expect(try await Self.ticket(db, f, at: start).resolutionDueAt == (try Self.tehran(1405, 9, 25, 10)))
            try await holidays.remove(sunday.id, by: f.admin)
            #expect(try await Self.ticket(db, f, at: start).resolutionDueAt == (try Self.tehran(1405, 9, 24, 10)))
            do {
                _ = try await holidays.add(on: try JalaliDate(year: 1405, month: 9, day: 22), nameFa: "", nameEn: "", by: f.admin)
                Issue.record("a nameless holiday was stored")
            } catch StoreError.invalid {}
            let agent = Principal(userId: f.agents[0].id, name: "Agent 1", role: .supportAgent)
            do {
                try await holidays.remove(shipped[0].id, by: agent)
                Issue.record("an agent edited the holiday calendar")
            } catch StoreError.forbidden {}
        }
    }
}
