import Foundation
import Testing
import PeyvandAnalytics
import PeyvandExchange

@Suite struct ChurnAnalysisTests {
    static let features = "recency,frequency,monetary,tenure,complaint"
    static var url: URL { AnalysisFixture.url("logistic_customers.csv") }

    static func coefficients(_ result: AnalysisResult, _ field: String) -> [Double] {
        [result.summary.number("intercept", field)] + result.summary["coefficients"]!.arrayValue!.map { $0.number(field) }
    }

    @Test func unpenalisedMatchesStatsmodels() throws {
        let expected = try AnalysisFixture.json("logistic_expected.json").object("statsmodels")
        let result = try analyze(.churn, Self.url, ["features": Self.features, "penalty": "none"])
        for (field, key) in [("coefficient", "params"), ("se", "bse"), ("z", "z"), ("p", "p")] {
            let d = maxRelativeDifference(Self.coefficients(result, field), expected.doubles(key))
            #expect(d < 1e-6, "\(field)")
        }
        #expect(relativeDifference(result.summary.number("log_likelihood"), expected.double("llf")) < 1e-10)
        let probabilities = Array(result.numbers("churn_probability").prefix(20))
        #expect(maxRelativeDifference(probabilities, expected.doubles("first_probabilities")) < 1e-6)
        #expect(result.header == ["id", "churn_probability", "driver_1", "driver_2", "driver_3"])
        #expect(result.rows[0][0] == "L0000")
        #expect(result.summary.number("positives") == 181)
    }

    @Test func penalisedMatchesScikitLearn() throws {
        let expected = try AnalysisFixture.json("logistic_expected.json")
        let raw = try analyze(.churn, Self.url, ["features": Self.features, "c": "1", "standardize": "no"])
        let c1 = expected.object("sklearn_C1")
        #expect(maxRelativeDifference(Self.coefficients(raw, "coefficient"), [c1.double("intercept")] + c1.doubles("coef")) < 1e-6)
        #expect(raw.summary.at("intercept", "se") == nil)
        // Default: the penalty on z-scored features (a StandardScaler pipeline).
        let scaled = try analyze(.churn, Self.url, ["features": Self.features, "c": "0.1"])
        let c01 = expected.object("sklearn_C01_standardized")
        #expect(maxRelativeDifference(
            Self.coefficients(scaled, "standardized_coefficient"), [c01.double("intercept")] + c01.doubles("coef")) < 1e-6)
        #expect(scaled.summary.at("penalty", "standardized_features") == .bool(true))
    }

    @Test func holdoutMetricsAreTheModelsOwn() throws {
        let result = try analyze(.churn, Self.url, ["features": Self.features, "seed": "42"])
        let rows = try AnalysisFixture.csv("logistic_customers.csv")
        let names = Self.features.split(separator: ",").map(String.init)
        let labels = rows.map { $0["churned"] == "1" }
        let split = try ModelEvaluation.stratifiedSplit(labels: labels, testFraction: 0.25, seed: 42)
        func subset(_ idx: [Int]) -> [FeatureColumn] {
            names.map { n in FeatureColumn(name: n, values: idx.map { Double(rows[$0][n]!)! }) }
        }
        let model = try LogisticRegression.fit(
            features: subset(split.train), outcomes: split.train.map { labels[$0] }, penalty: .l2(c: 1), standardizeFeatures: true)
        let scores = try model.predictProbabilities(subset(split.test))
        let truth = split.test.map { labels[$0] }
        let holdout = try #require(result.summary["holdout"])
        #expect(holdout.number("auc") == (try ModelEvaluation.rocAUC(scores: scores, labels: truth)))
        #expect(holdout.number("precision_at_top_decile") == (try ModelEvaluation.precisionAtTopFraction(scores: scores, labels: truth)))
        #expect(holdout.number("test_rows") == Double(split.test.count))
        #expect(holdout.number("auc") > 0.6)
        // Drivers: the top three contributions, largest first.
        let full = try LogisticRegression.fit(features: subset(Array(rows.indices)), outcomes: labels, standardizeFeatures: true)
        let top = try full.topContributions(names.map { Double(rows[3][$0]!)! })
        #expect(result.rows[3][2] == top[0].name + " " + String(format: "%+.3f", top[0].contribution))
        #expect(result.rows[3][4].hasPrefix(top[2].name + " "))
        let none = try analyze(.churn, Self.url, ["features": Self.features, "test-fraction": "0"])
        #expect(none.summary["holdout"] == .null)
    }

    @Test func failures() throws {
        let base = "id,churned,a,b\n1,0,1,5\n2,1,2,3\n3,0,3,8\n4,1,4,1\n5,0,5,9\n6,1,6,2\n7,0,2,4\n8,1,5,6\n"
        let file = try TemporaryCSV(base)
        #expect(failure(.churn, file.url)?.message == "'analyze churn' needs --features (for example --features recency,frequency,monetary)")
        #expect(failure(.churn, file.url, ["features": "a", "penalty": "none", "c": "2"])?.kind == .option)
        #expect(failure(.churn, file.url, ["features": "a", "c": "0"])?.message
            == "option --c must be a positive number (the inverse L2 strength C) (got '0')")
        #expect(failure(.churn, file.url, ["features": "a", "label": "left"])?.message.contains("column 'left' (--label) not found") == true)
        let flat = try TemporaryCSV("id,churned,a,flat\n1,0,1,5\n2,1,2,5\n3,0,3,5\n4,1,4,5\n")
        #expect(failure(.churn, flat.url, ["features": "a,flat", "test-fraction": "0"])?.message
            == "input.csv: column 'flat' has the same value in every row; remove it from the model")
        let collinear = try TemporaryCSV("id,churned,a,b,c\n1,0,1,5,6\n2,1,2,3,5\n3,0,3,8,11\n4,1,4,1,5\n5,0,5,9,14\n6,1,6,2,8\n")
        #expect(failure(.churn, collinear.url, ["features": "a,b,c", "penalty": "none", "test-fraction": "0"])?.message
            == "input.csv: column 'c' is a linear combination of the other columns (collinear); remove it from the model")
        let oneClass = try TemporaryCSV("id,churned,a\n1,0,1\n2,0,2\n3,0,3\n")
        #expect(failure(.churn, oneClass.url, ["features": "a"])?.message.contains("only one outcome class") == true)
        let separated = try TemporaryCSV("id,churned,a\n1,0,1\n2,0,2\n3,0,3\n4,1,4\n5,1,5\n6,1,6\n")
        #expect(failure(.churn, separated.url, ["features": "a", "penalty": "none", "test-fraction": "0"])?.message
            .contains("perfectly separated") == true)
        #expect(try analyze(.churn, separated.url, ["features": "a", "test-fraction": "0"]).rows.count == 6)
        let label = try TemporaryCSV("id,churned,a\n1,0,1\n2,maybe,2\n")
        #expect(failure(.churn, label.url, ["features": "a"])?.message == "input.csv line 3, column 'churned': 'maybe' is not 0/1 or true/false")
        let words = try TemporaryCSV("id,churned,a\n1,no,1\n2,yes,2\n3,false,3\n4,true,5\n5,0,2\n6,1,4\n")
        #expect(try analyze(.churn, words.url, ["features": "a", "test-fraction": "0"]).summary.number("positives") == 3)
        let tiny = try TemporaryCSV("id,churned,a\n1,0,1\n2,1,2\n3,0,3\n")
        #expect(failure(.churn, tiny.url, ["features": "a"])?.message.contains("(in the holdout check") == true)
    }
}
