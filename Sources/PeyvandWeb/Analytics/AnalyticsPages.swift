import Foundation
import Hummingbird
import PeyvandAnalytics
import PeyvandCore
import PeyvandStore

/// `/analytics`: the customers per RFM segment, where the profit comes from (the 80/20 curve and
/// the customers who cost more than they bring), the behavioural segments, who is likely to stop
/// buying and how long customers keep buying, the lifetime-value models with their fitted
/// parameters and holdout check — each with when and on how many customers it was computed.
struct AnalyticsPages {
    let views: Views
    let scores: CustomerScores

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("analytics", use: show)
    }

    func percent(_ x: Double, _ lang: Language) -> String {
        let text = String(format: "%.1f", x * 100)
        return lang == .fa ? PersianText.persianDigits(text) + "٪" : text + "%"
    }

    func decimal(_ x: Double, _ lang: Language) -> String {
        let text = String(format: "%.4g", x)
        return lang == .fa ? PersianText.persianDigits(text) : text
    }

    func runInfo(_ run: AnalyticsRun?, _ lang: Language) -> Any {
        guard let run else { return false }
        return ["when": views.formatting.dateTime(run.finishedAt, lang), "customers": views.formatting.number(run.customers, lang),
                "seconds": decimal(run.seconds, lang)] as [String: Any]
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        guard principal.may(.analyticsRead) else { throw StoreError.forbidden(views.t("error_forbidden", context)) }
        let lang = context.language
        let counts = try await scores.segmentCounts()
        let runs = Dictionary(uniqueKeysWithValues: try await scores.latestRuns().map { ($0.model, $0) })
        let total = max(counts.values.reduce(0, +), 1)
        let segments = RFMSegment.allCases.map { s in
            (label: views.catalogs.label("rfmseg", s.rawValue, lang), value: Double(counts[s] ?? 0),
             shown: views.formatting.number(counts[s] ?? 0, lang) + " (" + percent(Double(counts[s] ?? 0) / Double(total), lang) + ")")
        }
        func runInfo(_ run: AnalyticsRun?) -> Any { self.runInfo(run, lang) }
        var value: Any = false
        if let pareto = runs["pareto"] {
            let p = pareto.parameters
            let curve = (0...20).compactMap { i in p[String(format: "curve%02d", i)].map { (x: Double(i) / 20, y: $0) } }
            value = [
                "run": runInfo(pareto), "topFifth": percent(p["topFifthShare"] ?? 0, lang),
                "for80": percent(p["customerShareFor80Percent"] ?? 0, lang),
                "unprofitable": views.formatting.number(Int(p["unprofitableCustomers"] ?? 0), lang),
                "unprofitableTotal": views.money(Money(minorUnits: Int64(p["unprofitableTotal"] ?? 0), currency: .irr), context),
                "total": views.money(Money(minorUnits: Int64(p["totalProfit"] ?? 0), currency: .irr), context),
                "chart": SVGChart.curve(curve, title: views.t("analytics_value_title", context), xLabel: views.t("analytics_customers_axis", context),
                                        yLabel: views.t("analytics_profit_axis", context)),
                "deciles": (1...10).compactMap { d in p[String(format: "decile%02d", d)].map {
                    ["decile": views.formatting.number(d, lang), "share": percent($0, lang)] } },
            ] as [String: Any]
        }
        var models: [[String: Any]] = []
        for name in ["bgnbd", "gamma-gamma"] {
            guard let run = runs[name] else { continue }
            models.append(["name": views.t("analytics_model_\(name.replacingOccurrences(of: "-", with: "_"))", context), "run": runInfo(run),
                           "parameters": run.parameters.sorted { $0.key < $1.key }.map { ["name": $0.key, "value": decimal($0.value, lang)] }])
        }
        func entries(_ list: String) async throws -> [[String: Any]] {
            try await scores.retentionList(list, limit: 50, by: principal).items.map { e in
                ["rank": views.formatting.number(e.rank, lang), "id": e.customerId, "name": e.name, "value": views.money(e.value, context),
                 "risk": percent(e.churnRisk, lang), "recency": views.formatting.number(e.recencyDays, lang),
                 "reason": views.catalogs.label("reason", e.reason.rawValue, lang), "action": views.catalogs.label("raction", e.action.rawValue, lang)]
            }
        }
        let keep = try await entries("keep"), winBack = try await entries("win-back")
        return views.page("analytics", request, context, title: views.t("analytics_title", context), current: "segments", [
            "scored": !counts.isEmpty, "rfmRun": runInfo(runs["rfm"]),
            "segmentChart": SVGChart.bars(segments, title: views.t("analytics_segments_title", context), rightToLeft: lang == .fa),
            "segments": RFMSegment.allCases.map { s in
                ["key": s.rawValue, "label": views.catalogs.label("rfmseg", s.rawValue, lang), "count": views.formatting.number(counts[s] ?? 0, lang)] },
            "value": value, "models": models, "keep": keep, "winBack": winBack,
            "holdout": holdout(runs["bgnbd-holdout"], context), "behaviour": behaviour(runs["segments"], context),
            "churn": churn(runs["churn"], histogram: try await scores.churnRiskHistogram(), context), "survival": survival(runs["survival"], segments: runs["segments"], context),
        ])
    }
}
