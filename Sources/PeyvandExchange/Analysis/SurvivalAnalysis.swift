import Foundation
import PeyvandAnalytics

/// `analyze survival`: `KaplanMeier` curves (all rows, and per `--group`)
/// and, with `--covariates`, a `CoxPH` fit.
///
/// Rows carry each subject's Kaplan–Meier survival at its own duration (from
/// its group's curve) and, with covariates, the partial hazard relative to a
/// subject at the mean of every covariate, `exp(β·(x − x̄))` (lifelines'
/// `predict_partial_hazard`). `CoxPH` estimates no baseline hazard, so no
/// expected or median time to event is given per row; the summary says so.
enum SurvivalAnalysis {
    static let options = ["duration", "event", "covariates", "group", "ties", "id", "times"]

    static func run(_ request: AnalysisRequest, _ options: OptionReader) throws(AnalysisFailure) -> AnalysisOutput {
        let durationName = try options.required("duration", example: "tenure_days")
        let eventName = try options.required("event", example: "churned")
        let covariateNames = try options.list("covariates")
        let groupName = try options.string("group")
        let ties = CoxPH.Ties(rawValue: try options.choice("ties", ["efron", "breslow"], default: "efron"))!
        var requestedTimes: [Double]?
        if let items = try options.list("times") {
            var times: [Double] = []
            for item in items {
                guard let t = NumberText.parse(item), t >= 0 else {
                    throw .option("option --times must list durations ≥ 0 separated by commas (got '\(item)')")
                }
                times.append(t)
            }
            requestedTimes = times.sorted()
        }

        let table = try AnalysisTable.load(request.input, options: options)
        let file = table.file
        let lines = table.rows.map(\.line)
        let idName = try options.string("id")
        let ids = try table.ids(option: "id", name: idName)
        let durationColumn = try table.column(durationName, option: "duration")
        let eventColumn = try table.column(eventName, option: "event")
        var durations: [Double] = [], events: [Bool] = []
        for row in table.rows {
            let d = try table.number(row, durationColumn)
            guard d >= 0 else {
                throw .cell(file, line: row.line, column: table.name(durationColumn), "duration must be ≥ 0 (got '\(row.fields[durationColumn])')")
            }
            durations.append(d)
            events.append(try table.outcome(row, eventColumn))
        }
        var groups: [String]?
        if let groupName {
            let column = try table.column(groupName, option: "group")
            var values: [String] = []
            for row in table.rows { values.append(try table.text(row, column)) }
            groups = values
        }
        let times = requestedTimes ?? defaultTimes(durations)

        // Kaplan–Meier: all rows, then each group.
        var curves: [String: KaplanMeier] = [:]
        var overall: KaplanMeier?
        var kmJSON: [AnalysisJSON] = []
        var members: [(String?, [Int])] = [(nil, Array(durations.indices))]
        if let groups {
            for g in Set(groups).sorted() { members.append((g, groups.indices.filter { groups[$0] == g })) }
        }
        for (name, rows) in members {
            let km = try fitting(file, lines: lines) { () throws(AnalyticsError) in
                try KaplanMeier.fit(durations: rows.map { durations[$0] }, events: rows.map { events[$0] })
            }
            if let name { curves[name] = km } else { overall = km }
            kmJSON.append(curveJSON(name, km, rows.count, rows.filter { events[$0] }.count, times))
        }

        var summary: [String: AnalysisJSON] = [
            "subjects": .int(durations.count),
            "events": .int(events.filter { $0 }.count),
            "duration_column": .string(table.name(durationColumn)),
            "event_column": .string(table.name(eventColumn)),
            "kaplan_meier": .array(kmJSON),
            "confidence_level": .number(0.95),
        ]
        if let groupName { summary["group_column"] = .string(groupName) }

        var header = ["id"]
        if groups != nil { header.append("group") }
        header += ["duration", "event", "km_survival"]
        var hazards: [Double]?
        var fitted: (model: CoxPH, rows: [[Double]])?
        if let covariateNames {
            let covariates = try table.features(covariateNames, option: "covariates").map {
                CoxPH.Covariate(name: $0.name, values: $0.values)
            }
            let model = try fitting(file, lines: lines) { () throws(AnalyticsError) in
                try CoxPH.fit(durations: durations, events: events, covariates: covariates, ties: ties)
            }
            let means = covariates.map { c in c.values.reduce(0, +) / Double(c.values.count) }
            let center = model.linearPredictor(means)
            let covariateRows = durations.indices.map { i in covariates.map { $0.values[i] } }
            hazards = covariateRows.map { model.linearPredictor($0) - center }
            fitted = (model, covariateRows)
            summary["cox"] = .object([
                "ties": .string(ties.rawValue),
                "log_likelihood": .number(model.logLikelihood),
                "concordance": .number(model.concordance),
                "iterations": .int(model.iterations),
                "covariate_means": .object(Dictionary(uniqueKeysWithValues: zip(covariates.map(\.name), means.map { AnalysisJSON.number($0) }))),
                "coefficients": .array(model.coefficients.map { k in
                    .object([
                        "name": .string(k.name), "coef": .number(k.coefficient), "se": .number(k.standardError),
                        "z": .number(k.z), "p": .number(k.pValue), "hazard_ratio": .number(k.hazardRatio),
                        "coef_lower_95": .number(k.lower95), "coef_upper_95": .number(k.upper95),
                        "hazard_ratio_lower_95": .number(exp(k.lower95)), "hazard_ratio_upper_95": .number(exp(k.upper95)),
                    ])
                }),
            ])
            summary["per_row_time_to_event"] = .string(
                "from Breslow's baseline hazard: median_time is the first time the row's survival falls to one half "
                    + "(empty when it stays above it within the data), expected_time the mean time to the event "
                    + "restricted to the longest follow-up (\(NumberText.format(model.lastTime)))")
            header += ["partial_hazard", "log_partial_hazard", "median_time", "expected_time"]
        }

        var rows: [[String]] = []
        for i in durations.indices {
            let curve = groups.map { curves[$0[i]]! } ?? overall!
            var row = [ids[i]]
            if let groups { row.append(groups[i]) }
            row += [
                NumberText.format(durations[i]), events[i] ? "1" : "0",
                try Cells.number(curve.survival(at: durations[i]), "survival", ids[i]),
            ]
            if let hazards {
                row += [
                    try Cells.number(exp(hazards[i]), "partial hazard", ids[i]),
                    try Cells.number(hazards[i], "log partial hazard", ids[i]),
                ]
            }
            if let fitted {
                var median = ""
                if let t = fitted.model.medianSurvivalTime(fitted.rows[i]) { median = try Cells.number(t, "median time", ids[i]) }
                row += [median, try Cells.number(fitted.model.restrictedMeanSurvivalTime(fitted.rows[i]), "expected time", ids[i])]
            }
            rows.append(row)
        }
        return AnalysisOutput(summary: summary, header: header, rows: rows)
    }

    /// The quartiles of the observed durations (lower order statistic), distinct.
    static func defaultTimes(_ durations: [Double]) -> [Double] {
        let sorted = durations.sorted()
        let picks = [0.25, 0.5, 0.75].map { sorted[Int((Double(sorted.count - 1) * $0).rounded(.down))] }
        return Array(Set(picks)).sorted()
    }

    static func curveJSON(_ name: String?, _ km: KaplanMeier, _ n: Int, _ events: Int, _ times: [Double]) -> AnalysisJSON {
        func step(at t: Double) -> KaplanMeier.Step? { km.steps.last { $0.time <= t } }
        return .object([
            "group": name.map { .string($0) } ?? .null,
            "all_subjects": .bool(name == nil),
            "subjects": .int(n),
            "events": .int(events),
            "median": km.median.map { .number($0) } ?? .null,
            "median_reached": .bool(km.median != nil),
            "quantile_times": .array([0.75, 0.5, 0.25].map { q in
                .object(["survival": .number(q), "time": km.quantileTime(q).map { .number($0) } ?? .null])
            }),
            "survival_at": .array(times.map { t in
                let s = step(at: t)
                return .object([
                    "time": .number(t), "survival": .number(km.survival(at: t)),
                    "lower_95": .number(s?.lower ?? 1), "upper_95": .number(s?.upper ?? 1),
                ])
            }),
            "curve": .array(km.steps.map { s in
                .object([
                    "time": .number(s.time), "at_risk": .int(s.atRisk), "events": .int(s.events),
                    "censored": .int(s.censored), "survival": .number(s.survival),
                    "lower_95": .number(s.lower), "upper_95": .number(s.upper),
                ])
            }),
        ])
    }
}
