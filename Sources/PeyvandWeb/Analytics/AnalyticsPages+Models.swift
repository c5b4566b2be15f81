import Foundation
import PeyvandAnalytics
import PeyvandCore
import PeyvandStore

/// The model sections of `/analytics`: the BG/NBD holdout check, the behavioural segments, the
/// churn classifier and the retention curves, each read from its latest run's parameters.
extension AnalyticsPages {
    /// The words for behavioural segment `number` ("bought recently, spend much"), from how far
    /// its centre lies from the average on each feature.
    static func segmentName(_ parameters: [String: Double], _ number: Int, _ catalogs: Catalogs, _ lang: Language) -> String {
        let words = BehaviourSegments.featureNames.compactMap { name -> String? in
            switch parameters["s\(number).\(name).level"] ?? 0 {
            case 1: return catalogs.label("seglevel", "\(name)_high", lang)
            case -1: return catalogs.label("seglevel", "\(name)_low", lang)
            default: return nil
            }
        }
        return words.isEmpty ? catalogs.label("seglevel", "typical", lang) : words.joined(separator: lang == .fa ? "، " : ", ")
    }

    func day(_ dayNumber: Double, _ lang: Language) -> String {
        views.formatting.day(JalaliDate(Date(timeIntervalSince1970: dayNumber * 86_400), timeZone: TimeZone(identifier: "UTC")!), lang)
    }

    func notFitted(_ run: AnalyticsRun, _ context: AppRequestContext) -> Any {
        run.note.map { views.t("analytics_not_fitted", context) + " " + $0 } ?? false
    }

    func holdout(_ run: AnalyticsRun?, _ context: AppRequestContext) -> Any {
        guard let run else { return false }
        let lang = context.language, p = run.parameters
        guard run.note == nil, let end = p["calibrationEnd"], let days = p["holdoutDays"] else {
            return ["run": runInfo(run, lang), "note": notFitted(run, context)] as [String: Any]
        }
        let bins = (0..<7).compactMap { b -> (label: String, first: Double, second: Double)? in
            guard let predicted = p["f\(b).predicted"], let actual = p["f\(b).actual"] else { return nil }
            let label = b == 6 ? "6+" : String(b)
            return (lang == .fa ? PersianText.persianDigits(label) : label, predicted, actual)
        }
        return [
            "run": runInfo(run, lang), "note": false,
            "calibrationEnd": day(end, lang), "asOf": views.formatting.dateTime(run.asOf, lang),
            "days": views.formatting.number(Int(days), lang),
            "predicted": decimal(p["predicted"] ?? 0, lang), "actual": decimal(p["actual"] ?? 0, lang),
            "error": decimal(p["meanAbsoluteError"] ?? 0, lang), "penalizer": decimal(p["penalizer"] ?? 0, lang),
            "chart": SVGChart.pairedBars(
                bins, series: (views.t("analytics_predicted", context), views.t("analytics_actual", context)),
                title: views.t("analytics_holdout_title", context), yLabel: views.t("analytics_purchases_axis", context)),
            "bins": bins.map { ["label": $0.label, "predicted": decimal($0.first, lang), "actual": decimal($0.second, lang)] },
        ] as [String: Any]
    }

    func behaviour(_ run: AnalyticsRun?, _ context: AppRequestContext) -> Any {
        guard let run else { return false }
        let lang = context.language, p = run.parameters
        guard run.note == nil, let k = p["k"] else { return ["run": runInfo(run, lang), "note": notFitted(run, context)] as [String: Any] }
        let segments = (1...max(1, Int(k))).map { s -> [String: Any] in
            [
                "key": s, "number": views.formatting.number(s, lang), "name": Self.segmentName(p, s, views.catalogs, lang),
                "customers": views.formatting.number(Int(p["s\(s).customers"] ?? 0), lang),
                "share": percent((p["s\(s).customers"] ?? 0) / Double(max(run.customers, 1)), lang),
                "recency": views.formatting.number(Int((p["s\(s).recency"] ?? 0).rounded()), lang),
                "frequency": decimal(p["s\(s).frequency"] ?? 0, lang),
                "spend": views.money(Money(minorUnits: Int64((p["s\(s).monetary"] ?? 0).rounded()), currency: .irr), context),
                "tenure": views.formatting.number(Int((p["s\(s).tenure"] ?? 0).rounded()), lang),
            ]
        }
        return [
            "run": runInfo(run, lang), "note": false, "k": views.formatting.number(Int(k), lang),
            "silhouette": decimal(p["silhouette"] ?? 0, lang), "segments": segments,
            "chart": SVGChart.bars((1...max(1, Int(k))).map { s in
                (label: views.t("analytics_segment", context) + " " + views.formatting.number(s, lang),
                 value: p["s\(s).customers"] ?? 0, shown: views.formatting.number(Int(p["s\(s).customers"] ?? 0), lang))
            }, title: views.t("analytics_behaviour_title", context), rightToLeft: lang == .fa),
        ] as [String: Any]
    }

    func churn(_ run: AnalyticsRun?, histogram: [Int], _ context: AppRequestContext) -> Any {
        guard let run else { return false }
        let lang = context.language, p = run.parameters
        guard run.note == nil, let auc = p["auc"] else { return ["run": runInfo(run, lang), "note": notFitted(run, context)] as [String: Any] }
        let names = (ChurnClassifier.historyFeatures + ["organisation"]).filter { p["coef.\($0)"] != nil }
        return [
            "run": runInfo(run, lang), "note": false, "auc": decimal(auc, lang),
            "precision": percent(p["precisionTopDecile"] ?? 0, lang), "rate": percent(p["churnRate"] ?? 0, lang),
            "train": views.formatting.number(Int(p["train"] ?? 0), lang), "test": views.formatting.number(Int(p["test"] ?? 0), lang),
            "horizon": views.formatting.number(Int(p["horizonDays"] ?? 0), lang), "cut": day(p["cutDay"] ?? 0, lang),
            "chart": SVGChart.bars(histogram.enumerated().map { i, n in
                (label: percent(Double(i) / 10, lang) + "–" + percent(Double(i + 1) / 10, lang), value: Double(n), shown: views.formatting.number(n, lang))
            }, title: views.t("analytics_risk_histogram", context), rightToLeft: lang == .fa),
            "coefficients": names.map { name in
                ["name": views.catalogs.label("churnfeat", name, lang), "coefficient": decimal(p["coef.\(name)"] ?? 0, lang),
                 "standardized": decimal(p["std.\(name)"] ?? 0, lang), "odds": decimal(exp(p["coef.\(name)"] ?? 0), lang)]
            },
        ] as [String: Any]
    }

    func survival(_ run: AnalyticsRun?, segments: AnalyticsRun?, _ context: AppRequestContext) -> Any {
        guard let run else { return false }
        let lang = context.language, p = run.parameters
        guard run.note == nil else { return ["run": runInfo(run, lang), "note": notFitted(run, context)] as [String: Any] }
        var groups = [("all", views.t("analytics_all_customers", context))]
        if let s = segments, let k = s.parameters["k"] {
            groups += (1...max(1, Int(k))).map { ("s\($0)", views.formatting.number($0, lang) + ". " + Self.segmentName(s.parameters, $0, views.catalogs, lang)) }
        }
        // The legend is narrow: "Segment 2" there, the words in the table under the chart.
        let curves = groups.enumerated().map { i, group in
            (key: group.0, name: i == 0 ? group.1 : views.t("analytics_segment", context) + " " + views.formatting.number(i, lang))
        }.map { key, name in
            (name: name, points: stride(from: 0, through: 720, by: 30).compactMap { d in p["\(key).d\(d)"].map { (x: Double(d), y: $0) } })
        }.filter { !$0.points.isEmpty }
        let xMax = curves.flatMap { $0.points.map(\.x) }.max() ?? 0
        return [
            "run": runInfo(run, lang), "note": false, "lapse": views.formatting.number(Int(p["lapseDays"] ?? 180), lang),
            "chart": SVGChart.steps(curves, xMax: xMax, title: views.t("analytics_survival_title", context),
                                    xLabel: views.t("analytics_days_axis", context), yLabel: views.t("analytics_retained_axis", context)),
            "groups": groups.map { key, name in
                ["name": name, "median": p["\(key).median"].map { views.formatting.number(Int($0), lang) } ?? views.t("analytics_not_reached", context),
                 "year": p["\(key).d360"].map { percent($0, lang) } ?? "—"]
            },
        ] as [String: Any]
    }
}
