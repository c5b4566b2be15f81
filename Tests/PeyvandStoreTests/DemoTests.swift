import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

@Suite("The demo shows the product")
struct DemoTests {
    /// The demo as `serve --demo` makes it (fewer customers), scored as `serve` scores it.
    @Test("repeat buyers have a lifetime value, most customers are profitable, nothing happens after now")
    func demoEconomics() async throws {
        try await TestDatabase.with("sqlite") { db in
            let now = Date()
            try await DemoGenerator(database: db, seed: 1405).run(customers: 1_000, now: now)
            try await DemoCommerce(database: db, seed: 1405).run(now: now)
            let runs = try await CustomerScores(db).refresh()
            func sql(_ query: SQLQueryString) async throws -> Int64 {
                try await db.sql.raw(query).first()?.decode(column: "n", as: Int64?.self) ?? 0
            }

            let spend = try #require(runs.first { $0.model == .gammaGamma })
            #expect(spend.note == nil)
            guard case .gammaGamma(let fit)? = spend.result else { Issue.record("Gamma-Gamma has no result"); return }
            #expect(fit.q > 1, "Gamma-Gamma q = \(fit.q)")
            let repeaters = try await sql("SELECT COUNT(*) AS n FROM customer_scores WHERE repeat_purchases > 0")
            let valued = try await sql("SELECT COUNT(*) AS n FROM customer_scores WHERE repeat_purchases > 0 AND clv_minor IS NOT NULL")
            #expect(repeaters >= 100)
            #expect(Double(valued) >= 0.8 * Double(repeaters), "\(valued) of \(repeaters) repeat buyers have a lifetime value")

            let pareto = try #require(runs.first { $0.model == .pareto })
            guard case .pareto(let value)? = pareto.result else { Issue.record("the value analysis has no result"); return }
            #expect(Double(value.unprofitableCustomers) <= 0.3 * Double(pareto.customers),
                    "\(value.unprofitableCustomers) of \(pareto.customers) customers cost more than they bring")

            let nowMillis = Int64((now.timeIntervalSince1970 * 1000).rounded())
            for (table, column) in [("customers", "created_at"), ("interactions", "occurred_at"), ("orders", "ordered_at"), ("shipments", "shipped_at"),
                                    ("shipments", "delivered_at"), ("invoices", "issued_at"), ("invoices", "settled_at"), ("payments", "received_at"),
                                    ("returns", "returned_at"), ("commerce_events", "at")] {
                let latest = try await sql("SELECT MAX(\(ident: column)) AS n FROM \(ident: table)")
                #expect(latest > 0 && latest <= nowMillis, "\(table).\(column) goes to \(latest), after now (\(nowMillis))")
            }
            // Customer service: a team, rules and about twenty tickets across channels, all routed, some answered.
            #expect(try await sql("SELECT COUNT(*) AS n FROM tickets") >= 18)
            #expect(try await sql("SELECT COUNT(DISTINCT channel) AS n FROM tickets") >= 5)
            #expect(try await sql("SELECT COUNT(*) AS n FROM tickets WHERE assignee_id IS NULL") == 0)
            #expect(try await sql("SELECT COUNT(*) AS n FROM ticket_messages WHERE direction = 'outbound'") >= 3)
            #expect(try await sql("SELECT COUNT(*) AS n FROM ticket_messages WHERE direction = 'note'") == 1)
        }
    }
}
