import Foundation
import Testing
import PeyvandAnalytics

/// Cox PH against lifelines' CoxPHFitter (Efron) and statsmodels' PHReg (Breslow);
/// fixtures from scripts/fixtures/analytics_survival.py.
@Suite struct CoxPHTests {
    struct Data {
        var durations: [Double]
        var events: [Bool]
        var covariates: [CoxPH.Covariate]
    }

    static func load(_ file: String, duration: String, event: String, names: [String]) throws -> Data {
        let rows = try Fixture.csv(file)
        return Data(
            durations: rows.map { Double($0[duration]!)! },
            events: rows.map { Double($0[event]!)! != 0 },
            covariates: names.map { name in CoxPH.Covariate(name: name, values: rows.map { Double($0[name]!)! }) })
    }

    func check(_ data: Data, _ key: String) throws {
        let expected = try Fixture.json("survival_expected.json").object(key)
        let names = expected["covariates"] as! [String]
        #expect(names == data.covariates.map(\.name))
        let model = try CoxPH.fit(durations: data.durations, events: data.events, covariates: data.covariates)
        let fields: [(String, (CoxPH.Coefficient) -> Double)] = [
            ("coef", { $0.coefficient }), ("se", { $0.standardError }), ("z", { $0.z }), ("p", { $0.pValue }),
        ]
        for (field, get) in fields {
            let mine = model.coefficients.map(get)
            let reference = expected.doubles(field)
            for (m, r) in zip(mine, reference) {
                #expect(agrees(m, r, significantFigures: 3), "\(key) \(field): \(m) vs lifelines \(r)")
            }
            print("\(key) \(field) max rel diff \(maxRelativeDifference(mine, reference))")
        }
        let ll = expected.double("log_likelihood")
        #expect(agrees(model.logLikelihood, ll, significantFigures: 6))
        let c = expected.double("concordance")
        #expect(abs(model.concordance - c) < 1e-12, "\(model.concordance) vs \(c)")
        print("\(key) log-likelihood rel diff \(relativeDifference(model.logLikelihood, ll)), concordance diff \(abs(model.concordance - c))")

        // Breslow's baseline, and per subject the median and restricted mean time to the event.
        let times = expected.doubles("baseline_times"), hazards = expected.doubles("baseline_cumulative_hazard")
        let means = data.covariates.map { $0.values.reduce(0, +) / Double($0.values.count) }
        for (t, h) in zip(times, hazards) {
            let mine = -log(model.survival(at: t, row: means))
            #expect(agrees(mine, h, significantFigures: 3), "\(key) H0(\(t)): \(mine) vs lifelines \(h)")
        }
        let medians = expected["median"] as! [Any]
        let restricted = expected.doubles("restricted_mean")
        for i in 0..<20 {
            let row = data.covariates.map { $0.values[i] }
            let median = model.medianSurvivalTime(row)
            if let reference = medians[i] as? NSNumber { #expect(median == reference.doubleValue, "\(key) median \(i)") } else { #expect(median == nil) }
            #expect(agrees(model.restrictedMeanSurvivalTime(row), restricted[i], significantFigures: 3), "\(key) mean \(i)")
        }

        let breslow = try CoxPH.fit(
            durations: data.durations, events: data.events, covariates: data.covariates, ties: .breslow)
        let b = expected.object("breslow")
        let bc = breslow.coefficients.map(\.coefficient), bs = breslow.coefficients.map(\.standardError)
        for (m, r) in zip(bc + bs, b.doubles("coef") + b.doubles("se")) {
            #expect(agrees(m, r, significantFigures: 3), "\(key) breslow: \(m) vs statsmodels \(r)")
        }
        #expect(agrees(breslow.logLikelihood, b.double("log_likelihood"), significantFigures: 6))
        print("\(key) breslow coef max rel diff \(maxRelativeDifference(bc, b.doubles("coef"))), se \(maxRelativeDifference(bs, b.doubles("se")))")
    }

    @Test func rossiMatchesLifelines() throws {
        let data = try Self.load(
            "rossi.csv", duration: "week", event: "arrest",
            names: ["fin", "age", "race", "wexp", "mar", "paro", "prio"])
        try check(data, "cox_rossi")
    }

    @Test func tiedSyntheticMatchesLifelines() throws {
        let data = try Self.load("cox_synthetic.csv", duration: "time", event: "event", names: ["x1", "x2", "x3"])
        try check(data, "cox_synthetic")
    }

    @Test func constantCovariateIsNamed() {
        #expect(throws: AnalyticsError.constantCovariate("flat")) {
            try CoxPH.fit(
                durations: [1, 2, 3, 4], events: [true, true, false, true],
                covariates: [.init(name: "x", values: [1, 3, 2, 5]), .init(name: "flat", values: [7, 7, 7, 7])])
        }
    }

    @Test func collinearCovariateIsNamed() {
        #expect(throws: AnalyticsError.collinearCovariate("sum")) {
            try CoxPH.fit(
                durations: [1, 2, 3, 4, 5], events: [true, true, false, true, true],
                covariates: [
                    .init(name: "x", values: [1, 3, 2, 5, 4]), .init(name: "y", values: [0, 1, 1, 0, 2]),
                    .init(name: "sum", values: [1, 4, 3, 5, 6]),
                ])
        }
    }

    @Test func separationDoesNotConverge() {
        // The covariate orders the event times perfectly: the MLE is at infinity.
        do {
            _ = try CoxPH.fit(
                durations: [1, 2, 3, 4, 5, 6], events: [true, true, true, true, true, true],
                covariates: [.init(name: "x", values: [6, 5, 4, 3, 2, 1])])
            Issue.record("separation should not produce a fit")
        } catch {
            guard case .noConvergence = error else { Issue.record("unexpected \(error)"); return }
            #expect(error.description.contains("'x'"))
        }
    }

    @Test func rejectsBadInput() {
        #expect(throws: AnalyticsError.emptyInput("Cox PH data")) {
            try CoxPH.fit(durations: [], events: [], covariates: [.init(name: "x", values: [])])
        }
        #expect(throws: AnalyticsError.self) {
            try CoxPH.fit(durations: [1, 2], events: [false, false], covariates: [.init(name: "x", values: [1, 2])])
        }
    }

    @Test func concordanceByBruteForce() throws {
        // Naive O(n²) pair rules of Harrell's C as lifelines states them.
        let times: [Double] = [1, 2, 2, 3, 3, 3, 5, 6, 6, 8]
        let events = [true, false, true, true, true, false, true, false, true, true]
        let scores: [Double] = [0.5, 2, 1, 1, 3, 1, 4, 4, 2, 9]
        var pairs = 0.0, score = 0.0
        for i in 0..<times.count {
            for j in 0..<times.count where i != j && events[i] {
                // i fails first (or ties with a censored j).
                guard times[i] < times[j] || (times[i] == times[j] && !events[j]) else { continue }
                pairs += 1
                score += scores[i] < scores[j] ? 1 : (scores[i] == scores[j] ? 0.5 : 0)
            }
        }
        let c = try concordanceIndex(times: times, predictedScores: scores, events: events)
        #expect(abs(c - score / pairs) < 1e-15)
    }
}
