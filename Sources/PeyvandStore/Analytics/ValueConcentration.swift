import Foundation
import NIOConcurrencyHelpers
import PeyvandAnalytics
import SQLKit

/// Profit per customer over all history — net sales less cost of goods, less returns, less the
/// cost to serve logged on interactions (in the organisation's currency) — and the 80/20 of it
/// (`ParetoAnalysis`): the share of profit from the top fifth, how few customers make 80%, and
/// the customers who cost more than they bring.
enum ValueConcentration {
    final class Totals: @unchecked Sendable {
        let lock = NIOLock()
        var profit: [Int64: Int64] = [:]
        func add(_ id: Int64, _ amount: Int64) { lock.withLock { profit[id, default: 0] += amount } }
    }

    static func run(_ database: Database, asOf: Date) async throws -> AnalyticsRun? {
        let started = Date()
        let totals = Totals()
        let base = try await Settings.baseCurrency(database.sql)
        let queries: [(SQLQueryString, Int64)] = [
            ("""
             SELECT o.customer_id AS id, CAST(SUM(l.base_net_minor - l.base_cost_minor) AS BIGINT) AS amount
             FROM orders o JOIN order_lines l ON l.order_id = o.id
             WHERE o.status <> 'draft' AND o.status <> 'cancelled' GROUP BY o.customer_id
             """, 1),
            ("SELECT customer_id AS id, CAST(SUM(base_net_minor - base_cost_minor) AS BIGINT) AS amount FROM returns GROUP BY customer_id", -1),
            ("""
             SELECT customer_id AS id, CAST(SUM(cost_minor) AS BIGINT) AS amount FROM interactions
             WHERE cost_minor IS NOT NULL AND deleted_at IS NULL AND cost_currency = \(bind: base.rawValue) GROUP BY customer_id
             """, -1),
        ]
        for (query, sign) in queries {
            try await database.sql.raw(query).run { row in
                guard let id = try? row.decode(column: "id", as: Int64.self), let amount = try? row.decode(column: "amount", as: Int64.self) else { return }
                totals.add(id, sign * amount)
            }
        }
        let profits = totals.profit.map { ParetoAnalysis.CustomerProfit(id: String($0.key), profit: Double($0.value)) }
        guard profits.count >= 2, let pareto = try? ParetoAnalysis.analyze(profits) else { return nil }
        var parameters: [String: Double] = [
            "totalProfit": pareto.totalProfit, "topFifthShare": pareto.topFifthShare,
            "customerShareFor80Percent": pareto.customerShareFor80Percent, "unprofitableCustomers": Double(pareto.unprofitable.count),
            "unprofitableTotal": pareto.unprofitableTotal,
        ]
        for (i, point) in pareto.curve(resolution: 20).enumerated() { parameters[String(format: "curve%02d", i)] = point.profitShare }
        for decile in pareto.deciles { parameters[String(format: "decile%02d", decile.decile)] = decile.profitShare }
        return AnalyticsRun(model: "pareto", asOf: asOf, customers: profits.count, parameters: parameters,
                            seconds: Date().timeIntervalSince(started), finishedAt: Date())
    }
}
