import Foundation
import PeyvandAnalytics
import PeyvandCore
import PeyvandStore

extension AnalyticsModel {
    /// The model of the page from what the query read; no I/O.
    init(_ data: AnalyticsData, text x: PageText) {
        let runs = data.runs
        let total = max(data.counts.values.reduce(0, +), 1)
        scored = !data.counts.isEmpty
        rfmRun = runs[.rfm].map(x.runInfo)
        segmentChart = SVGChart.bars(RFMSegment.allCases.map { s in
            let n = data.counts[s] ?? 0
            return (label: x.label("rfmseg", s.rawValue), value: Double(n), shown: x.number(n) + " (" + x.share(Double(n) / Double(total)) + ")")
        }, title: x.t("analytics_segments_title"), rightToLeft: x.lang == .fa)
        segments = RFMSegment.allCases.map { SegmentRow(key: $0.rawValue, label: x.label("rfmseg", $0.rawValue), count: x.number(data.counts[$0] ?? 0)) }
        if let run = runs[.pareto], case .pareto(let p) = run.result {
            value = Value(
                run: x.runInfo(run), total: x.money(p.totalProfit), topFifth: x.share(p.topFifthShare), for80: x.share(p.customerShareFor80Percent),
                unprofitable: x.number(p.unprofitableCustomers), unprofitableTotal: x.money(p.unprofitableTotal),
                chart: SVGChart.curve(p.curve.map { (x: $0.customerShare, y: $0.profitShare) }, title: x.t("analytics_value_title"),
                                      xLabel: x.t("analytics_customers_axis"), yLabel: x.t("analytics_profit_axis")),
                deciles: p.deciles.map { Decile(decile: x.number($0.decile), share: x.share($0.profitShare)) })
        } else {
            value = nil
        }
        models = [AnalyticsModelName.bgnbd, .gammaGamma].compactMap { name in
            runs[name].map { run in
                FittedModel(name: x.t("analytics_model_\(name.rawValue.replacingOccurrences(of: "-", with: "_"))"), run: x.runInfo(run),
                            note: x.notFitted(run), parameters: x.parameters(run.result))
            }
        }
        keep = data.keep.map(x.retentionRow)
        winBack = data.winBack.map(x.retentionRow)
        holdout = runs[.bgnbdHoldout].map { x.holdout($0) }
        behaviour = runs[.segments].map { x.behaviour($0) }
        churn = runs[.churn].map { x.churn($0, histogram: data.churnHistogram) }
        survival = runs[.survival].map { x.survival($0, segments: runs[.segments]) }
    }
}

/// How the analytics page writes runs, parameters and list entries for its reader.
extension PageText {
    func runInfo(_ run: AnalyticsRun) -> AnalyticsModel.RunInfo {
        .init(when: when(run.finishedAt), customers: number(run.customers), seconds: figure(run.seconds))
    }

    func notFitted(_ run: AnalyticsRun) -> AnalyticsModel.Note? {
        run.note.map { AnalyticsModel.Note(text: t("analytics_not_fitted"), detail: $0) }
    }

    /// A day number (days since 1970-01-01 UTC) as a date in the reader's calendar.
    func day(_ dayNumber: Int) -> String {
        views.formatting.day(JalaliDate(Date(timeIntervalSince1970: Double(dayNumber) * 86_400), timeZone: TimeZone(identifier: "UTC")!), lang)
    }

    /// The fitted parameters of a lifetime-value model: the papers' symbols, the fit's words from the catalog.
    func parameters(_ result: AnalyticsResult?) -> [AnalyticsModel.Parameter] {
        let values: [(String, Double)]
        switch result {
        case .bgnbd(let m)?:
            values = [("r", m.r), ("α", m.alpha), ("a", m.a), ("b", m.b), (t("analytics_log_likelihood"), m.logLikelihood), (t("analytics_penalizer"), m.penalizer)]
        case .gammaGamma(let m)?:
            values = [("p", m.p), ("q", m.q), ("v", m.v), (t("analytics_log_likelihood"), m.logLikelihood)]
        default:
            values = []
        }
        return values.map { .init(name: $0.0, value: figure($0.1)) }
    }

    func retentionRow(_ e: RetentionEntry) -> AnalyticsModel.RetentionRow {
        .init(rank: number(e.rank), id: e.customerId, name: e.name, value: money(e.value), risk: share(e.churnRisk),
              recency: number(e.recencyDays), reason: label("reason", e.reason.rawValue), action: label("raction", e.action.rawValue))
    }

    /// The words for a behavioural segment ("bought recently, spend much"), from how far its
    /// centre lies from the average on each feature.
    func segmentName(_ levels: SegmentsResult.Levels) -> String {
        let words = SegmentsResult.Feature.allCases.compactMap { feature -> String? in
            switch levels[feature] {
            case .high: label("seglevel", "\(feature.rawValue)_high")
            case .low: label("seglevel", "\(feature.rawValue)_low")
            case .typical: nil
            }
        }
        return words.isEmpty ? label("seglevel", "typical") : words.joined(separator: lang == .fa ? "، " : ", ")
    }
}
