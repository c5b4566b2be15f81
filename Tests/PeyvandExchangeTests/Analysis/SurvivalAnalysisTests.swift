import Foundation
import Testing
import PeyvandAnalytics
import PeyvandExchange

@Suite struct SurvivalAnalysisTests {
    static let rossiCovariates = "fin,age,race,wexp,mar,paro,prio"

    @Test func rossiCoxMatchesLifelines() throws {
        let expected = try AnalysisFixture.json("survival_expected.json").object("cox_rossi")
        let result = try analyze(.survival, AnalysisFixture.url("rossi.csv"), [
            "duration": "week", "event": "arrest", "covariates": Self.rossiCovariates,
        ])
        let cox = try #require(result.summary["cox"])
        let coefficients = cox["coefficients"]!.arrayValue!
        #expect(coefficients.compactMap { $0["name"]?.stringValue } == expected.strings("covariates"))
        for field in ["coef", "se", "z", "p"] {
            for (mine, reference) in zip(coefficients.map { $0.number(field) }, expected.doubles(field)) {
                #expect(agrees(mine, reference, significantFigures: 3), "\(field): \(mine) vs lifelines \(reference)")
            }
        }
        #expect(agrees(cox.number("log_likelihood"), expected.double("log_likelihood"), significantFigures: 6))
        #expect(abs(cox.number("concordance") - expected.double("concordance")) < 1e-12)
        for c in coefficients {
            #expect(relativeDifference(c.number("hazard_ratio"), exp(c.number("coef"))) < 1e-12)
        }
        #expect(result.summary["per_row_time_to_event"]?.stringValue?.hasPrefix("from Breslow's baseline hazard") == true)

        let breslow = try analyze(.survival, AnalysisFixture.url("rossi.csv"), [
            "duration": "week", "event": "arrest", "covariates": Self.rossiCovariates, "ties": "breslow",
        ])
        let b = expected.object("breslow")
        let bc = breslow.summary.at("cox", "coefficients")!.arrayValue!
        for (mine, reference) in zip(bc.map { $0.number("coef") } + bc.map { $0.number("se") }, b.doubles("coef") + b.doubles("se")) {
            #expect(agrees(mine, reference, significantFigures: 3), "breslow: \(mine) vs statsmodels \(reference)")
        }
        #expect(agrees(breslow.summary.number("cox", "log_likelihood"), b.double("log_likelihood"), significantFigures: 6))

        // Rows: partial hazard relative to the mean subject, from the model's own linear predictor.
        #expect(result.header == ["id", "duration", "event", "km_survival", "partial_hazard", "log_partial_hazard", "median_time", "expected_time"])
        // Time to the event per row: lifelines' predict_median and the area under its curve.
        let medians = (expected["median"] as! [Any]).map { ($0 as? NSNumber)?.doubleValue }
        #expect(Array(result.column("median_time")!.prefix(20)).map { Double($0) } == medians)
        for (mine, reference) in zip(result.numbers("expected_time").prefix(20), expected.doubles("restricted_mean")) {
            #expect(agrees(mine, reference, significantFigures: 3), "expected time: \(mine) vs lifelines \(reference)")
        }
        let rows = try AnalysisFixture.csv("rossi.csv")
        let names = Self.rossiCovariates.split(separator: ",").map(String.init)
        let covariates = names.map { n in CoxPH.Covariate(name: n, values: rows.map { Double($0[n]!)! }) }
        let model = try CoxPH.fit(
            durations: rows.map { Double($0["week"]!)! }, events: rows.map { $0["arrest"] == "1" }, covariates: covariates)
        let means = covariates.map { $0.values.reduce(0, +) / Double($0.values.count) }
        let expectedHazards = rows.indices.map { i in
            exp(model.linearPredictor(covariates.map { $0.values[i] }) - model.linearPredictor(means))
        }
        #expect(maxRelativeDifference(result.numbers("partial_hazard"), expectedHazards) < 1e-8)
        #expect(result.column("id")!.prefix(3) == ["1", "2", "3"])
        let km = try KaplanMeier.fit(durations: rows.map { Double($0["week"]!)! }, events: rows.map { $0["arrest"] == "1" })
        #expect(maxRelativeDifference(result.numbers("km_survival"), rows.map { km.survival(at: Double($0["week"]!)!) }) < 1e-9)
    }

    @Test func kaplanMeierPerGroupMatchesLifelines() throws {
        let expected = try AnalysisFixture.json("survival_expected.json")
        let result = try analyze(.survival, AnalysisFixture.url("km_synthetic.csv"), [
            "duration": "duration", "event": "event", "group": "group", "times": "5,20",
        ])
        let curves = result.summary["kaplan_meier"]!.arrayValue!
        #expect(curves.map { $0["group"] } == [.null, .string("a"), .string("b")])
        #expect(curves[0].number("subjects") == 310)
        for (index, key) in [(1, "km_a"), (2, "km_b")] {
            let reference = expected.object(key)
            let steps = curves[index]["curve"]!.arrayValue!
            #expect(steps.map { $0.number("time") } == reference.doubles("timeline"))
            #expect(steps.map { $0.number("at_risk") } == reference.doubles("at_risk"))
            for (field, name) in [("survival", "survival"), ("lower_95", "lower"), ("upper_95", "upper")] {
                let diff = zip(steps.map { $0.number(field) }, reference.doubles(name)).map { abs($0 - $1) }.max() ?? 1
                #expect(diff < 1e-6, "\(key) \(field)")
            }
            let median = (reference["median"] as? NSNumber)?.doubleValue
            #expect(curves[index]["median"]?.doubleValue == median)
            #expect(curves[index]["median_reached"] == .bool(median != nil))
            // Survival at the requested times is the curve's step value.
            let at = curves[index]["survival_at"]!.arrayValue!
            #expect(at.map { $0.number("time") } == [5, 20])
            let timeline = reference.doubles("timeline"), survival = reference.doubles("survival")
            for point in at {
                let i = timeline.lastIndex { $0 <= point.number("time") }!
                #expect(abs(point.number("survival") - survival[i]) < 1e-6)
            }
        }
        #expect(result.header == ["id", "group", "duration", "event", "km_survival"])
        #expect(result.summary["cox"] == nil)
    }

    @Test func failures() throws {
        let file = try TemporaryCSV("t,e,x,flat,y\n1,1,1,5,2\n2,1,3,5,1\n3,0,2,5,4\n4,1,5,5,3\n5,1,4,5,5\n")
        #expect(failure(.survival, file.url)?.message == "'analyze survival' needs --duration (for example --duration tenure_days)")
        #expect(failure(.survival, file.url, ["duration": "t"])?.message == "'analyze survival' needs --event (for example --event churned)")
        #expect(failure(.survival, file.url, ["duration": "t", "event": "e", "covariates": "x,flat"])?.message
            == "input.csv: column 'flat' has the same value in every row; remove it from the model")
        let collinear = try TemporaryCSV("t,e,x,y,sum\n1,1,1,0,1\n2,1,3,1,4\n3,0,2,1,3\n4,1,5,0,5\n5,1,4,2,6\n")
        #expect(failure(.survival, collinear.url, ["duration": "t", "event": "e", "covariates": "x,y,sum"])?.message
            == "input.csv: column 'sum' is a linear combination of the other columns (collinear); remove it from the model")
        let negative = try TemporaryCSV("t,e\n1,1\n-2,1\n")
        #expect(failure(.survival, negative.url, ["duration": "t", "event": "e"])?.message
            == "input.csv line 3, column 't': duration must be ≥ 0 (got '-2')")
        let noEvents = try TemporaryCSV("t,e,x\n1,0,1\n2,0,3\n3,0,2\n")
        #expect(failure(.survival, noEvents.url, ["duration": "t", "event": "e", "covariates": "x"])?.message.contains("no observed events") == true)
        #expect(try analyze(.survival, noEvents.url, ["duration": "t", "event": "e"]).summary.at("kaplan_meier", 0, "median") == .null)
        let separated = try TemporaryCSV("t,e,x\n1,1,6\n2,1,5\n3,1,4\n4,1,3\n5,1,2\n6,1,1\n")
        let f = failure(.survival, separated.url, ["duration": "t", "event": "e", "covariates": "x"])
        #expect(f?.kind == .model && f?.message.contains("did not converge") == true, "\(f?.message ?? "")")
        #expect(failure(.survival, file.url, ["duration": "t", "event": "e", "ties": "exact"])?.message
            == "option --ties must be one of efron, breslow (got 'exact')")
        #expect(failure(.survival, file.url, ["duration": "t", "event": "e", "times": "1,x"])?.kind == .option)
        #expect(failure(.survival, file.url, ["duration": "t", "event": "e", "id": "name"])?.message.contains("(--id) not found") == true)
        let ids = try analyze(.survival, file.url, ["duration": "t", "event": "e", "id": "y"])
        #expect(ids.column("id")! == ["2", "1", "4", "3", "5"])
    }
}
