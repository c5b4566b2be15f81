import Foundation
import PeyvandCore
@testable import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

/// The deals' (migrations 32, 46), the lead funnel's and the activity's running totals by month (migration 44) follow every
/// change, through the repositories or by statements around them, and the forecast's funnel and
/// activity read from them equal what the leads, deals and interactions add up to.
@Suite("The forecast's running totals by month")
struct ForecastRunningTotalsTests {
    typealias Sums = IndependentForecastTotals

    /// The tables equal the sums worked out from the rows, in both calendars.
    static func expectTotalsMatch(_ db: Database, _ step: String) async throws {
        let rows = try await Sums.read(db.sql)
        #expect(try await Sums.funnelTable(db.sql) == rows.funnelByMonth(), "lead_funnel_months after \(step)")
        #expect(try await Sums.activityTable(db.sql) == rows.activityByMonth(), "staff_activity_months after \(step)")
        #expect(try await IndependentDealMonths.table(db.sql) == IndependentDealMonths.fromDeals(db.sql), "deal_forecast_months after \(step)")
    }

    /// The instant `ms` milliseconds after the start of a month's first day in Tehran.
    static func instant(_ calendar: ForecastPeriod.CalendarKind, _ year: Int, _ month: Int, plus ms: Int64) -> Int64 {
        Int64(ForecastPeriod.firstDay(year: year, month: month, calendar)) * 86_400_000 - Sums.offset + ms
    }

    static func insertLead(_ db: Database, source: String, channel: String, owner: Int64?, deal: Int64?, at: Int64) async throws -> Int64 {
        try await db.sql.raw("""
            INSERT INTO leads (status, name, channel, source, consent, name_key, deal_id, owner_id, created_at, updated_at)
            VALUES ('new', 'x', \(bind: channel), \(bind: source), \(bind: false), 'x', \(bind: deal), \(bind: owner), \(bind: at), \(bind: at))
            RETURNING id
            """).first()!.decode(column: "id", as: Int64.self)
    }

    static func insertInteraction(_ db: Database, customer: Int64, kind: String, staff: Int64?, at: Int64) async throws -> Int64 {
        try await db.sql.raw("""
            INSERT INTO interactions (customer_id, kind, occurred_at, staff_id, created_at)
            VALUES (\(bind: customer), \(bind: kind), \(bind: at), \(bind: staff), 0) RETURNING id
            """).first()!.decode(column: "id", as: Int64.self)
    }

    static func lead(_ name: String, source: String, owner: Int64?) -> LeadInput {
        LeadInput(name: name, company: name + " Co", source: source, ownerId: owner.map(String.init))
    }

    @Test("leads, deals and interactions changed through the repositories and by statements around them keep the monthly totals equal to independent sums, and the forecast reads the same figures from them", arguments: TestDatabase.kinds)
    func totalsFollowChanges(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let users = UserRepository(db)
            let maryam = try await users.create(email: "maryam@example.test", name: "مریم", role: .salesRep, password: "long enough pw").id
            let reza = try await users.create(email: "reza@example.test", name: "Reza", role: .salesRep, password: "long enough pw").id
            let customer = try await CustomerRepository(db).create(CustomerInput(name: "شرکت پارس"), by: admin).id
            let projects = try await Pipelines(db).create(name: "Projects", stages: [PipelineStageInput(name: "Tender", probability: 30)], by: admin)
            let leads = Leads(db), conversion = LeadConversion(db), deals = Deals(db), interactions = InteractionRepository(db)
            func check(_ step: String) async throws { try await Self.expectTotalsMatch(db, step) }

            // Leads arrive through the repository (now), with and without an owner.
            let fair = try await leads.create(Self.lead("آرش", source: "نمایشگاه", owner: maryam), channel: .manual, by: admin)
            let google = try await leads.create(Self.lead("Sara", source: "Google", owner: reza), channel: .api, by: admin)
            let web = try await leads.create(Self.lead("نگار", source: "نمایشگاه", owner: maryam), channel: .webForm, by: admin)
            let nobody = try await leads.create(Self.lead("Omid", source: "Google", owner: nil), channel: .import, by: admin)
            let later = try await leads.create(Self.lead("Kian", source: "Instagram", owner: reza), channel: .manual, by: admin)
            try await check("leads created")

            // Converted into deals, one in the second pipeline.
            let won = try await conversion.convert(fair.id, LeadConversionInput(amount: "1000"), by: admin).dealId
            let deleted = try await conversion.convert(google.id, LeadConversionInput(pipelineId: String(projects.id), amount: "2500"), by: admin).dealId
            let reopened = try await conversion.convert(web.id, LeadConversionInput(amount: "700"), by: admin).dealId
            let moved = try await conversion.convert(nobody.id, LeadConversionInput(amount: "300"), by: admin).dealId
            try await check("leads converted")
            // A second lead of the first deal in the same month, owner, source and channel: a change
            // to the deal moves both in one row.
            let fairAt = try await db.sql.raw("SELECT created_at FROM leads WHERE id = \(bind: fair.id)").first()!.decode(column: "created_at", as: Int64.self)
            let twin = try await Self.insertLead(db, source: fair.source, channel: fair.channel.rawValue, owner: maryam, deal: won, at: fairAt)
            try await check("a second lead of one deal inserted by a statement")

            _ = try await deals.close(won, won: true, reason: nil, competitor: nil, expectedVersion: nil, by: admin)
            try await check("deal won")
            _ = try await deals.update(won, DealInput(amount: "5000"), expectedVersion: nil, by: admin)
            try await check("won deal's amount changed")
            _ = try await deals.close(reopened, won: true, reason: nil, competitor: nil, expectedVersion: nil, by: admin)
            _ = try await deals.reopen(reopened, expectedVersion: nil, by: admin)
            try await check("deal won, then reopened")
            let tender = try #require(projects.stages.first).id
            try await db.sql.raw("UPDATE deals SET pipeline_id = \(bind: projects.id), stage_id = \(bind: tender) WHERE id = \(bind: moved)").run()
            try await check("deal moved to another pipeline by a statement")
            try await deals.delete(deleted, by: admin)
            try await check("deal deleted")
            _ = try await leads.update(later.id, with: Self.lead("Kian", source: "Instagram", owner: maryam), expectedVersion: nil, by: admin)
            try await check("lead's owner changed")

            // Statements around the repository: leads inserted in past months, one moved across a
            // Gregorian month's end (not a Jalali one), one across a Jalali month's end.
            let march = try await Self.insertLead(db, source: "Google", channel: "import", owner: reza, deal: nil,
                                                  at: Self.instant(.gregorian, 2026, 4, plus: -1))
            try await check("lead inserted on the last millisecond of a Gregorian month")
            try await db.sql.raw("UPDATE leads SET created_at = created_at + 1 WHERE id = \(bind: march)").run()
            try await check("lead moved into the next Gregorian month")
            try await db.sql.raw("UPDATE leads SET created_at = \(bind: Self.instant(.jalali, 1405, 2, plus: -1)) WHERE id = \(bind: web.id)").run()
            try await check("converted lead moved to the last millisecond of a Jalali month")
            try await db.sql.raw("UPDATE leads SET created_at = created_at + 1, channel = 'api', source = 'نمایشگاه پاییز' WHERE id = \(bind: web.id)").run()
            try await check("converted lead moved into the next Jalali month, its source and channel changed")
            try await db.sql.raw("DELETE FROM leads WHERE id = \(bind: later.id)").run()
            try await check("lead deleted by a statement")

            // A deal inserted and won by statements, then a lead pointed at it; another lead of a
            // won deal let go of it.
            let sold = try await db.sql.raw("""
                INSERT INTO deals (pipeline_id, stage_id, status, title, customer_id, owner_id, currency, amount_minor, amount_base_minor,
                  closed_at, stage_entered_at, created_at, updated_at)
                VALUES (1, 1, 'won', 'by SQL', \(bind: customer), \(bind: reza), 'IRR', 900, 900, 1, 0, 0, 0) RETURNING id
                """).first()!.decode(column: "id", as: Int64.self)
            try await db.sql.raw("UPDATE leads SET deal_id = \(bind: sold) WHERE id = \(bind: march)").run()
            try await check("lead pointed at a won deal by a statement")
            try await db.sql.raw("UPDATE deals SET amount_base_minor = 950, deleted_at = NULL WHERE id = \(bind: sold)").run()
            try await db.sql.raw("UPDATE leads SET deal_id = NULL WHERE id = \(bind: twin)").run()
            try await check("deal's amount changed and a lead let go of its deal by statements")

            // A deal a lead points at cannot be removed (the foreign key); once no lead points at
            // it, it can, and the totals follow.
            do {
                try await db.sql.raw("DELETE FROM deals WHERE id = \(bind: sold)").run()
                Issue.record("a deal a lead points at was removed")
            } catch {
                #expect(String(reflecting: error).lowercased().contains("foreign key"), "\(String(reflecting: error))")
            }
            try await check("a refused removal of a deal")
            try await db.sql.raw("UPDATE leads SET deal_id = NULL WHERE id = \(bind: march)").run()
            try await db.sql.raw("DELETE FROM deal_stage_history WHERE deal_id = \(bind: sold)").run()
            try await db.sql.raw("DELETE FROM deals WHERE id = \(bind: sold)").run()
            try await check("deal removed once no lead points at it")
            let removed = try await db.sql.raw("SELECT id FROM deals WHERE id = \(bind: sold)").first()
            #expect(removed == nil)

            // Interactions: through the repository and by statements, moved across both calendars'
            // month ends, given to another person, another kind, deleted softly and outright.
            _ = try await interactions.create(customerId: customer, InteractionInput(kind: "call", staffId: String(maryam)), by: admin)
            let email = try await interactions.create(customerId: customer, InteractionInput(kind: "email"), by: admin).id
            let call = try await Self.insertInteraction(db, customer: customer, kind: "call", staff: reza, at: Self.instant(.gregorian, 2026, 4, plus: -1))
            let meeting = try await Self.insertInteraction(db, customer: customer, kind: "meeting", staff: reza, at: Self.instant(.jalali, 1405, 2, plus: -1))
            let nobodys = try await Self.insertInteraction(db, customer: customer, kind: "sms", staff: nil, at: Self.instant(.jalali, 1405, 2, plus: 0))
            let gone = try await Self.insertInteraction(db, customer: customer, kind: "sms", staff: maryam, at: Self.instant(.jalali, 1405, 3, plus: 5))
            try await check("interactions logged")
            try await db.sql.raw("UPDATE interactions SET occurred_at = occurred_at + 1 WHERE id IN (\(bind: call), \(bind: meeting))").run()
            try await check("interactions moved into the next month")
            try await db.sql.raw("UPDATE interactions SET staff_id = \(bind: maryam), kind = 'visit' WHERE id = \(bind: meeting)").run()
            try await db.sql.raw("UPDATE interactions SET staff_id = \(bind: reza) WHERE id = \(bind: nobodys)").run()
            try await check("interactions given to another person and kind")
            try await interactions.delete(email, by: admin)
            try await db.sql.raw("DELETE FROM interactions WHERE id = \(bind: gone)").run()
            try await check("interactions deleted")

            // The forecast's rows of every period that holds any of them, read from the totals,
            // equal the sums over the period's instants.
            let rows = try await Sums.read(db.sql)
            #expect(rows.leads.contains { $0.won != nil } && rows.leads.contains { $0.key.converted && $0.key.pipeline == nil })
            let periods = rows.periods()
            #expect(periods.count >= 8)
            for period in periods {
                #expect(CalendarMonths.answer(for: period), "\(period.calendar) \(period.key) is read from the totals")
                #expect(Sums.funnel(try await SalesForecast.funnelRows(db.sql, period)) == rows.funnel(in: period), "funnel \(period.calendar) \(period.key)")
                #expect(Sums.activity(try await SalesForecast.activityRows(db.sql, period)) == rows.activity(in: period), "activity \(period.calendar) \(period.key)")
            }
        }
    }

    @Test("upgrading a database that has leads, deals and interactions fills the monthly totals from them", arguments: TestDatabase.kinds)
    func migrationFillsTotals(kind: String) async throws {
        let before = Migration.all.filter { $0.id < 44 }
        try await TestDatabase.with(kind, migrations: before) { db in
            let admin = try await TestDatabase.admin(db)
            let rep = try await UserRepository(db).create(email: "rep@example.test", name: "Rep", role: .salesRep, password: "long enough pw").id
            let customer = try await CustomerRepository(db).create(CustomerInput(name: "شرکت پارس"), by: admin).id
            let leads = Leads(db), conversion = LeadConversion(db), deals = Deals(db)
            let first = try await leads.create(Self.lead("آرش", source: "نمایشگاه", owner: rep), channel: .webForm, by: admin)
            let second = try await leads.create(Self.lead("Sara", source: "Google", owner: nil), channel: .api, by: admin)
            _ = try await leads.create(Self.lead("Omid", source: "Google", owner: rep), channel: .import, by: admin)
            let won = try await conversion.convert(first.id, LeadConversionInput(amount: "4200"), by: admin).dealId
            _ = try await deals.close(won, won: true, reason: nil, competitor: nil, expectedVersion: nil, by: admin)
            let deleted = try await conversion.convert(second.id, LeadConversionInput(amount: "10"), by: admin).dealId
            try await deals.delete(deleted, by: admin)
            for (month, kind) in [(1, "call"), (2, "call"), (2, "email"), (12, "meeting")] {
                _ = try await Self.insertLead(db, source: "Instagram", channel: "manual", owner: rep, deal: nil,
                                              at: Self.instant(.jalali, 1404, month, plus: 3_600_000))
                _ = try await Self.insertInteraction(db, customer: customer, kind: kind, staff: rep, at: Self.instant(.gregorian, 2025, month, plus: 60_000))
            }
            let stored = try await Sums.read(db.sql)
            #expect(stored.leads.contains { $0.won != nil } && stored.leads.contains { $0.key.converted && $0.key.pipeline == nil })
            #expect(!stored.interactions.isEmpty)

            #expect(try await Migrator(db).migrate() == Migration.all.map(\.id).filter { $0 >= 44 })
            try await Self.expectTotalsMatch(db, "the upgrade")
            #expect(try await Sums.funnelTable(db.sql).isEmpty == false)
        }
    }

    @Test("periods outside the months the totals answer for (before 1970, the last month held, after it) are read from the rows", arguments: TestDatabase.kinds)
    func periodsOutsideTheMonthsHeld(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let customer = try await CustomerRepository(db).create(CustomerInput(name: "شرکت پارس"), by: admin).id
            // Instants whose day rounds toward zero (before 1970 in Tehran), in the last month held,
            // past it, and in the month before the last.
            let instants: [Int64] = [-Sums.offset - 3_600_000, Self.instant(.gregorian, 2199, 12, plus: 5), Self.instant(.gregorian, 2300, 1, plus: 5),
                                     Self.instant(.gregorian, 2199, 11, plus: 5), Self.instant(.jalali, 1578, 12, plus: 5)]
            for at in instants {
                _ = try await Self.insertLead(db, source: "Google", channel: "api", owner: admin.userId, deal: nil, at: at)
                _ = try await Self.insertInteraction(db, customer: customer, kind: "call", staff: admin.userId, at: at)
            }
            let rows = try await Sums.read(db.sql)
            let outside = [try ForecastPeriod(.gregorian, .month, year: 1970, index: 1), try ForecastPeriod(.gregorian, .quarter, year: 1969, index: 4),
                           try ForecastPeriod(.jalali, .month, year: 1348, index: 10), try ForecastPeriod(.gregorian, .month, year: 2199, index: 12),
                           try ForecastPeriod(.gregorian, .quarter, year: 2199, index: 4), try ForecastPeriod(.gregorian, .month, year: 2300, index: 1),
                           try ForecastPeriod(.jalali, .month, year: 1578, index: 12), try ForecastPeriod(.jalali, .quarter, year: 1600, index: 1)]
            let inside = [try ForecastPeriod(.gregorian, .month, year: 2199, index: 11), try ForecastPeriod(.gregorian, .month, year: 1970, index: 2),
                          try ForecastPeriod(.jalali, .month, year: 1578, index: 11)]
            for period in outside { #expect(!CalendarMonths.answer(for: period), "\(period.calendar) \(period.key)") }
            for period in inside { #expect(CalendarMonths.answer(for: period), "\(period.calendar) \(period.key)") }
            for period in outside + inside {
                #expect(Sums.funnel(try await SalesForecast.funnelRows(db.sql, period)) == rows.funnel(in: period), "funnel \(period.calendar) \(period.key)")
                #expect(Sums.activity(try await SalesForecast.activityRows(db.sql, period)) == rows.activity(in: period), "activity \(period.calendar) \(period.key)")
            }
            // Each instant falls in one of the periods it was placed in.
            #expect(rows.funnel(in: outside[3]).values.reduce(0) { $0 + $1.leads } == 1 && rows.funnel(in: outside[5]).values.reduce(0) { $0 + $1.leads } == 1)
        }
    }
}
