import Foundation
import Testing
import PeyvandAnalytics

/// Logistic regression against statsmodels' Logit and scikit-learn's
/// LogisticRegression; fixtures from scripts/fixtures/analytics_logistic.py.
@Suite struct LogisticRegressionTests {
    static let names = ["recency", "frequency", "monetary", "tenure", "complaint"]

    static func load() throws -> (features: [FeatureColumn], churned: [Bool]) {
        let rows = try Fixture.csv("logistic_customers.csv")
        return (names.map { name in FeatureColumn(name: name, values: rows.map { Double($0[name]!)! }) },
                rows.map { $0["churned"] == "1" })
    }

    static func all(_ model: LogisticRegression) -> [Double] {
        [model.intercept.coefficient] + model.coefficients.map(\.coefficient)
    }

    @Test func unpenalisedMatchesStatsmodels() throws {
        let (features, churned) = try Self.load()
        let expected = try Fixture.json("logistic_expected.json").object("statsmodels")
        let model = try LogisticRegression.fit(features: features, outcomes: churned, penalty: .none)
        let parts: [(String, [Double], [Double])] = [
            ("coef", Self.all(model), expected.doubles("params")),
            ("se", [model.intercept.standardError!] + model.coefficients.map { $0.standardError! }, expected.doubles("bse")),
            ("z", [model.intercept.z!] + model.coefficients.map { $0.z! }, expected.doubles("z")),
            ("p", [model.intercept.pValue!] + model.coefficients.map { $0.pValue! }, expected.doubles("p")),
        ]
        for (field, mine, reference) in parts {
            let d = maxRelativeDifference(mine, reference)
            #expect(d < 1e-6, "\(field): \(mine) vs statsmodels \(reference)")
            print("logit \(field) max rel diff vs statsmodels \(d)")
        }
        #expect(relativeDifference(model.logLikelihood, expected.double("llf")) < 1e-10)
        let probabilities = try (0..<20).map { i in try model.predictProbability(features.map { $0.values[i] }) }
        #expect(maxRelativeDifference(probabilities, expected.doubles("first_probabilities")) < 1e-6)
        #expect(model.covariance?.count == 6)
    }

    func checkScikitLearn(_ key: String, _ newtonKey: String?, penalty: LogisticRegression.Penalty,
                          standardize: Bool = false) throws {
        let (features, churned) = try Self.load()
        let expected = try Fixture.json("logistic_expected.json")
        let model = try LogisticRegression.fit(
            features: features, outcomes: churned, penalty: penalty, standardizeFeatures: standardize)
        #expect(model.intercept.standardError == nil && model.coefficients.allSatisfy { $0.pValue == nil })
        let mine = standardize
            ? [model.intercept.standardizedCoefficient] + model.coefficients.map(\.standardizedCoefficient)
            : Self.all(model)
        let lbfgs = expected.object(key)
        let reference = [lbfgs.double("intercept")] + lbfgs.doubles("coef")
        let d = maxRelativeDifference(mine, reference)
        #expect(d < 1e-6, "\(key): \(mine) vs sklearn \(reference)")
        var line = "\(key) max rel diff vs sklearn lbfgs \(d)"
        if let newtonKey {
            let newton = expected.object(newtonKey)
            let dn = maxRelativeDifference(mine, [newton.double("intercept")] + newton.doubles("coef"))
            #expect(dn < 1e-9)
            line += ", vs newton-cholesky \(dn)"
        }
        // The reference confirms that scikit-learn leaves the intercept unpenalised.
        #expect(lbfgs.double("grad_norm_intercept_unpenalised") < 1e-3)
        #expect(lbfgs.double("grad_norm_intercept_penalised") > 0.5)
        print(line)
    }

    @Test func l2MatchesScikitLearnC1() throws {
        try checkScikitLearn("sklearn_C1", "sklearn_C1_newton", penalty: .l2(c: 1))
    }

    @Test func l2MatchesScikitLearnC01() throws {
        try checkScikitLearn("sklearn_C01", "sklearn_C01_newton", penalty: .l2(c: 0.1))
    }

    @Test func l2OnStandardizedFeaturesMatchesScalerPipeline() throws {
        try checkScikitLearn("sklearn_C01_standardized", nil, penalty: .l2(c: 0.1), standardize: true)
    }

    @Test func metricsMatchScikitLearn() throws {
        let (features, churned) = try Self.load()
        let expected = try Fixture.json("logistic_expected.json")
        let model = try LogisticRegression.fit(features: features, outcomes: churned, penalty: .none)
        let scores = try model.predictProbabilities(features)
        let auc = try ModelEvaluation.rocAUC(scores: scores, labels: churned)
        // Coarse scores (rounded to 0.1) have many ties.
        let coarse = scores.map { ($0 * 10).rounded() / 10 }
        let aucCoarse = try ModelEvaluation.rocAUC(scores: coarse, labels: churned)
        #expect(abs(auc - expected.double("auc")) < 1e-9, "\(auc) vs \(expected.double("auc"))")
        #expect(abs(aucCoarse - expected.double("auc_coarse")) < 1e-12, "\(aucCoarse) vs \(expected.double("auc_coarse"))")
        print("AUC diff vs sklearn \(abs(auc - expected.double("auc"))), tied scores \(abs(aucCoarse - expected.double("auc_coarse")))")
        let p10 = try ModelEvaluation.precisionAtTopFraction(scores: scores, labels: churned, fraction: 0.1)
        #expect(abs(p10 - expected.double("precision_top10")) < 1e-12)
        let p10c = try ModelEvaluation.precisionAtTopFraction(scores: coarse, labels: churned)
        #expect(abs(p10c - expected.double("precision_top10_coarse")) < 1e-12)
        let p25c = try ModelEvaluation.precisionAtTopFraction(scores: coarse, labels: churned, fraction: 0.25)
        #expect(abs(p25c - expected.double("precision_top25_coarse")) < 1e-12, "\(p25c)")
    }

    @Test func rocAUCByHand() throws {
        #expect(try ModelEvaluation.rocAUC(scores: [0.1, 0.4, 0.35, 0.8], labels: [false, false, true, true]) == 0.75)
        // All tied: 0.5. Perfect: 1. Reversed: 0.
        #expect(try ModelEvaluation.rocAUC(scores: [1, 1, 1, 1], labels: [false, true, false, true]) == 0.5)
        #expect(try ModelEvaluation.rocAUC(scores: [1, 2, 3, 4], labels: [false, false, true, true]) == 1)
        #expect(try ModelEvaluation.rocAUC(scores: [4, 3, 2, 1], labels: [false, false, true, true]) == 0)
        #expect(throws: AnalyticsError.singleClass("ROC AUC labels (0 of 2 positive)")) {
            try ModelEvaluation.rocAUC(scores: [1, 2], labels: [false, false])
        }
        #expect(throws: AnalyticsError.emptyInput("ROC AUC scores")) { try ModelEvaluation.rocAUC(scores: [], labels: []) }
        #expect(throws: AnalyticsError.nonFiniteValue(field: "score", row: 1)) {
            try ModelEvaluation.rocAUC(scores: [1, .nan], labels: [false, true])
        }
    }

    @Test func precisionAtTopByHand() throws {
        // 10 rows, top 10% = 1 row; the top score is tied between a positive and a negative: 0.5.
        let scores: [Double] = [9, 9, 1, 2, 3, 4, 5, 6, 7, 8]
        let labels = [true, false, false, false, false, false, false, false, false, true]
        #expect(try ModelEvaluation.precisionAtTopFraction(scores: scores, labels: labels) == 0.5)
        // Top 30% = 3 rows: 9, 9, 8 → 2 positives of 3.
        #expect(abs(try ModelEvaluation.precisionAtTopFraction(scores: scores, labels: labels, fraction: 0.3) - 2.0 / 3) < 1e-15)
        #expect(throws: AnalyticsError.invalidInput("fraction must be in (0, 1], got 0.0")) {
            try ModelEvaluation.precisionAtTopFraction(scores: scores, labels: labels, fraction: 0)
        }
    }

    @Test func stratifiedSplitKeepsBalanceAndIsSeeded() throws {
        let (_, churned) = try Self.load()
        let split = try ModelEvaluation.stratifiedSplit(labels: churned, testFraction: 0.25, seed: 42)
        let again = try ModelEvaluation.stratifiedSplit(labels: churned, testFraction: 0.25, seed: 42)
        let other = try ModelEvaluation.stratifiedSplit(labels: churned, testFraction: 0.25, seed: 43)
        #expect(split == again)
        #expect(split != other)
        #expect(Set(split.train).isDisjoint(with: split.test))
        #expect(split.train.count + split.test.count == churned.count)
        let positives = churned.filter { $0 }.count
        #expect(split.test.filter { churned[$0] }.count == Int((0.25 * Double(positives)).rounded()))
        #expect(split.test.filter { !churned[$0] }.count == Int((0.25 * Double(churned.count - positives)).rounded()))
        #expect(split.test == split.test.sorted())
        // A small class still lands on both sides.
        let tiny = try ModelEvaluation.stratifiedSplit(labels: [true, true, false, false, false, false], testFraction: 0.1)
        #expect(tiny.test.count == 2)
        #expect(throws: AnalyticsError.tooFewRows("stratified split (each class)", needed: 2, got: 1)) {
            try ModelEvaluation.stratifiedSplit(labels: [true, false, false])
        }
        #expect(throws: AnalyticsError.singleClass("stratified split labels")) {
            try ModelEvaluation.stratifiedSplit(labels: [true, true])
        }
    }

    @Test func trainTestWorkflow() throws {
        let (features, churned) = try Self.load()
        let split = try ModelEvaluation.stratifiedSplit(labels: churned, seed: 1)
        func subset(_ idx: [Int]) -> [FeatureColumn] {
            features.map { f in FeatureColumn(name: f.name, values: idx.map { f.values[$0] }) }
        }
        let model = try LogisticRegression.fit(
            features: subset(split.train), outcomes: split.train.map { churned[$0] })
        let scores = try model.predictProbabilities(subset(split.test))
        let auc = try ModelEvaluation.rocAUC(scores: scores, labels: split.test.map { churned[$0] })
        #expect(auc > 0.65 && auc < 0.85)
    }

    @Test func contributionsExplainTheScore() throws {
        let (features, churned) = try Self.load()
        let model = try LogisticRegression.fit(features: features, outcomes: churned, penalty: .none)
        let row = features.map { $0.values[3] }
        let parts = try model.contributions(row)
        #expect(parts.count == 5)
        #expect(zip(parts, parts.dropFirst()).allSatisfy { abs($0.contribution) >= abs($1.contribution) })
        let total = parts.reduce(0) { $0 + $1.contribution }
        let difference = try model.linearPredictor(row) - model.linearPredictor(model.featureMeans)
        #expect(abs(total - difference) < 1e-12)
        for part in parts {
            let j = Self.names.firstIndex(of: part.name)!
            #expect(abs(part.contribution - model.coefficients[j].standardizedCoefficient * part.standardizedValue) < 1e-12)
        }
        let top = try model.topContributions(row, count: 2)
        #expect(top == Array(parts.prefix(2)))
        // A customer long gone with a complaint: recency and complaint push the risk up.
        let risky = try model.topContributions([400, 1, 50, 1, 1])
        #expect(risky.first?.name == "recency" && risky.first!.contribution > 0)
        #expect(try model.predictProbability([400, 1, 50, 1, 1]) > 0.9)
        #expect(throws: AnalyticsError.invalidInput("a row needs 5 values (recency, frequency, monetary, tenure, complaint), got 2")) {
            try model.predictProbability([1, 2])
        }
        #expect(throws: AnalyticsError.nonFiniteValue(field: "monetary", row: 0)) {
            try model.predictProbability([1, 2, .nan, 1, 0])
        }
    }

    // MARK: - Errors

    static let x = FeatureColumn(name: "x", values: [0.5, 1.2, 1.9, 2.4, 3.1, 3.3, 4.0, 4.8, 5.5, 6.1])
    static let y = [false, true, false, false, true, false, true, true, false, true]

    @Test func rejectsBadInput() {
        #expect(throws: AnalyticsError.emptyInput("logistic regression data")) {
            try LogisticRegression.fit(features: [FeatureColumn(name: "x", values: [])], outcomes: [])
        }
        #expect(throws: AnalyticsError.singleCustomer("logistic regression")) {
            try LogisticRegression.fit(features: [FeatureColumn(name: "x", values: [1])], outcomes: [true])
        }
        #expect(throws: AnalyticsError.singleClass("logistic regression outcome (0 of 10 positive)")) {
            try LogisticRegression.fit(features: [Self.x], outcomes: Array(repeating: false, count: 10))
        }
        #expect(throws: AnalyticsError.constantCovariate("flat")) {
            try LogisticRegression.fit(
                features: [Self.x, FeatureColumn(name: "flat", values: Array(repeating: 2, count: 10))],
                outcomes: Self.y)
        }
        #expect(throws: AnalyticsError.nonFiniteValue(field: "x", row: 4)) {
            var bad = Self.x
            bad.values[4] = .infinity
            return try LogisticRegression.fit(features: [bad], outcomes: Self.y)
        }
        #expect(throws: AnalyticsError.invalidInput("9 outcomes for 10 customers")) {
            try LogisticRegression.fit(features: [Self.x], outcomes: Array(Self.y.dropLast()))
        }
        #expect(throws: AnalyticsError.invalidInput("the inverse regularisation strength C must be positive and finite, got 0.0")) {
            try LogisticRegression.fit(features: [Self.x], outcomes: Self.y, penalty: .l2(c: 0))
        }
    }

    @Test func collinearFeaturesAreNamedWithoutPenalty() throws {
        let z = FeatureColumn(name: "z", values: [3, 1, 4, 1, 5, 9, 2, 6, 5, 3])
        let sum = FeatureColumn(name: "x+2z", values: zip(Self.x.values, z.values).map { $0 + 2 * $1 })
        #expect(throws: AnalyticsError.collinearCovariate("x+2z")) {
            try LogisticRegression.fit(features: [Self.x, z, sum], outcomes: Self.y, penalty: .none)
        }
        // With a penalty the problem is well posed (ridge), as in scikit-learn.
        let ridge = try LogisticRegression.fit(features: [Self.x, z, sum], outcomes: Self.y, penalty: .l2(c: 1))
        #expect(ridge.coefficients.allSatisfy { $0.coefficient.isFinite })
    }

    @Test func perfectSeparationIsReportedWithoutPenalty() throws {
        // Complete separation: x < 3.5 → 0, x > 3.5 → 1.
        let x = FeatureColumn(name: "x", values: [1, 2, 3, 4, 5, 6])
        let y = [false, false, false, true, true, true]
        #expect(throws: AnalyticsError.self) { try LogisticRegression.fit(features: [x], outcomes: y, penalty: .none) }
        do {
            _ = try LogisticRegression.fit(features: [x], outcomes: y, penalty: .none)
        } catch {
            guard case .perfectSeparation = error else { Issue.record("expected perfectSeparation, got \(error)"); return }
        }
        // Quasi-complete: tied at x = 3 across classes.
        let xq = FeatureColumn(name: "x", values: [1, 2, 3, 3, 4, 5])
        do {
            _ = try LogisticRegression.fit(features: [xq], outcomes: y, penalty: .none)
            Issue.record("quasi-complete separation was not detected")
        } catch {
            guard case .perfectSeparation = error else { Issue.record("expected perfectSeparation, got \(error)"); return }
        }
        // A binary feature where every complainer churned, among otherwise ordinary data.
        let (features, churned) = try Self.load()
        var complaint = features[4].values
        for i in complaint.indices where complaint[i] == 1 && !churned[i] { complaint[i] = 0 }
        var separated = features
        separated[4] = FeatureColumn(name: "complaint", values: complaint)
        do {
            _ = try LogisticRegression.fit(features: separated, outcomes: churned, penalty: .none)
            Issue.record("separation by a binary feature was not detected")
        } catch {
            guard case .perfectSeparation = error else { Issue.record("expected perfectSeparation, got \(error)"); return }
        }
        // The penalised fit is finite.
        let model = try LogisticRegression.fit(features: [x], outcomes: y, penalty: .l2(c: 1))
        #expect(model.coefficients[0].coefficient > 0 && model.coefficients[0].coefficient.isFinite)
    }

    @Test func nonConvergenceIsReported() {
        #expect(throws: AnalyticsError.noConvergence(model: "logistic regression (Newton–Raphson)", iterations: 1)) {
            try LogisticRegression.fit(features: [Self.x], outcomes: Self.y, penalty: .none, maxIterations: 1)
        }
    }
}
