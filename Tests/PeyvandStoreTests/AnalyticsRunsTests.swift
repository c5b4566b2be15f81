import Foundation
import PeyvandAnalytics
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

/// Each model's run is stored as its own typed result and read back as the same value; the
/// organisation-wide figures are refused to roles that reach only their own customers.
@Suite("Analytics runs as typed results")
struct AnalyticsRunsTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("every run reads back as the result the refresh made; money exact, in the base currency", arguments: TestDatabase.kinds)
    func roundTrip(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            try await DemoGenerator(database: db, seed: 11).run(customers: 200, interactionsPerCustomer: 0, now: Self.now)
            try await DemoCommerce(database: db, seed: 11).run(now: Self.now)
            // The organisation keeps its books in euros: results carry the base currency, not IRR.
            try await db.sql.raw("UPDATE settings SET value = 'EUR' WHERE key = 'base_currency'").run()
            let made = try await CustomerScores(db).refresh(asOf: Self.now)
            let admin = try await TestDatabase.admin(db)
            let stored = try await CustomerScores(db).latestRuns(by: admin)
            #expect(Set(stored.map(\.model)) == Set(made.map(\.model)))
            #expect(stored.map(\.model) == AnalyticsModelName.allCases.filter { m in made.contains { $0.model == m } }, "in the order a refresh runs them")
            for run in made {
                let back = try #require(stored.first { $0.model == run.model })
                #expect(back.result == run.result, "\(run.model.rawValue) reads back as it was made")
                #expect(back.note == run.note)
                #expect(try await CustomerScores(db).latestRun(run.model, by: admin)?.result == run.result)
            }
            guard case .pareto(let pareto)? = stored.first(where: { $0.model == .pareto })?.result else { Issue.record("no pareto result"); return }
            let expected = try await db.sql.raw("""
                SELECT CAST(COALESCE(SUM(l.base_net_minor - l.base_cost_minor), 0) AS BIGINT) AS n FROM orders o
                JOIN order_lines l ON l.order_id = o.id WHERE o.status <> 'draft' AND o.status <> 'cancelled'
                """).first()?.decode(column: "n", as: Int64.self) ?? 0
            let returned = try await db.sql.raw("SELECT CAST(COALESCE(SUM(base_net_minor - base_cost_minor), 0) AS BIGINT) AS n FROM returns")
                .first()?.decode(column: "n", as: Int64.self) ?? 0
            let served = try await db.sql.raw("""
                SELECT CAST(COALESCE(SUM(cost_minor), 0) AS BIGINT) AS n FROM interactions
                WHERE cost_minor IS NOT NULL AND deleted_at IS NULL AND cost_currency = 'EUR'
                """).first()?.decode(column: "n", as: Int64.self) ?? 0
            #expect(pareto.totalProfit == Money(minorUnits: expected - returned - served, currency: Currency(rawValue: "EUR")))
            #expect(pareto.unprofitableTotal.currency == Currency(rawValue: "EUR") && pareto.unprofitableTotal.minorUnits <= 0)
            #expect(pareto.curve.count == 21 && pareto.deciles.count == 10)
            if case .segments(let segments)? = stored.first(where: { $0.model == .segments })?.result {
                #expect(segments.segments.allSatisfy { $0.profile.spend.currency == Currency(rawValue: "EUR") })
            }
        }
    }

    @Test("a sales rep and a partner are refused every organisation-wide figure; they still name their customers' segments")
    func organisationWideFigures() async throws {
        try await TestDatabase.with("sqlite") { db in
            let scores = CustomerScores(db)
            for role in [Role.salesRep, .partner] {
                let principal = Principal(userId: 99, name: "rep", role: role)
                #expect(!principal.readsOrganisationWide)
                await #expect(throws: StoreError.self) { try await scores.segmentCounts(by: principal) }
                await #expect(throws: StoreError.self) { try await scores.churnRiskHistogram(by: principal) }
                await #expect(throws: StoreError.self) { try await scores.latestRuns(by: principal) }
                await #expect(throws: StoreError.self) { try await scores.latestRun(.pareto, by: principal) }
                let levels = try await scores.segmentLevels(by: principal)
                #expect(levels.isEmpty)
            }
            let analyst = Principal(userId: 98, name: "analyst", role: .crmAnalyst)
            let runs = try await scores.latestRuns(by: analyst)
            #expect(runs.isEmpty)
        }
    }

    @Test("only roles that reach every customer may read organisation-wide analytics")
    func accessTable() {
        for role in Role.allCases where AccessPolicy.allows(role, .analyticsRead) {
            #expect(AccessPolicy.grant(for: role).customerScope == .all,
                    "\(role.rawValue) would read organisation-wide figures counting customers it may not see")
        }
    }
}
