import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

/// The forecast reads running totals kept by triggers; these tests write deals, leads,
/// interactions and tasks with plain SQL (as any writer would, imports included), change them at
/// random, and check every figure against a sum worked out here from the rows themselves.
@Suite("The sales forecast")
struct ForecastTests {
    static let offset: Int64 = 12_600_000

    struct Deal {
        var id: Int64 = 0
        var pipeline: Int64, stage: Int64, owner: Int64?, status: String, probability: Int?
        var amount: Int64, closeDay: Int?, closedAt: Int64? = nil, deleted = false
    }

    static func setUp(_ db: Database) async throws -> (admin: Principal, reps: [User], stages: [Int64: (pipeline: Int64, p: Int)]) {
        let admin = try await TestDatabase.admin(db)
        var reps: [User] = []
        for (i, name) in ["مریم", "Reza", "سارا"].enumerated() {
            reps.append(try await UserRepository(db).create(email: "rep\(i)@example.test", name: name, role: .salesRep, password: "long enough pw"))
        }
        let sql = db.sql
        try await sql.raw("INSERT INTO pipelines (name, position, created_at, updated_at) VALUES ('Projects', 2, 0, 0)").run()
        try await sql.raw("INSERT INTO pipeline_stages (pipeline_id, name, position, probability) VALUES (2, 'Tender', 1, 30), (2, 'Signed', 2, 95)").run()
        var stages: [Int64: (Int64, Int)] = [:]
        for row in try await sql.raw("SELECT id, pipeline_id, probability FROM pipeline_stages").all() {
            stages[try row.decode(column: "id", as: Int64.self)] = (try row.decode(column: "pipeline_id", as: Int64.self), try row.decode(column: "probability", as: Int.self))
        }
        return (admin, reps, stages)
    }

    static func customer(_ db: Database, _ admin: Principal) async throws -> Int64 {
        try await CustomerRepository(db).create(CustomerInput(name: "شرکت پارس"), by: admin).id
    }

    static func insert(_ db: any SQLDatabase, _ d: Deal, customer: Int64) async throws -> Int64 {
        try await db.raw("""
            INSERT INTO deals (pipeline_id, stage_id, status, title, customer_id, owner_id, currency, amount_minor, amount_base_minor, probability,
              expected_close_day, closed_at, stage_entered_at, created_at, updated_at, deleted_at)
            VALUES (\(bind: d.pipeline), \(bind: d.stage), \(bind: d.status), 'deal', \(bind: customer), \(bind: d.owner), 'IRR', \(bind: d.amount),
              \(bind: d.amount), \(bind: d.probability), \(bind: d.closeDay.map(Int64.init)), \(bind: d.closedAt), 0, 0, 0,
              \(bind: d.deleted ? Int64(1) : nil))
            RETURNING id
            """).first()!.decode(column: "id", as: Int64.self)
    }

    /// A deal of any stage, owner, status and amount, with its own probability half the time,
    /// closing (or closed, at any hour) on a day of `days`; a tenth of the open ones undated.
    static func randomDeal(stages: [Int64: (pipeline: Int64, p: Int)], owners: [Int64?], days: Range<Int>,
                           using r: inout SystemRandomNumberGenerator) -> Deal {
        let stage = stages.keys.sorted().randomElement(using: &r)!
        let status = ["open", "open", "open", "won", "lost"].randomElement(using: &r)!
        let day = Int.random(in: days, using: &r)
        return Deal(pipeline: stages[stage]!.pipeline, stage: stage, owner: owners.randomElement(using: &r)!,
                    status: status, probability: Bool.random(using: &r) ? Int.random(in: 0...100, using: &r) : nil,
                    amount: Int64.random(in: 0...9_000_000_000, using: &r),
                    closeDay: status == "open" && Int.random(in: 0..<10, using: &r) > 0 ? day : nil,
                    closedAt: status == "open" ? nil : Int64(day) * 86_400_000 - offset + Int64.random(in: 0..<86_400_000, using: &r))
    }

    /// The figures of one period worked out from the deals, as a person would with a spreadsheet.
    static func expected(_ deals: [Deal], _ period: ForecastPeriod, stages: [Int64: (pipeline: Int64, p: Int)],
                         owner: Int64? = nil, pipeline: Int64? = nil, thresholds: ForecastThresholds = .standard) -> ForecastFigures {
        var f = ForecastFigures()
        var weighted: Int128 = 0
        for d in deals where !d.deleted && (owner == nil || d.owner == owner) && (pipeline == nil || d.pipeline == pipeline) {
            let day: Int? = d.status == "open" ? d.closeDay : d.closedAt.map { Int(($0 + offset) / 86_400_000) }
            guard let day, day >= period.startDay, day < period.endDay else { continue }
            switch d.status {
            case "won":
                f.won += d.amount; f.wonDeals += 1; weighted += Int128(d.amount) * 100; f.commit += d.amount; f.bestCase += d.amount
            case "lost":
                f.lost += d.amount; f.lostDeals += 1
            default:
                let p = d.probability ?? stages[d.stage]!.p
                f.pipeline += d.amount; f.openDeals += 1
                weighted += Int128(d.amount) * Int128(p)
                if p >= thresholds.commitFrom { f.commit += d.amount }
                if p >= thresholds.bestCaseFrom { f.bestCase += d.amount }
            }
        }
        f.weighted = Int64((weighted + 50) / 100)  // exact, rounded once, half up
        return f
    }

    static func money(_ f: ForecastFigures) -> [Int64] {
        [f.won, Int64(f.wonDeals), f.lost, Int64(f.lostDeals), f.pipeline, Int64(f.openDeals), f.commit, f.bestCase, f.weighted]
    }

    @Test("random deals, then random moves, wins, losses and deletions: every period, owner and pipeline adds up", arguments: TestDatabase.kinds)
    func figuresMatchTheDeals(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, reps, stages) = try await Self.setUp(db)
            let customer = try await Self.customer(db, admin)
            var r = SystemRandomNumberGenerator()
            let year = try ForecastPeriod(.jalali, .month, year: 1405, index: 1)
            let first = year.startDay - 20, last = year.siblings[11].endDay + 20
            func random() -> Deal { Self.randomDeal(stages: stages, owners: reps.map(\.id) + [nil], days: first..<last, using: &r) }
            var deals: [Deal] = []
            for _ in 0..<200 {
                var d = random()
                d.id = try await Self.insert(db.sql, d, customer: customer)
                deals.append(d)
            }
            // Change a third of them as the board and the deal page would: any column, any value.
            for i in deals.indices where Int.random(in: 0..<3, using: &r) == 0 {
                var d = random()
                d.id = deals[i].id
                d.deleted = Int.random(in: 0..<8, using: &r) == 0
                try await db.sql.raw("""
                    UPDATE deals SET pipeline_id = \(bind: d.pipeline), stage_id = \(bind: d.stage), status = \(bind: d.status),
                      owner_id = \(bind: d.owner), probability = \(bind: d.probability), amount_base_minor = \(bind: d.amount),
                      expected_close_day = \(bind: d.closeDay.map(Int64.init)), closed_at = \(bind: d.closedAt),
                      deleted_at = \(bind: d.deleted ? Int64(1) : nil)
                    WHERE id = \(bind: d.id)
                    """).run()
                deals[i] = d
            }
            // And remove a few outright.
            for i in deals.indices.reversed() where Int.random(in: 0..<20, using: &r) == 0 {
                try await db.sql.raw("DELETE FROM deals WHERE id = \(bind: deals[i].id)").run()
                deals.remove(at: i)
            }
            let forecast = SalesForecast(db)
            for granularity in ForecastPeriod.Granularity.allCases {
                let period = try ForecastPeriod(.jalali, granularity, year: 1405, index: 1)
                let read = try await forecast.read(ForecastQuery(period: period), by: admin)
                #expect(read.periods.count == (granularity == .month ? 12 : 4))
                for row in read.periods {
                    #expect(Self.money(row.figures) == Self.money(Self.expected(deals, row.period, stages: stages)), "\(row.period.key)")
                }
                #expect(Self.money(read.total) == Self.money(Self.expected(deals, period, stages: stages)))
                for rep in reps {
                    let mine = read.owners.first { $0.userId == rep.id }?.figures ?? ForecastFigures()
                    #expect(Self.money(mine) == Self.money(Self.expected(deals, period, stages: stages, owner: rep.id)), "\(rep.name)")
                }
                for p in [Int64(1), 2] {
                    let byPipeline = read.pipelines.first { $0.pipelineId == p }?.figures ?? ForecastFigures()
                    #expect(Self.money(byPipeline) == Self.money(Self.expected(deals, period, stages: stages, pipeline: p)))
                    let only = try await forecast.read(ForecastQuery(period: period, pipelineId: p), by: admin)
                    #expect(Self.money(only.total) == Self.money(byPipeline))
                }
            }
            // The same deals by Gregorian quarter.
            let q = try ForecastPeriod(.gregorian, .quarter, year: 2026, index: 2)
            let gregorian = try await forecast.read(ForecastQuery(period: q), by: admin)
            for row in gregorian.periods {
                #expect(Self.money(row.figures) == Self.money(Self.expected(deals, row.period, stages: stages)), "\(row.period.key)")
            }
            // Open deals with no close date are counted apart.
            let undated = deals.filter { !$0.deleted && $0.status == "open" && $0.closeDay == nil }
            #expect(gregorian.undated.openDeals == undated.count && gregorian.undated.pipeline == undated.reduce(0) { $0 + $1.amount })
        }
    }

    @Test("a forecast kept between rounds of random changes agrees with one computed afresh and with the deals: only stamped months are added up again", arguments: TestDatabase.kinds)
    func keptMonthsFollowEachChange(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, reps, stages) = try await Self.setUp(db)
            let customer = try await Self.customer(db, admin)
            var r = SystemRandomNumberGenerator()
            let quarter = try ForecastPeriod(.jalali, .quarter, year: 1405, index: 1)
            let months = quarter.siblings.flatMap { q in (q.firstMonth...q.lastMonth).map { try! ForecastPeriod(.jalali, .month, year: 1405, index: $0) } }
            let stageIds = Array(stages.keys).sorted()
            func random(_ id: Int64 = 0) -> Deal {
                var d = Self.randomDeal(stages: stages, owners: [reps[0].id, reps[1].id, nil], days: months[0].startDay..<months[11].endDay, using: &r)
                d.id = id
                return d
            }
            var deals: [Deal] = []
            for _ in 0..<60 {
                var d = random()
                d.id = try await Self.insert(db.sql, d, customer: customer)
                deals.append(d)
            }
            let kept = SalesForecast(db)
            _ = try await kept.read(ForecastQuery(period: quarter), by: admin)
            for round in 0..<6 {
                // A few deals move to another stage, month or status, one goes, one arrives.
                for i in deals.indices.shuffled(using: &r).prefix(3) {
                    let d = random(deals[i].id)
                    try await db.sql.raw("""
                        UPDATE deals SET pipeline_id = \(bind: d.pipeline), stage_id = \(bind: d.stage), status = \(bind: d.status),
                          owner_id = \(bind: d.owner), probability = \(bind: d.probability), amount_base_minor = \(bind: d.amount),
                          expected_close_day = \(bind: d.closeDay.map(Int64.init)), closed_at = \(bind: d.closedAt), updated_at = \(bind: Int64(round + 1))
                        WHERE id = \(bind: d.id)
                        """).run()
                    deals[i] = d
                }
                let gone = deals.remove(at: Int.random(in: 0..<deals.count, using: &r))
                try await db.sql.raw("DELETE FROM deals WHERE id = \(bind: gone.id)").run()
                var arrived = random()
                arrived.id = try await Self.insert(db.sql, arrived, customer: customer)
                deals.append(arrived)
                let read = try await kept.read(ForecastQuery(period: quarter), by: admin)
                let afresh = try await SalesForecast(db).read(ForecastQuery(period: quarter), by: admin)
                #expect(read.periods.map { Self.money($0.figures) } == afresh.periods.map { Self.money($0.figures) }, "round \(round)")
                for row in read.periods {
                    #expect(Self.money(row.figures) == Self.money(Self.expected(deals, row.period, stages: stages)), "round \(round) \(row.period.key)")
                }
            }
            // A stage moved on the board stamps its month alone.
            let open = deals.first { $0.status == "open" && $0.closeDay != nil }!
            let before = try await db.sql.raw("SELECT MAX(changed_at) AS m FROM deal_forecast_months").first()!.decode(column: "m", as: Int64.self)
            let other = stageIds.first { $0 != open.stage && stages[$0]!.pipeline == open.pipeline }!
            try await Task.sleep(for: .milliseconds(5))
            try await db.sql.raw("UPDATE deals SET stage_id = \(bind: other) WHERE id = \(bind: open.id)").run()
            let touched = try await db.sql.raw("""
                SELECT DISTINCT calendar, month FROM deal_forecast_months WHERE changed_at > \(bind: before) ORDER BY calendar
                """).all().map { try $0.decode(column: "calendar", as: String.self) }
            #expect(touched.filter { $0 == "jalali" }.count == 1 && touched.filter { $0 == "gregorian" }.count == 1)
        }
    }

    @Test("a stage's probability changed later changes the weighted figure; thresholds move commit and best case", arguments: TestDatabase.kinds)
    func probabilitiesAndThresholds(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, reps, stages) = try await Self.setUp(db)
            let customer = try await Self.customer(db, admin)
            let period = try ForecastPeriod(.jalali, .quarter, year: 1405, index: 1)
            let stage = stages.first { $0.value.pipeline == 1 && $0.value.p == 50 }!.key
            let d = Deal(pipeline: 1, stage: stage, owner: reps[0].id, status: "open", probability: nil, amount: 1_000_000, closeDay: period.startDay, closedAt: nil)
            _ = try await Self.insert(db.sql, d, customer: customer)
            let forecast = SalesForecast(db)
            var read = try await forecast.read(ForecastQuery(period: period), by: admin)
            #expect(read.total.weighted == 500_000 && read.total.commit == 0 && read.total.bestCase == 1_000_000)
            try await db.sql.raw("UPDATE pipeline_stages SET probability = 80 WHERE id = \(bind: stage)").run()
            read = try await forecast.read(ForecastQuery(period: period), by: admin)
            #expect(read.total.weighted == 800_000 && read.total.commit == 1_000_000)
            try await SalesQuotas(db).setThresholds(ForecastThresholds(commitFrom: 90, bestCaseFrom: 85), by: admin)
            read = try await forecast.read(ForecastQuery(period: period), by: admin)
            #expect(read.total.commit == 0 && read.total.bestCase == 0 && read.thresholds.commitFrom == 90)
            for bad in [ForecastThresholds(commitFrom: 101, bestCaseFrom: 0), ForecastThresholds(commitFrom: 50, bestCaseFrom: 60)] {
                do {
                    try await SalesQuotas(db).setThresholds(bad, by: admin)
                    Issue.record("\(bad) was accepted")
                } catch StoreError.invalid(let e) {
                    #expect(!e.issues.isEmpty)
                }
            }
            #expect(try await forecast.read(ForecastQuery(period: period), by: admin).thresholds.commitFrom == 90)
            do {
                try await SalesQuotas(db).setThresholds(.standard, by: reps[0].principal)
                Issue.record("a rep set the thresholds")
            } catch StoreError.forbidden {}
        }
    }

    @Test("quotas by month add up to the quarter; attainment is won over quota; a rep reads only their own forecast", arguments: TestDatabase.kinds)
    func quotasAndScope(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, reps, stages) = try await Self.setUp(db)
            let customer = try await Self.customer(db, admin)
            let quotas = SalesQuotas(db)
            let q1 = try ForecastPeriod(.jalali, .quarter, year: 1405, index: 1)
            for m in 1...3 { try await quotas.set(userId: reps[0].id, period: try ForecastPeriod(.jalali, .month, year: 1405, index: m), amount: 10_000_000, by: admin) }
            try await quotas.set(userId: reps[1].id, period: q1, amount: 50_000_000, by: admin)
            try await quotas.setTeam(userId: reps[0].id, team: "تهران", by: admin)
            try await quotas.setTeam(userId: reps[1].id, team: "Export", by: admin)
            let stage = stages.keys.sorted()[0]
            let wonAt = Int64(q1.startDay + 10) * 86_400_000 - Self.offset + 3_600_000
            _ = try await Self.insert(db.sql, Deal(pipeline: 1, stage: stage, owner: reps[0].id, status: "won", probability: nil, amount: 15_000_000,
                                                   closeDay: nil, closedAt: wonAt), customer: customer)
            _ = try await Self.insert(db.sql, Deal(pipeline: 1, stage: stage, owner: reps[1].id, status: "open", probability: 60, amount: 7_000_000,
                                                   closeDay: q1.startDay + 40, closedAt: nil), customer: customer)
            let forecast = SalesForecast(db)
            let read = try await forecast.read(ForecastQuery(period: q1), by: admin)
            let maryam = try #require(read.owners.first { $0.userId == reps[0].id })
            #expect(maryam.figures.quota == 30_000_000 && maryam.figures.won == 15_000_000 && maryam.figures.attainment == 50 && maryam.team == "تهران")
            #expect(read.owners.first { $0.userId == reps[1].id }?.figures.quota == 50_000_000)
            #expect(read.total.quota == 80_000_000)
            #expect(read.periods[0].figures.quota == 80_000_000 && read.periods[1].figures.quota == nil)
            #expect(Set(read.teams.map(\.team)) == ["تهران", "Export"])
            let monthly = try await forecast.read(ForecastQuery(period: try ForecastPeriod(.jalali, .month, year: 1405, index: 1)), by: admin)
            #expect(monthly.periods[0].figures.quota == 10_000_000 && monthly.periods[2].figures.quota == 10_000_000)
            let team = try await forecast.read(ForecastQuery(period: q1, team: "Export"), by: admin)
            #expect(team.owners.map(\.userId) == [reps[1].id] && team.total.won == 0 && team.total.pipeline == 7_000_000)
            // A rep's own forecast, whatever they ask for.
            let own = try await forecast.read(ForecastQuery(period: q1, ownerId: reps[1].id), by: reps[0].principal)
            #expect(own.owners.map(\.userId) == [reps[0].id] && own.total.won == 15_000_000 && own.total.pipeline == 0)
            do {
                try await quotas.set(userId: reps[0].id, period: q1, amount: -1, by: admin)
                Issue.record("a negative quota was accepted")
            } catch StoreError.invalid(let e) { #expect(e.issues.first?.field == "amount") }
            do {
                try await quotas.set(userId: reps[0].id, period: q1, amount: 1, by: reps[0].principal)
                Issue.record("a rep set a quota")
            } catch StoreError.forbidden {}
            // Removing a quota.
            try await quotas.set(userId: reps[1].id, period: q1, amount: nil, by: admin)
            #expect(try await forecast.read(ForecastQuery(period: q1), by: admin).total.quota == 30_000_000)
            #expect(try await quotas.list(q1, by: admin).count == 0)
            #expect(try await quotas.list(try ForecastPeriod(.jalali, .month, year: 1405, index: 1), by: admin).count == 3)
        }
    }

    @Test("the funnel counts a period's leads by source and channel, their deals and the won ones; activity counts each rep's work", arguments: TestDatabase.kinds)
    func funnelAndActivity(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, reps, stages) = try await Self.setUp(db)
            let customer = try await Self.customer(db, admin)
            let q1 = try ForecastPeriod(.jalali, .quarter, year: 1405, index: 1)
            let (start, _) = (Int64(q1.startDay) * 86_400_000 - Self.offset, 0)
            let stage = stages.keys.sorted()[0]
            let won = try await Self.insert(db.sql, Deal(pipeline: 1, stage: stage, owner: reps[0].id, status: "won", probability: nil, amount: 9_000,
                                                         closeDay: nil, closedAt: start + 5_000), customer: customer)
            let open = try await Self.insert(db.sql, Deal(pipeline: 1, stage: stage, owner: reps[0].id, status: "open", probability: nil, amount: 1,
                                                          closeDay: q1.startDay, closedAt: nil), customer: customer)
            // Leads: three from the web form (two converted, one won), one imported, one before the quarter.
            let leads: [(String, String, Int64?, Int64)] = [("نمایشگاه", "web-form", won, start), ("نمایشگاه", "web-form", open, start + 1),
                                                           ("نمایشگاه", "web-form", nil, start + 2), ("Google", "import", nil, start + 3),
                                                           ("Google", "import", nil, start - 1)]
            for (source, channel, deal, at) in leads {
                try await db.sql.raw("""
                    INSERT INTO leads (status, name, channel, source, consent, name_key, deal_id, owner_id, created_at, updated_at)
                    VALUES ('new', 'x', \(bind: channel), \(bind: source), \(bind: false), 'x', \(bind: deal), \(bind: reps[0].id), \(bind: at), \(bind: at))
                    """).run()
            }
            // Activity: interactions as staff, one later deleted; tasks done.
            let interactions = InteractionRepository(db)
            var ids: [Int64] = []
            for kind in [InteractionKind.call, .call, .meeting, .email, .sms, .note] {
                ids.append(try await db.sql.raw("""
                    INSERT INTO interactions (customer_id, kind, occurred_at, staff_id, created_at)
                    VALUES (\(bind: customer), \(bind: kind.rawValue), \(bind: start + 60_000), \(bind: reps[1].id), 0) RETURNING id
                    """).first()!.decode(column: "id", as: Int64.self))
            }
            _ = interactions
            try await db.sql.raw("UPDATE interactions SET deleted_at = 1 WHERE id = \(bind: ids[1])").run()
            try await db.sql.raw("UPDATE interactions SET staff_id = \(bind: reps[2].id) WHERE id = \(bind: ids[3])").run()
            for status in ["done", "done", "open"] {
                try await db.sql.raw("""
                    INSERT INTO tasks (title, assignee_id, status, done_at, done_by, created_at, updated_at)
                    VALUES ('t', \(bind: reps[1].id), \(bind: status), \(bind: status == "done" ? start + 10 : nil), \(bind: status == "done" ? reps[1].id : nil), 0, 0)
                    """).run()
            }
            let read = try await SalesForecast(db).read(ForecastQuery(period: q1), by: admin)
            let web = try #require(read.funnel.byChannel.first { $0.key == "web-form" })
            #expect(web.leads == 3 && web.converted == 2 && web.won == 1 && web.wonAmount == 9_000)
            #expect(read.funnel.bySource.map(\.key) == ["نمایشگاه", "Google"] && read.funnel.bySource[1].leads == 1)
            #expect(read.funnel.total.leads == 4 && read.funnel.total.conversionRate == 50 && read.funnel.total.winRate == 50)
            let reza = try #require(read.activity.first { $0.userId == reps[1].id })
            #expect(reza.calls == 1 && reza.meetings == 1 && reza.emails == 0 && reza.messages == 1 && reza.tasksDone == 2 && reza.name == "Reza")
            #expect(read.activity.first { $0.userId == reps[2].id }?.emails == 1)
            #expect(read.activity.first { $0.userId == reps[0].id }?.dealsWon == 1)
        }
    }

    @Test("what the forecast keeps between reads is dropped by any stored change: a deal, a lead, an interaction, a task, a quota, a setting", arguments: TestDatabase.kinds)
    func keptSumsFollowChanges(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, reps, stages) = try await Self.setUp(db)
            let customer = try await Self.customer(db, admin)
            let period = try ForecastPeriod(.jalali, .quarter, year: 1405, index: 1)
            let start = Int64(period.startDay) * 86_400_000 - Self.offset
            let stage = stages.first { $0.value.pipeline == 1 && $0.value.p == 50 }!.key
            let forecast = SalesForecast(db)
            func read(_ q: ForecastQuery = ForecastQuery(period: period)) async throws -> Forecast { try await forecast.read(q, by: admin) }
            #expect(try await read().total.openDeals == 0)
            // Many readers at once on an empty cache all get the same answer.
            let answers = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<12 { group.addTask { try await read().total.openDeals } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(answers == Array(repeating: 0, count: 12))
            // A deal stored through the store, then moved: each read sees it at once.
            let deal = try await Deals(db).create(DealInput(title: "سامانه", pipelineId: 1, stageId: stage, customerId: customer, ownerId: reps[0].id,
                                                            amount: "1000000", expectedClose: JalaliDate(daysSinceUnixEpoch: period.startDay)), by: admin)
            #expect(try await read().total.openDeals == 1)
            #expect(try await read().total.weighted == 500_000)
            // Filters are applied to what is kept: another rep, another pipeline, a team.
            #expect(try await read(ForecastQuery(period: period, ownerId: reps[1].id)).total.openDeals == 0)
            #expect(try await read(ForecastQuery(period: period, pipelineId: 2)).total.openDeals == 0)
            try await SalesQuotas(db).setTeam(userId: reps[0].id, team: "شمال", by: admin)
            #expect(try await read(ForecastQuery(period: period, team: "شمال")).total.openDeals == 1)
            #expect(try await read(ForecastQuery(period: period, team: "جنوب")).total.openDeals == 0)
            _ = try await Deals(db).close(deal.id, won: true, reason: nil, competitor: nil, expectedVersion: deal.version, by: admin)
            let won = try await read()
            #expect(won.total.openDeals == 0 && won.periods.reduce(0) { $0 + $1.figures.wonDeals } == 1)
            // A stage's probability, a threshold, a quota.
            try await db.sql.raw("UPDATE pipeline_stages SET probability = 80 WHERE id = \(bind: stage)").run()
            try await SalesQuotas(db).setThresholds(ForecastThresholds(commitFrom: 90, bestCaseFrom: 85), by: admin)
            #expect(try await read().thresholds.commitFrom == 90)
            // An interaction by a rep and a lead arriving show in the activity and the funnel.
            let before = try await read().activity.first { $0.userId == reps[1].id }?.calls ?? 0
            try await db.sql.raw("""
                INSERT INTO interactions (customer_id, kind, occurred_at, staff_id, created_at)
                VALUES (\(bind: customer), 'call', \(bind: start + 60_000), \(bind: reps[1].id), 0)
                """).run()
            #expect(try await read().activity.first { $0.userId == reps[1].id }?.calls == before + 1)
            try await db.sql.raw("""
                INSERT INTO leads (status, name, channel, source, consent, name_key, owner_id, created_at, updated_at)
                VALUES ('new', 'x', 'web-form', 'نمایشگاه', \(bind: false), 'x', \(bind: reps[0].id), \(bind: start), \(bind: Int64(Date().timeIntervalSince1970 * 1000)))
                """).run()
            #expect(try await read().funnel.total.leads == 1)
        }
    }
}
