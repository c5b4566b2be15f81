import Foundation
import NIOConcurrencyHelpers
import PeyvandAnalytics
import PeyvandCore
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
        // The totals are summed exactly in minor units; the shares come from the analysis.
        var total: Int64 = 0, unprofitableTotal: Int64 = 0, overflow = false
        for profit in totals.profit.values {
            var o = false
            (total, o) = total.addingReportingOverflow(profit)
            overflow = overflow || o
            if profit < 0 { (unprofitableTotal, o) = unprofitableTotal.addingReportingOverflow(profit); overflow = overflow || o }
        }
        guard !overflow else { return nil }
        let result = ParetoResult(
            totalProfit: Money(minorUnits: total, currency: base), topFifthShare: pareto.topFifthShare,
            customerShareFor80Percent: pareto.customerShareFor80Percent,
            curve: pareto.curve(resolution: 20).map { ParetoResult.Point(customerShare: $0.customerShare, profitShare: $0.profitShare) },
            deciles: pareto.deciles.map { ParetoResult.Decile(decile: $0.decile, customers: $0.customers, profitShare: $0.profitShare) },
            unprofitableCustomers: pareto.unprofitable.count, unprofitableTotal: Money(minorUnits: unprofitableTotal, currency: base))
        return AnalyticsRun(model: .pareto, asOf: asOf, customers: profits.count, result: .pareto(result),
                            seconds: Date().timeIntervalSince(started), finishedAt: Date())
    }
}
