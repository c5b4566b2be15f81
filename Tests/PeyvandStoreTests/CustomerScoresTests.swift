import Foundation
import PeyvandAnalytics
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

@Suite("Customer scores from the order history")
struct CustomerScoresTests {
    /// 400 demo customers with their orders, scored as `serve` scores them.
    static func scored(_ kind: String, _ body: @escaping @Sendable (Database, Date, [AnalyticsRun], Principal) async throws -> Void) async throws {
        try await TestDatabase.with(kind) { db in
            let now = Date(timeIntervalSince1970: 1_790_000_000)
            try await DemoGenerator(database: db, seed: 7).run(customers: 400, interactionsPerCustomer: 0, now: now)
            try await DemoCommerce(database: db, seed: 7).run(now: now)
            let runs = try await CustomerScores(db).refresh(asOf: now)
            try await body(db, now, runs, try await TestDatabase.admin(db))
        }
    }

    @Test("scores streamed from the database equal the models run on the same purchases", arguments: TestDatabase.kinds)
    func matchesModels(kind: String) async throws {
        try await Self.scored(kind) { db, now, runs, admin in
            // The reference: every order as a transaction, through the library's own summaries.
            let rows = try await db.sql.raw("""
                SELECT o.customer_id, o.ordered_at, CAST(SUM(l.base_net_minor) AS BIGINT) AS amount FROM orders o
                JOIN order_lines l ON l.order_id = o.id WHERE o.status <> 'draft' AND o.status <> 'cancelled'
                GROUP BY o.id, o.customer_id, o.ordered_at
                """).all()
            let transactions = try rows.map { row in
                Transaction(customerID: String(format: "%010lld", try row.decode(column: "customer_id", as: Int64.self)),
                            date: Date(timeIntervalSince1970: Double(try row.decode(column: "ordered_at", as: Int64.self)) / 1000),
                            amount: Double(try row.decode(column: "amount", as: Int64.self)))
            }
            let asOf = Transaction.dayNumber(now)
            let summaries = try CustomerSummary.fromTransactions(transactions, observationEnd: asOf)
            let model = try BGNBD.fit(summaries)
            guard case .bgnbd(let bgnbd)? = runs.first(where: { $0.model == .bgnbd })?.result else { Issue.record("no BG/NBD result"); return }
            for (name, stored, value) in [("r", bgnbd.r, model.r), ("alpha", bgnbd.alpha, model.alpha), ("a", bgnbd.a, model.a), ("b", bgnbd.b, model.b)] {
                #expect(abs(stored - value) <= 1e-6 * abs(value), "\(name)")
            }
            // RFM on purchases per day, in id order as the store ranks ties.
            var perDay: [String: [Int: Double]] = [:]
            for t in transactions { perDay[t.customerID, default: [:]][t.day, default: 0] += t.amount }
            let daily = perDay.flatMap { id, days in days.map { Transaction(customerID: id, day: $0.key, amount: $0.value) } }
            let rfm = try RFM.analyze(daily, asOf: asOf)
            var checked = 0
            for (expected, summary) in zip(rfm, summaries) where checked < 60 {
                let id = Int64(expected.id)!
                let score = try #require(try await CustomerScores(db).score(of: id, by: admin))
                #expect(score.segment == expected.segment)
                #expect(score.r == expected.recencyScore && score.f == expected.frequencyScore && score.m == expected.monetaryScore)
                #expect(abs((score.probabilityAlive ?? -1) - model.probabilityAlive(summary)) < 1e-9)
                checked += 1
            }
            #expect(checked == 60)
            let counts = try await CustomerScores(db).segmentCounts(by: admin)
            #expect(counts.values.reduce(0, +) == rfm.count)
            try await checkBehaviourModels(db, runs: runs, reference: daily, asOf: asOf, admin: admin)
        }
    }

    @Test("the keep and win-back lists follow their rules, rank by what is at stake and page by rank", arguments: TestDatabase.kinds)
    func retentionLists(kind: String) async throws {
        try await Self.scored(kind) { db, _, _, admin in
            let keep = try await CustomerScores(db).retentionList("keep", limit: 200, by: admin).items
            let winBack = try await CustomerScores(db).retentionList("win-back", limit: 200, by: admin).items
            #expect(!(keep.isEmpty && winBack.isEmpty))
            #expect(keep.allSatisfy { $0.churnRisk >= 0.5 })
            #expect(winBack.allSatisfy { $0.recencyDays >= 180 || $0.churnRisk >= 0.8 })
            #expect(zip(keep, keep.dropFirst()).allSatisfy {
                Double($0.value.minorUnits) * $0.churnRisk >= Double($1.value.minorUnits) * $1.churnRisk - 1 })
            #expect(Set(keep.map(\.customerId)).isDisjoint(with: winBack.map(\.customerId)))
            let firstPage = try await CustomerScores(db).retentionList("keep", limit: 1, by: admin)
            if keep.count > 1 {
                let next = try #require(firstPage.next)
                let secondPage = try await CustomerScores(db).retentionList("keep", after: Cursor.decode(next), limit: 1, by: admin)
                #expect(secondPage.items.map(\.customerId) == [keep[1].customerId])
            } else {
                #expect(firstPage.next == nil)
            }
        }
    }

    @Test("the receivables ageing of the demo adds up to what its invoices still owe", arguments: TestDatabase.kinds)
    func receivablesAgree(kind: String) async throws {
        try await Self.scored(kind) { db, now, _, admin in
            let report = try await Receivables(db).ageing(asOf: now, by: admin)
            let owed = try await db.sql.raw("""
                SELECT CAST(COALESCE(SUM(total_minor - paid_minor - credited_minor), 0) AS BIGINT) AS n FROM invoices WHERE kind = 'invoice'
                """).first()?.decode(column: "n", as: Int64.self)
            #expect(report.totals(in: .irr).total.minorUnits == owed)
        }
    }


    /// Segments, the holdout check, the churn classifier and the retention curves, each against
    /// the library run on a purchase history built here from the same orders.
    func checkBehaviourModels(_ db: Database, runs: [AnalyticsRun], reference daily: [Transaction], asOf: Int, admin: Principal) async throws {
        var history = PurchaseHistory()
        var ids: [Int64] = []
        for t in daily.sorted(by: { ($0.customerID, $0.day) < ($1.customerID, $1.day) }) {
            let id = Int64(t.customerID)!
            if ids.last != id { ids.append(id); history.startCustomer() }
            history.add(day: Int32(t.day), amount: t.amount)
        }
        history.finish()
        // Segments: the same inputs give the same segments, numbered by value.
        let segments = try BehaviourSegments.fit(history, asOf: asOf)
        let run = try #require(runs.first { $0.model == .segments })
        #expect(run.note == nil)
        guard case .segments(let stored)? = run.result else { Issue.record("no segments result"); return }
        #expect(stored.k == segments.k && (3...7).contains(segments.k))
        #expect(stored.segments.map(\.customers).reduce(0, +) == ids.count)
        #expect(stored.segments.map(\.profile.spend.currency).allSatisfy { $0 == .irr })
        #expect(zip(segments.segments, segments.segments.dropFirst()).allSatisfy { $0.means[2] >= $1.means[2] })
        for (i, id) in ids.enumerated() where i % 7 == 0 {
            let score = try #require(try await CustomerScores(db).score(of: id, by: admin))
            #expect(score.segmentNumber == segments.assignments[i])
            if let risk = score.churnRisk { #expect(risk >= 0 && risk <= 1) }
            #expect(score.churnReasons.allSatisfy { ChurnClassifier.historyFeatures.contains($0) || $0 == "organisation" })
        }
        // Holdout: what customers really bought in the last 90 days, counted here from the orders.
        let holdoutRun = try #require(runs.first { $0.model == .bgnbdHoldout })
        guard case .bgnbdHoldout(let holdout)? = holdoutRun.result else { Issue.record("no holdout result"); return }
        let made = daily.filter { $0.day > asOf - 90 && $0.day <= asOf && history.firstDay(ids.firstIndex(of: Int64($0.customerID)!)!) <= asOf - 90 }.count
        #expect(holdout.totalActual == Double(made))
        #expect(holdout.bins.map(\.customers).reduce(0, +) == holdoutRun.customers)
        #expect(abs(holdout.totalPredicted - (try HoldoutCheck.bgnbd(history, asOf: asOf)).totalPredicted) < 1e-6 * holdout.totalPredicted)
        // Churn: a model that ranks better than chance on customers it did not see.
        let churnRun = try #require(runs.first { $0.model == .churn })
        #expect(churnRun.note == nil)
        guard case .churn(let churn)? = churnRun.result else { Issue.record("no churn result"); return }
        let auc = try #require(churn.auc)
        #expect(auc > 0.5 && auc <= 1)
        #expect(churn.coefficients.contains { $0.feature == .recency })
        // Retention curves start at or below 1 and never rise.
        guard case .survival(let survival)? = runs.first(where: { $0.model == .survival })?.result else { Issue.record("no survival result"); return }
        let curve = try #require(survival.curves.first { $0.segment == nil }).points.map(\.retained)
        #expect(curve.count >= 2 && curve[0] <= 1)
        #expect(zip(curve, curve.dropFirst()).allSatisfy { $0 >= $1 })
    }
}
