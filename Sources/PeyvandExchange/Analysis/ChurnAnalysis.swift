import Foundation
import PeyvandAnalytics

/// `analyze churn`: `LogisticRegression` of a 0/1 label on feature columns.
///
/// * Penalty: L2 with `--c` (scikit-learn's C, default 1) or `--penalty none`
///   (maximum likelihood with standard errors, z and p, as statsmodels).
/// * `--standardize yes` (default): the L2 penalty applies to the coefficients
///   of z-scored features (population sd), as a scikit-learn
///   `StandardScaler` + `LogisticRegression` pipeline, so the penalty does not
///   depend on the features' units (`LogisticRegression`'s
///   `standardizeFeatures`). Coefficients are still reported per unit of each
///   feature, and per standard deviation. Without a penalty it changes nothing.
/// * Holdout: a seeded stratified split (`--test-fraction`, `--seed`); a model
///   fitted on the training rows scores the held-out rows for the AUC and the
///   precision in the top decile. The coefficients and the per-row
///   probabilities come from a fit on all rows. `--test-fraction 0` skips the
///   holdout.
enum ChurnAnalysis {
    static let options = ["id", "label", "features", "c", "penalty", "standardize", "test-fraction", "seed"]

    static func run(_ request: AnalysisRequest, _ options: OptionReader) throws(AnalysisFailure) -> AnalysisOutput {
        let names = try options.requiredList("features", example: "recency,frequency,monetary")
        let penaltyKind = try options.choice("penalty", ["l2", "none"], default: "l2")
        if penaltyKind == "none" && options.has("c") {
            throw .option("options --c and --penalty none contradict each other; --c is the L2 penalty's C")
        }
        let c = try options.double("c", default: 1, { $0 > 0 }, "a positive number (the inverse L2 strength C)")
        let penalty: LogisticRegression.Penalty = penaltyKind == "none" ? .none : .l2(c: c)
        let standardize = try options.choice("standardize", ["yes", "no", "true", "false"], default: "yes")
        let standardizeFeatures = standardize == "yes" || standardize == "true"
        let testFraction = try options.double(
            "test-fraction", default: 0.25, { $0 >= 0 && $0 < 1 }, "at least 0 and below 1 (0 = no holdout)")
        let seed = try options.seed()

        let table = try AnalysisTable.load(request.input, options: options)
        let (ids, idColumn) = try table.rowIDs(options)
        let labelColumn = try table.column(try options.string("label", default: "churned"), option: "label")
        var labels: [Bool] = []
        for row in table.rows { labels.append(try table.outcome(row, labelColumn)) }
        let features = try table.features(names, option: "features")
        let lines = table.rows.map(\.line)
        let file = table.file

        let model = try fitting(file, lines: lines) { () throws(AnalyticsError) in
            try LogisticRegression.fit(
                features: features, outcomes: labels, penalty: penalty, standardizeFeatures: standardizeFeatures)
        }
        let probabilities = try fitting(file, lines: lines) { () throws(AnalyticsError) in
            try model.predictProbabilities(features)
        }

        var holdout: AnalysisJSON = .null
        if testFraction > 0 {
            holdout = try evaluate(
                features, labels, penalty: penalty, standardize: standardizeFeatures, testFraction: testFraction,
                seed: seed, file: file)
        }

        func coefficientJSON(_ k: LogisticRegression.Coefficient) -> AnalysisJSON {
            var o: [String: AnalysisJSON] = [
                "name": .string(k.name), "coefficient": .number(k.coefficient),
                "standardized_coefficient": .number(k.standardizedCoefficient), "odds_ratio": .number(k.oddsRatio),
            ]
            if let se = k.standardError { o["se"] = .number(se) }
            if let z = k.z { o["z"] = .number(z) }
            if let p = k.pValue { o["p"] = .number(p) }
            return .object(o)
        }
        let positives = labels.filter { $0 }.count
        var penaltyJSON: [String: AnalysisJSON] = ["kind": .string(penaltyKind)]
        if case .l2(let c) = penalty {
            penaltyJSON["c"] = .number(c)
            penaltyJSON["standardized_features"] = .bool(standardizeFeatures)
        }
        let drivers = min(3, features.count)
        let summary: [String: AnalysisJSON] = [
            "rows": .int(labels.count),
            "positives": .int(positives),
            "base_rate": .number(Double(positives) / Double(labels.count)),
            "label": .string(table.name(labelColumn)),
            "id_column": idColumn.map { .string($0) } ?? .string("(row number)"),
            "features": .strings(model.featureNames),
            "penalty": .object(penaltyJSON),
            "intercept": coefficientJSON(model.intercept),
            "coefficients": .array(model.coefficients.map(coefficientJSON)),
            "log_likelihood": .number(model.logLikelihood),
            "iterations": .int(model.iterations),
            "holdout": holdout,
            "notes": .strings([
                "coefficients and churn_probability come from a fit on all rows; holdout metrics from a separate fit on the training split",
                penalty == .none
                    ? "unpenalised maximum likelihood: se, z and p are Wald statistics"
                    : (standardizeFeatures
                        ? "the L2 penalty applies to coefficients of z-scored features (population sd); se/z/p are not defined with a penalty"
                        : "the L2 penalty applies to coefficients in the features' own units; se/z/p are not defined with a penalty"),
                "driver columns: the features adding most log-odds (shown after the name) relative to a customer at the average of every feature",
            ]),
        ]
        var rows: [[String]] = []
        for i in ids.indices {
            let top = try fitting(file, lines: lines) { () throws(AnalyticsError) in
                try model.topContributions(features.map { $0.values[i] }, count: drivers)
            }
            var row = [ids[i], try Cells.number(probabilities[i], "churn probability", ids[i])]
            for part in top {
                let amount = try Cells.finite(part.contribution, "contribution of \(part.name) for '\(ids[i])'")
                row.append(part.name + " " + String(format: "%+.3f", amount))
            }
            rows.append(row)
        }
        let header = ["id", "churn_probability"] + (0..<drivers).map { "driver_\($0 + 1)" }
        return AnalysisOutput(summary: summary, header: header, rows: rows)
    }

    static func evaluate(
        _ features: [FeatureColumn], _ labels: [Bool], penalty: LogisticRegression.Penalty, standardize: Bool,
        testFraction: Double, seed: UInt64, file: String
    ) throws(AnalysisFailure) -> AnalysisJSON {
        do throws(AnalyticsError) {
            let split = try ModelEvaluation.stratifiedSplit(labels: labels, testFraction: testFraction, seed: seed)
            func subset(_ rows: [Int]) -> [FeatureColumn] {
                features.map { f in FeatureColumn(name: f.name, values: rows.map { f.values[$0] }) }
            }
            let trained = try LogisticRegression.fit(
                features: subset(split.train), outcomes: split.train.map { labels[$0] }, penalty: penalty,
                standardizeFeatures: standardize)
            let scores = try trained.predictProbabilities(subset(split.test))
            let truth = split.test.map { labels[$0] }
            let auc = try ModelEvaluation.rocAUC(scores: scores, labels: truth)
            let precision = try ModelEvaluation.precisionAtTopFraction(scores: scores, labels: truth, fraction: 0.1)
            let positives = truth.filter { $0 }.count
            return .object([
                "test_fraction": .number(testFraction),
                "seed": .string(String(seed)),
                "train_rows": .int(split.train.count),
                "test_rows": .int(split.test.count),
                "test_positives": .int(positives),
                "test_base_rate": .number(Double(positives) / Double(truth.count)),
                "auc": .number(auc),
                "precision_at_top_decile": .number(precision),
            ])
        } catch {
            let failure = AnalysisFailure.analytics(error, file: file)
            throw AnalysisFailure(
                kind: failure.kind,
                message: failure.message + " (in the holdout check on the training split; --test-fraction 0 skips it)")
        }
    }
}
