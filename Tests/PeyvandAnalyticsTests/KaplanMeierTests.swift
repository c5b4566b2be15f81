import Foundation
import Testing
import PeyvandAnalytics

/// Kaplan–Meier against lifelines' KaplanMeierFitter (scripts/fixtures/analytics_survival.py).
@Suite struct KaplanMeierTests {
    func check(group: String, key: String) throws {
        let rows = try Fixture.csv("km_synthetic.csv").filter { $0["group"] == group }
        let km = try KaplanMeier.fit(
            durations: rows.map { Double($0["duration"]!)! }, events: rows.map { $0["event"] == "1" })
        let expected = try Fixture.json("survival_expected.json").object(key)
        #expect(km.steps.map(\.time) == expected.doubles("timeline"))
        #expect(km.steps.map { Double($0.atRisk) } == expected.doubles("at_risk"))
        #expect(km.steps.map { Double($0.events) } == expected.doubles("observed"))
        #expect(km.steps.map { Double($0.censored) } == expected.doubles("censored"))
        #expect(km.steps.map { Double($0.removed) } == expected.doubles("removed"))
        for (name, mine) in [
            ("survival", km.steps.map(\.survival)), ("lower", km.steps.map(\.lower)), ("upper", km.steps.map(\.upper)),
        ] {
            let reference = expected.doubles(name)
            let diff = zip(mine, reference).map { abs($0 - $1) }.max() ?? 0
            #expect(diff < 1e-6, "\(key) \(name)")
            print("\(key) \(name) max abs diff \(diff)")
        }
        #expect(km.median == (expected["median"] as? NSNumber)?.doubleValue)
    }

    @Test func censoredTiedSampleMatchesLifelines() throws {
        try check(group: "a", key: "km_a")
    }

    @Test func curveReachingZeroMatchesLifelines() throws {
        try check(group: "b", key: "km_b")
    }

    @Test func handWorkedExample() throws {
        // 6 subjects: deaths at 1, 3, 3; censored at 2, 4, 5.
        let km = try KaplanMeier.fit(
            durations: [1, 2, 3, 3, 4, 5], events: [true, false, true, true, false, false])
        #expect(km.steps.map(\.time) == [0, 1, 2, 3, 4, 5])
        #expect(km.steps.map(\.atRisk) == [6, 6, 5, 4, 2, 1])
        let s1 = 5.0 / 6, s3 = s1 * 2 / 4
        #expect(abs(km.survival(at: 3.5) - s3) < 1e-15)
        #expect(km.survival(at: 0.5) == 1)
        #expect(km.median == 3)
        let v3: Double = 1.0 / 30.0 + 2.0 / 8.0
        #expect(abs(km.steps[3].variance - s3 * s3 * v3) < 1e-15)
        #expect(km.quantileTime(0.1) == nil)
    }

    @Test func rejectsBadInput() {
        #expect(throws: AnalyticsError.emptyInput("Kaplan–Meier data")) { try KaplanMeier.fit(durations: [], events: []) }
        #expect(throws: AnalyticsError.self) { try KaplanMeier.fit(durations: [-1], events: [true]) }
        #expect(throws: AnalyticsError.self) { try KaplanMeier.fit(durations: [1, 2], events: [true]) }
    }
}
