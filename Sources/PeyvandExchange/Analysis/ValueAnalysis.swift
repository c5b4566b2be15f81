import Foundation
import PeyvandAnalytics

/// `analyze value`: `ParetoAnalysis` of profit per customer. Several rows of
/// one customer are added up, so a transaction log works too
/// (`--profit amount`). Profits may be negative.
enum ValueAnalysis {
    static let options = ["customer", "profit", "curve-points"]

    static func run(_ request: AnalysisRequest, _ options: OptionReader) throws(AnalysisFailure) -> AnalysisOutput {
        let points = try options.int("curve-points", default: 21, 2...1001)
        let table = try AnalysisTable.load(request.input, options: options)
        let customer = try table.column(try options.string("customer", default: "customer_id"), option: "customer")
        let profit = try table.column(try options.string("profit", default: "profit"), option: "profit")
        var order: [String] = []
        var totals: [String: Double] = [:]
        for row in table.rows {
            let id = try table.text(row, customer)
            let value = try table.number(row, profit)
            if totals[id] == nil { order.append(id) }
            totals[id, default: 0] += value
            guard totals[id]!.isFinite else {
                throw .cell(table.file, line: row.line, column: table.name(profit), "the profit of '\(id)' adds up to more than a Double can hold")
            }
        }
        let analysis = try fitting(table.file) { () throws(AnalyticsError) in
            try ParetoAnalysis.analyze(order.map { ParetoAnalysis.CustomerProfit(id: $0, profit: totals[$0]!) })
        }
        let summary: [String: AnalysisJSON] = [
            "customers": .int(analysis.ranked.count),
            "rows_read": .int(table.rows.count),
            "total_profit": .number(analysis.totalProfit),
            "top_20_percent_share": .number(analysis.topFifthShare),
            "top_10_percent_share": .number(analysis.share(ofTopFraction: 0.1)),
            "customer_share_for_80_percent": .number(analysis.customerShareFor80Percent),
            "peak_share": .number(analysis.peakShare),
            "deciles": .array(analysis.deciles.map { d in
                .object([
                    "decile": .int(d.decile), "customers": .int(d.customers), "total_profit": .number(d.totalProfit),
                    "profit_share": .number(d.profitShare),
                ])
            }),
            "unprofitable": .object([
                "customers": .int(analysis.unprofitable.count), "total_profit": .number(analysis.unprofitableTotal),
            ]),
            "lorenz_curve": .array(analysis.curve(resolution: points - 1).map { p in
                .object(["customer_share": .number(p.customerShare), "profit_share": .number(p.profitShare)])
            }),
            "notes": .strings([
                "rank 1 is the most profitable customer; ties by id",
                "decile 1 is the top 10% of customers by profit",
                "shares are of total profit; with loss-making customers the curve rises above 1 (peak_share)",
            ]),
        ]
        var rows: [[String]] = []
        for r in analysis.ranked {
            rows.append([
                r.id, try Cells.number(r.profit, "profit", r.id), String(r.rank), String(r.decile),
                try Cells.number(r.cumulativeShare, "cumulative share", r.id),
            ])
        }
        return AnalysisOutput(summary: summary, header: ["id", "profit", "rank", "decile", "cumulative_share"], rows: rows)
    }
}
