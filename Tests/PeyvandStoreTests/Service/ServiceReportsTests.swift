import Foundation
import PeyvandCore
@testable import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

/// The service reports over hand-made rows whose answers are worked out by hand in the comments:
/// medians and 90th percentiles, SLA attainment, backlog buckets, the cost per channel, the
/// classes replayed month by month, CSAT, NPS and recovery.
@Suite("Service: reports")
struct ServiceReportsTests {
    static let minute: Int64 = 60_000, hour: Int64 = 3_600_000, day: Int64 = 86_400_000

    /// 1 Azar 1405, midnight in Tehran, in milliseconds.
    static var azar: Int64 { Clock.millis(ServiceReportQuery.midnight(try! JalaliDate(year: 1405, month: 9, day: 1).daysSinceUnixEpoch)) }

    static func month(_ key: String) throws -> ForecastPeriod { try ForecastPeriod(key: key, .jalali) }

    struct Ticket {
        var channel: String = "email"
        var team: Int64? = nil
        var agent: Int64? = nil
        var status: String = "open"
        var created: Int64
        var firstResponse: Int64? = nil
        var firstDue: Int64? = nil
        var resolved: Int64? = nil
        var resolutionDue: Int64? = nil
        var closed: Int64? = nil
        var deleted: Bool = false
    }

    @discardableResult
    static func insert(_ db: Database, customer: Int64, _ t: Ticket, number: String) async throws -> Int64 {
        let row = try await db.sql.raw("""
            INSERT INTO tickets (number, customer_id, subject, channel, category, priority, status, team_id, assignee_id, language,
              first_response_at, first_response_due_at, resolved_at, resolution_due_at, closed_at, last_message_at, created_at, updated_at, deleted_at)
            VALUES (\(bind: number), \(bind: customer), 'موضوع', \(bind: t.channel), 'question', 'normal', \(bind: t.status), \(bind: t.team),
              \(bind: t.agent), 'fa', \(bind: t.firstResponse), \(bind: t.firstDue), \(bind: t.resolved), \(bind: t.resolutionDue), \(bind: t.closed),
              \(bind: t.created), \(bind: t.created), \(bind: t.created), \(bind: t.deleted ? t.created : nil)) RETURNING id
            """).first()
        return try row!.decode(column: "id", as: Int64.self)
    }

    /// An interaction with a cost recorded on a message of `ticket` at `at`.
    static func costed(_ db: Database, ticket: Int64, customer: Int64, at: Int64, cost: Int64?, currency: String = "IRR") async throws {
        let row = try await db.sql.raw("""
            INSERT INTO interactions (customer_id, kind, channel, direction, occurred_at, cost_minor, cost_currency, created_at)
            VALUES (\(bind: customer), 'call', 'phone', 'outbound', \(bind: at), \(bind: cost), \(bind: cost == nil ? nil : currency), \(bind: at)) RETURNING id
            """).first()
        let interaction = try row!.decode(column: "id", as: Int64.self)
        try await db.sql.raw("""
            INSERT INTO ticket_messages (ticket_id, direction, visibility, channel, body, interaction_id, created_at)
            VALUES (\(bind: ticket), 'outbound', 'public', 'phone', 'تماس', \(bind: interaction), \(bind: at))
            """).run()
    }

    @Test("times, SLA attainment, backlog and cost per channel, by channel, team and agent", arguments: TestDatabase.kinds)
    func ticketFigures(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 2)
            let a1 = f.agents[0].id, a2 = f.agents[1].id, teamA = f.team.id
            let teamB = try await ServiceTeams(db).create(name: "فروش", leadId: nil, managerId: nil, routing: nil, by: f.admin).id
            let c = f.customer.id, t0 = Self.azar, m = Self.minute, d = Self.day
            let now = t0 + 6 * d + 12 * Self.hour
            // 1: email, answered in 10 min (due 60: met), resolved in 100 min (due 200: met).
            let t1 = try await Self.insert(db, customer: c, Ticket(channel: "email", team: teamA, agent: a1, status: "resolved", created: t0 + d,
                firstResponse: t0 + d + 10 * m, firstDue: t0 + d + 60 * m, resolved: t0 + d + 100 * m, resolutionDue: t0 + d + 200 * m), number: "T-1")
            // 2: email, 30 min (due 20: missed), resolved in 300 min then closed (due 200: missed).
            try await Self.insert(db, customer: c, Ticket(channel: "email", team: teamA, agent: a1, status: "closed", created: t0 + 2 * d,
                firstResponse: t0 + 2 * d + 30 * m, firstDue: t0 + 2 * d + 20 * m, resolved: t0 + 2 * d + 300 * m, resolutionDue: t0 + 2 * d + 200 * m,
                closed: t0 + 2 * d + 400 * m), number: "T-2")
            // 3: SMS, 20 min (due 60) but the watch escalated a breach: missed; unresolved past its due: missed.
            let t3 = try await Self.insert(db, customer: c, Ticket(channel: "sms", team: teamA, agent: a2, status: "open", created: t0 + 3 * d,
                firstResponse: t0 + 3 * d + 20 * m, firstDue: t0 + 3 * d + 60 * m, resolutionDue: t0 + 3 * d + 200 * m), number: "T-3")
            try await db.sql.raw("""
                INSERT INTO ticket_escalations (ticket_id, target, level, period_start, due_at, at)
                VALUES (\(bind: t3), 'first-response', 1, \(bind: t0 + 3 * d), \(bind: t0 + 3 * d + 60 * m), \(bind: t0 + 3 * d + 61 * m)),
                       (\(bind: t3), 'resolution', 0, \(bind: t0 + 3 * d), \(bind: t0 + 3 * d + 200 * m), \(bind: t0 + 3 * d + 150 * m))
                """).run()
            // 4: SMS, team B, 40 min (due 60: met); waiting, resolution due after now: still running.
            let t4 = try await Self.insert(db, customer: c, Ticket(channel: "sms", team: teamB, agent: a2, status: "waiting", created: t0 + 4 * d,
                firstResponse: t0 + 4 * d + 40 * m, firstDue: t0 + 4 * d + 60 * m, resolutionDue: t0 + 9 * d), number: "T-4")
            // 5: a call nobody has answered yet, its first response due after now: running; no team, nobody.
            let t5 = try await Self.insert(db, customer: c, Ticket(channel: "phone", status: "new", created: t0 + 6 * d, firstDue: now + Self.hour), number: "T-5")
            // Left out of the period's figures: merged, deleted, opened before the period.
            try await Self.insert(db, customer: c, Ticket(channel: "email", status: "merged", created: t0 + d, firstResponse: t0 + d + m), number: "T-6")
            try await Self.insert(db, customer: c, Ticket(channel: "email", status: "open", created: t0 + d, firstResponse: t0 + d + m, deleted: true), number: "T-9")
            try await Self.insert(db, customer: c, Ticket(channel: "email", team: teamA, status: "open", created: t0 - 2 * d), number: "T-7")
            let t8 = try await Self.insert(db, customer: c, Ticket(channel: "phone", team: teamA, status: "open", created: t0 - 40 * d), number: "T-8")

            // Costs recorded in Azar: email 1000 (+ one without cost, + one in USD with no rate), SMS 500 + 300,
            // phone 2000 (T-5) + 4000 (T-8, opened earlier but served now); one before Azar is left out.
            try await Self.costed(db, ticket: t1, customer: c, at: t0 + d, cost: 1000)
            try await Self.costed(db, ticket: t1, customer: c, at: t0 + d + m, cost: nil)
            try await Self.costed(db, ticket: t1, customer: c, at: t0 + d + 2 * m, cost: 7, currency: "USD")
            try await Self.costed(db, ticket: t3, customer: c, at: t0 + 3 * d, cost: 500)
            try await Self.costed(db, ticket: t4, customer: c, at: t0 + 4 * d, cost: 300)
            try await Self.costed(db, ticket: t5, customer: c, at: t0 + 6 * d, cost: 2000)
            try await Self.costed(db, ticket: t8, customer: c, at: t0 + 5 * d, cost: 4000)
            try await Self.costed(db, ticket: t8, customer: c, at: t0 - 5 * d, cost: 9000)

            let azar = try Self.month("1405-09")
            let report = try await ServiceReports(db).read(try ServiceReportQuery(from: azar, to: azar), by: f.admin, now: Clock.date(now))

            // First responses 10, 30, 20, 40 → median (20 + 30) / 2 = 25, p90 rank ⌈3.6⌉ = 4 → 40.
            let all = report.overall
            #expect(all.opened == 5 && all.resolved == 2)
            #expect(all.firstResponse == ServiceReport.Durations(count: 4, medianMinutes: 25, p90Minutes: 40))
            // Resolutions 100, 300 → median 200, p90 rank ⌈1.8⌉ = 2 → 300.
            #expect(all.resolution == ServiceReport.Durations(count: 2, medianMinutes: 200, p90Minutes: 300))
            #expect(all.firstResponseSLA == ServiceReport.Attainment(met: 2, missed: 2) && all.firstResponseSLA.share == 0.5)
            #expect(all.resolutionSLA == ServiceReport.Attainment(met: 1, missed: 2))

            #expect(report.byChannel.map(\.key) == ["email", "sms", "phone"])
            let email = report.byChannel[0], sms = report.byChannel[1], phone = report.byChannel[2]
            #expect(email.firstResponse == ServiceReport.Durations(count: 2, medianMinutes: 20, p90Minutes: 30))
            #expect(sms.firstResponse == ServiceReport.Durations(count: 2, medianMinutes: 30, p90Minutes: 40))
            #expect(phone.firstResponse == .none && phone.opened == 1)
            #expect(email.firstResponseSLA == ServiceReport.Attainment(met: 1, missed: 1) && sms.firstResponseSLA == ServiceReport.Attainment(met: 1, missed: 1))
            #expect(sms.resolutionSLA == ServiceReport.Attainment(met: 0, missed: 1))

            // Teams by tickets opened (3 before 1), no team last.
            #expect(report.byTeam.map(\.key) == [String(teamA), String(teamB), nil])
            #expect(report.byTeam.map(\.opened) == [3, 1, 1])
            #expect(report.byTeam[0].name == "پشتیبانی" && report.byTeam[0].firstResponseSLA == ServiceReport.Attainment(met: 1, missed: 2))
            #expect(report.byAgent.map(\.key) == [String(a1), String(a2), nil])
            #expect(report.byAgent[0].name == "Agent 1" && report.byAgent[0].resolution == ServiceReport.Durations(count: 2, medianMinutes: 200, p90Minutes: 300))
            #expect(report.byAgent[1].firstResponse == ServiceReport.Durations(count: 2, medianMinutes: 30, p90Minutes: 40))

            // Backlog now (Azar 7, 12:00): T-5 new 0.5 d, T-4 waiting 2.5 d, T-3 open 3.5 d, T-7 open 8.5 d, T-8 open 46.5 d.
            let b = report.backlog
            #expect(b.total == 5)
            #expect(b.count(status: .new, bucket: .underOneDay) == 1 && b.count(status: .waiting, bucket: .oneToThreeDays) == 1)
            #expect(b.count(status: .open, bucket: .threeToSevenDays) == 1 && b.count(status: .open, bucket: .sevenToThirtyDays) == 1)
            #expect(b.count(bucket: .overThirtyDays) == 1 && b.count(status: .open) == 3)
            #expect(b.oldest?.number == "T-8" && b.oldest?.ticketId == t8)

            // Cost: email 1000 over 1 ticket, SMS 800 over 2 (400 each), phone 6000 over 2 (3000 each); 7800 over 5 tickets.
            let cost = report.cost
            #expect(cost.rows.map(\.channel) == [.email, .sms, .phone])
            #expect(cost.rows.map(\.total.minorUnits) == [1000, 800, 6000])
            #expect(cost.rows.map(\.interactions) == [3, 2, 2] && cost.rows.map(\.tickets) == [1, 2, 2])
            #expect(cost.rows.map { $0.perTicket?.minorUnits } == [1000, 400, 3000])
            #expect(cost.total == Money(minorUnits: 7800, currency: .irr) && cost.tickets == 5 && cost.perTicket?.minorUnits == 1560)
            #expect(cost.unconverted == 1, "the USD cost has no rate: left out and counted")

            // Narrowed to team B: only T-4.
            var q = try ServiceReportQuery(from: azar, to: azar)
            q.teamId = teamB
            let teamReport = try await ServiceReports(db).read(q, by: f.admin, now: Clock.date(now))
            #expect(teamReport.overall.opened == 1 && teamReport.backlog.total == 1 && teamReport.cost.total.minorUnits == 300)
            q = try ServiceReportQuery(from: azar, to: azar, channel: .email, agentId: a1)
            let agentReport = try await ServiceReports(db).read(q, by: f.admin, now: Clock.date(now))
            #expect(agentReport.overall.opened == 2 && agentReport.backlog.total == 0 && agentReport.backlog.oldest == nil)
        }
    }

    static func change(_ db: Database, _ customer: Int64, _ from: String?, _ to: String?, at: Int64) async throws {
        try await db.sql.raw("""
            INSERT INTO satisfaction_changes (customer_id, from_class, to_class, reasons, cause, at)
            VALUES (\(bind: customer), \(bind: from), \(bind: to), '[]', 'test', \(bind: at))
            """).run()
    }

    static func customer(_ db: Database, _ admin: Principal, _ name: String) async throws -> Int64 {
        try await CustomerRepository(db).create(CustomerInput(name: name), by: admin).id
    }

    @Test("classes replayed month by month, classes now, CSAT, NPS and recovery", arguments: TestDatabase.kinds)
    func satisfactionFigures(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let t0 = Self.azar, d = Self.day
            var ids: [Int64] = []
            for n in 1...6 { ids.append(try await Self.customer(db, admin, "مشتری \(n)")) }
            let (c1, c2, c3, c4, c5, c6) = (ids[0], ids[1], ids[2], ids[3], ids[4], ids[5])
            // Month ends: Aban → t0, Azar → t0 + 30 d, Dey → t0 + 60 d.
            try await Self.change(db, c1, nil, "satisfied", at: t0 - 60 * d)
            try await Self.change(db, c1, "satisfied", "happy", at: t0 + 5 * d)
            try await Self.change(db, c1, "happy", "enthusiastic", at: t0 + 40 * d)
            try await Self.change(db, c2, nil, "angry", at: t0 - 10 * d)
            try await Self.change(db, c2, "angry", "dissatisfied", at: t0 + 10 * d)
            try await Self.change(db, c2, "dissatisfied", "satisfied", at: t0 + 12 * d)
            try await Self.change(db, c3, nil, "happy", at: t0 + 20 * d)
            try await Self.change(db, c3, "happy", nil, at: t0 + 50 * d)
            // At the very instant Aban ends: counted from Azar on.
            try await Self.change(db, c4, nil, "dissatisfied", at: t0)
            // A deleted customer counts nowhere.
            try await Self.change(db, c5, nil, "happy", at: t0 - 5 * d)
            for (customer, cls) in [(c1, "enthusiastic"), (c2, "satisfied"), (c3, nil), (c4, "dissatisfied"), (c5, "happy"), (c6, "happy")] as [(Int64, String?)] {
                try await db.sql.raw("""
                    INSERT INTO customer_satisfaction (customer_id, class, reasons, since, assessed_at) VALUES (\(bind: customer), \(bind: cls), '[]', 0, 0)
                    """).run()
            }
            try await CustomerRepository(db).delete(c5, by: admin)

            // Answers in Aban–Dey: CSAT 5, 5, 4, 2, 1 (mean 3.4, top box 2 of 5); NPS 10, 9, 7, 3, 8 (promoters 2, detractors 1:
            // NPS (2 − 1) / 5 = 20). Outside the period or unanswered: left out.
            let answers: [(Int?, Int?, Int64?)] = [(5, 10, t0), (5, 9, t0 + d), (4, 7, t0 + 2 * d), (2, 3, t0 + 3 * d), (1, nil, t0 + 4 * d),
                                                   (nil, 8, t0 + 5 * d), (1, 0, t0 - 40 * d), (nil, nil, nil)]
            for (i, (csat, nps, at)) in answers.enumerated() {
                try await db.sql.raw("""
                    INSERT INTO surveys (customer_id, occasion, language, token_hash, expires_at, answered_at, csat, nps, created_at)
                    VALUES (\(bind: c1), 'manual', 'fa', \(bind: "hash\(i)"), \(bind: t0 + 90 * d), \(bind: at), \(bind: csat), \(bind: nps), \(bind: t0 - 50 * d))
                    """).run()
            }
            // Recovery: r1 opened Azar 2, closed Azar 4 (2 d), recovered, angry → satisfied; r2 opened in Mehr, closed Azar 3
            // (42 d), not recovered; r3 still open; r4 opened Azar 6, closed Azar 7 (1 d), recovered, not measured yet.
            let cases: [(Int64, Int64?, String?, String?, String?, String?)] = [
                (t0 + d, t0 + 3 * d, "new device sent", "angry", "satisfied", "recovered"),
                (t0 - 40 * d, t0 + 2 * d, "customer left", "dissatisfied", "dissatisfied", "not_recovered"),
                (t0 + 10 * d, nil, nil, "angry", nil, "open"), (t0 + 5 * d, t0 + 6 * d, "apology and discount", "angry", nil, "recovered"),
            ]
            for (i, (opened, closed, outcome, before, after, status)) in cases.enumerated() {
                try await db.sql.raw("""
                    INSERT INTO recovery_cases (number, customer_id, status, priority, class_before, class_after, outcome, opened_at, closed_at, created_at, updated_at)
                    VALUES (\(bind: "R-\(i)"), \(bind: ids[i]), \(bind: status), 'urgent', \(bind: before), \(bind: after), \(bind: outcome), \(bind: opened),
                      \(bind: closed), \(bind: opened), \(bind: opened))
                    """).run()
            }

            let query = try ServiceReportQuery(from: try Self.month("1405-08"), to: try Self.month("1405-10"))
            let report = try await ServiceReports(db).read(query, by: admin, now: Clock.date(t0 + 70 * d))

            #expect(report.classesOverTime.map(\.month.key) == ["1405-08", "1405-09", "1405-10"])
            #expect(report.classesOverTime[0].counts == [.satisfied: 1, .angry: 1])
            #expect(report.classesOverTime[1].counts == [.happy: 2, .satisfied: 1, .dissatisfied: 1])
            #expect(report.classesOverTime[2].counts == [.enthusiastic: 1, .satisfied: 1, .dissatisfied: 1])
            #expect(report.classesOverTime[1].end == Clock.date(t0 + 30 * d))

            let now = report.classesNow
            #expect(now.counts == [.enthusiastic: 1, .satisfied: 1, .dissatisfied: 1, .happy: 1] && now.unclassed == 1)
            #expect(now.fullySatisfied == 2 && now.fullySatisfiedShare == 0.5 && now.share(.happy) == 0.25)

            let s = report.surveys
            #expect(s.answered == 6 && s.csatCount == 5 && s.csatAverage == 3.4 && s.csatTopBox == 2 && s.csatTopBoxShare == 0.4)
            #expect(s.npsCount == 5 && s.promoters == 2 && s.detractors == 1 && s.passives == 2 && s.nps == 20)

            let r = report.recovery
            #expect(r.opened == 3 && r.closed == 3 && r.recovered == 2 && r.improved == 1)
            #expect(r.medianCloseMinutes == Double(2 * 24 * 60))
            #expect(r.transitions == [.init(before: .angry, after: .satisfied, count: 1), .init(before: .angry, after: nil, count: 1),
                                      .init(before: .dissatisfied, after: .dissatisfied, count: 1)])
        }
    }

    @Test("a month range: from after to, another calendar, more than 36 months are refused; who may read", arguments: TestDatabase.kinds)
    func boundsAndAccess(kind: String) async throws {
        #expect(throws: ValidationError.self) { try ServiceReportQuery(from: try Self.month("1405-09"), to: try Self.month("1405-08")) }
        #expect(throws: ValidationError.self) { try ServiceReportQuery(from: try Self.month("1402-01"), to: try Self.month("1405-01")) }
        #expect(throws: ValidationError.self) { try ServiceReportQuery(from: try Self.month("1405-09"), to: try ForecastPeriod(key: "2026-12", .gregorian)) }
        #expect(throws: ValidationError.self) { try ServiceReportQuery(from: try Self.month("9999-12"), to: try Self.month("9999-12")) }
        let longest = try ServiceReportQuery(from: try Self.month("1402-02"), to: try Self.month("1405-01"))
        #expect(longest.months.count == 36 && longest.months.last?.key == "1405-01")
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let q = try ServiceReportQuery(from: try Self.month("1405-09"), to: try Self.month("1405-09"))
            let empty = try await ServiceReports(db).read(q, by: admin)
            #expect(empty.overall.opened == 0 && empty.backlog.total == 0 && empty.cost.rows.isEmpty && empty.classesOverTime.count == 1)
            #expect(empty.surveys.nps == nil && empty.recovery.medianCloseMinutes == nil && empty.classesNow.fullySatisfiedShare == nil)
            let rep = try await UserRepository(db).create(email: "rep@example.test", name: "Rep", role: .salesRep, password: "long enough pw").principal
            await #expect(throws: StoreError.self) { try await ServiceReports(db).read(q, by: rep) }
            let agent = try await ServiceFixture.agent(db, 9).principal
            _ = try await ServiceReports(db).read(q, by: agent)
        }
    }

    @Test("the period's queries start from the indexes of migration 42 (SQLite's plan)")
    func plansUseIndexes() async throws {
        try await TestDatabase.with("sqlite") { db in
            // A few thousand rows and fresh statistics, as a live database has: on empty tables SQLite rightly scans.
            let admin = try await TestDatabase.admin(db)
            let c = try await Self.customer(db, admin, "مشتری")
            for sql: SQLQueryString in [
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
                INSERT INTO tickets (number, customer_id, subject, channel, category, priority, status, language, last_message_at, created_at, updated_at)
                SELECT 'T-' || i, \(bind: c), 's', 'email', 'question', 'normal', 'closed', 'fa', i * 60000, i * 60000, i * 60000 FROM n
                """,
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
                INSERT INTO interactions (customer_id, kind, channel, direction, occurred_at, cost_minor, cost_currency, created_at)
                SELECT \(bind: c), 'call', 'phone', 'outbound', i * 60000, 100, 'IRR', i * 60000 FROM n
                """,
                "INSERT INTO ticket_messages (ticket_id, direction, visibility, channel, body, interaction_id, created_at) SELECT t.id, 'outbound', 'public', 'phone', 'x', t.id, t.created_at FROM tickets t",
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
                INSERT INTO recovery_cases (number, customer_id, status, priority, opened_at, closed_at, created_at, updated_at)
                SELECT 'R-' || i, \(bind: c), 'closed', 'urgent', i * 60000, i * 60000 + 1, 0, 0 FROM n
                """,
                "ANALYZE",
            ] { try await db.sql.raw(sql).run() }
            let q = try ServiceReportQuery(from: try Self.month("1405-09"), to: try Self.month("1405-09"))
            func plan(_ sql: SQLQueryString) async throws -> String {
                var explain: SQLQueryString = "EXPLAIN QUERY PLAN "
                explain += sql
                return try await db.sql.raw(explain).all().map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "\n")
            }
            let cohortPlan = try await plan(ServiceReports.cohort(q, now: Date()))
            #expect(cohortPlan.contains("tickets_created"), "\(cohortPlan)")
            var cost: SQLQueryString = "SELECT COUNT(*) "
            cost += ServiceReports.costSource(q)
            let costPlan = try await plan(cost)
            #expect(costPlan.contains("ticket_messages_costed"), "\(costPlan)")
            let recoveryPlan = try await plan("SELECT COUNT(*) FROM recovery_cases WHERE closed_at >= 0 AND closed_at < 10")
            #expect(recoveryPlan.contains("recovery_cases_closed"), "\(recoveryPlan)")
            #expect(try await plan("SELECT COUNT(*) FROM surveys s WHERE s.answered_at >= 0 AND s.answered_at < 10").contains("surveys_answered"))
        }
    }
}
