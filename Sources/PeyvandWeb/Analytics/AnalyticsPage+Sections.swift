import Foundation
import PeyvandCore
import PeyvandStore

/// The model sections of the analytics page: the BG/NBD holdout check, the behavioural
/// segments, the churn classifier and the retention curves, each from its run's typed result.
extension PageText {
    typealias M = AnalyticsModel

    func holdout(_ run: AnalyticsRun) -> M.Section<M.HoldoutFit> {
        guard case .bgnbdHoldout(let h) = run.result else { return .init(run: runInfo(run), note: notFitted(run), fit: nil) }
        let last = h.bins.map(\.repeatPurchases).max()
        let bins = h.bins.map { b in
            (label: localizedDigits(b.repeatPurchases == last && last! >= 6 ? "\(b.repeatPurchases)+" : String(b.repeatPurchases)),
             first: b.predicted, second: b.actual)
        }
        return .init(run: runInfo(run), note: nil, fit: M.HoldoutFit(
            calibrationEnd: day(h.calibrationEndDay), days: number(h.holdoutDays), predicted: figure(h.totalPredicted), actual: figure(h.totalActual),
            error: h.meanAbsoluteError.map(figure) ?? "—", penalizer: figure(h.model.penalizer),
            chart: SVGChart.pairedBars(bins, series: (t("analytics_predicted"), t("analytics_actual")),
                                       title: t("analytics_holdout_title"), yLabel: t("analytics_purchases_axis"), digits: decimal),
            bins: bins.map { M.HoldoutBin(label: $0.label, predicted: figure($0.first), actual: figure($0.second)) }))
    }

    func behaviour(_ run: AnalyticsRun) -> M.Section<M.BehaviourFit> {
        guard case .segments(let s) = run.result else { return .init(run: runInfo(run), note: notFitted(run), fit: nil) }
        let rows = s.segments.map { g in
            M.BehaviourRow(key: g.number, number: number(g.number), name: segmentName(g.levels), customers: number(g.customers),
                           share: share(Double(g.customers) / Double(max(run.customers, 1))),
                           recency: number(Int(g.profile.recencyDays.rounded())), frequency: figure(g.profile.purchases),
                           spend: money(g.profile.spend), tenure: number(Int(g.profile.tenureDays.rounded())))
        }
        return .init(run: runInfo(run), note: nil, fit: M.BehaviourFit(
            k: number(s.k), silhouette: s.silhouette.map(figure) ?? "—",
            chart: SVGChart.bars(s.segments.map { g in
                (label: t("analytics_segment") + " " + number(g.number), value: Double(g.customers), shown: number(g.customers))
            }, title: t("analytics_behaviour_title"), rightToLeft: lang == .fa),
            segments: rows))
    }

    func churn(_ run: AnalyticsRun, histogram: [Int]) -> M.Section<M.ChurnFit> {
        guard case .churn(let c) = run.result else { return .init(run: runInfo(run), note: notFitted(run), fit: nil) }
        return .init(run: runInfo(run), note: nil, fit: M.ChurnFit(
            auc: c.auc.map(figure) ?? "—", precision: c.precisionTopDecile.map(share) ?? "—", rate: share(c.churnRate),
            train: number(c.trainCustomers), test: number(c.testCustomers), horizon: number(c.horizonDays), cut: day(c.cutDay),
            chart: SVGChart.bars(histogram.enumerated().map { i, n in
                (label: share(Double(i) / 10) + "–" + share(Double(i + 1) / 10), value: Double(n), shown: number(n))
            }, title: t("analytics_risk_histogram"), rightToLeft: lang == .fa),
            coefficients: c.coefficients.map { k in
                M.CoefficientRow(name: label("churnfeat", k.feature.rawValue), coefficient: figure(k.coefficient),
                                 standardized: k.standardized.map(figure) ?? "—", odds: figure(exp(k.coefficient)))
            }))
    }

    func survival(_ run: AnalyticsRun, segments: AnalyticsRun?) -> M.Section<M.SurvivalFit> {
        guard case .survival(let s) = run.result else { return .init(run: runInfo(run), note: notFitted(run), fit: nil) }
        var levels: [Int: SegmentsResult.Levels] = [:]
        if case .segments(let fitted)? = segments?.result { for g in fitted.segments { levels[g.number] = g.levels } }
        // The legend is narrow: "Segment 2" there, the words in the table under the chart.
        let named = s.curves.map { curve -> (legend: String, name: String, curve: SurvivalResult.Curve) in
            guard let n = curve.segment else { return (t("analytics_all_customers"), t("analytics_all_customers"), curve) }
            let legend = t("analytics_segment") + " " + number(n)
            return (legend, levels[n].map { number(n) + ". " + segmentName($0) } ?? legend, curve)
        }
        let lines = named.map { (name: $0.legend, points: $0.curve.points.map { (x: Double($0.day), y: $0.retained) }) }.filter { !$0.points.isEmpty }
        let xMax = lines.flatMap { $0.points.map(\.x) }.max() ?? 0
        return .init(run: runInfo(run), note: nil, fit: M.SurvivalFit(
            lapse: number(s.lapseDays),
            chart: SVGChart.steps(lines, xMax: xMax, title: t("analytics_survival_title"),
                                  xLabel: t("analytics_days_axis"), yLabel: t("analytics_retained_axis"), digits: decimal),
            groups: named.map { M.SurvivalGroup(name: $0.name, median: $0.curve.medianDays.map { number(Int($0)) } ?? t("analytics_not_reached"),
                                                year: $0.curve.retained(at: 360).map(share) ?? "—") }))
    }

    func localizedDigits(_ text: String) -> String { lang == .fa ? PersianText.persianDigits(text) : text }
}
