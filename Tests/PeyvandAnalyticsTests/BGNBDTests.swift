import Foundation
import Testing
import PeyvandAnalytics

/// BG/NBD against lifetimes' BetaGeoFitter (fixtures from scripts/fixtures/analytics_clv.py).
@Suite struct BGNBDTests {
    static func summaries(_ name: String) throws -> [CustomerSummary] {
        try Fixture.csv(name).map { row in
            CustomerSummary(
                id: row["id"]!, frequency: Int(Double(row["frequency"]!)!), recency: Double(row["recency"]!)!,
                age: Double(row["T"]!)!, monetaryValue: Double(row["monetary_value"] ?? "0")!)
        }
    }

    func check(_ file: String, _ key: String) throws {
        let customers = try Self.summaries(file)
        let expected = try Fixture.json("clv_expected.json").object(key)
        let params = expected.object("params")
        let model = try BGNBD.fit(customers)
        let fitted = ["r": model.r, "alpha": model.alpha, "a": model.a, "b": model.b]
        for (name, value) in fitted {
            let reference = params.double(name)
            #expect(agrees(value, reference, significantFigures: 3), "\(key) \(name): \(value) vs lifetimes \(reference)")
            print("\(key) \(name) rel diff \(relativeDifference(value, reference))")
        }
        // Predictions with lifetimes' own parameters isolate the formulas from the fit.
        let reference = BGNBD(r: params.double("r"), alpha: params.double("alpha"), a: params.double("a"), b: params.double("b"))
        let head = Array(customers.prefix(20))
        let alive = head.map { reference.probabilityAlive($0) }
        let fittedAlive = head.map { model.probabilityAlive($0) }
        #expect(maxRelativeDifference(alive, expected.doubles("p_alive")) < 1e-9)
        #expect(maxRelativeDifference(fittedAlive, expected.doubles("p_alive")) < 1e-3)
        print("\(key) p_alive max rel diff (fitted params) \(maxRelativeDifference(fittedAlive, expected.doubles("p_alive")))")
        let horizons = expected.doubles("horizons")
        let purchases = expected.table("expected_purchases")
        for (h, t) in horizons.enumerated() {
            let mine = head.map { reference.expectedPurchases(in: t, for: $0) }
            let fittedMine = head.map { model.expectedPurchases(in: t, for: $0) }
            #expect(maxRelativeDifference(mine, purchases[h]) < 1e-9, "t = \(t)")
            #expect(maxRelativeDifference(fittedMine, purchases[h]) < 1e-3, "t = \(t)")
            print("\(key) E[Y(\(t))] max rel diff (fitted params) \(maxRelativeDifference(fittedMine, purchases[h]))")
        }
    }

    @Test("a penalised fit agrees with lifetimes' penalizer_coef", arguments: ["0.01", "0.1"])
    func penalizedMatchesLifetimes(penalizer: String) throws {
        let expected = try Fixture.json("clv_expected.json").object("cdnow_bgnbd_penalized_\(penalizer)")
        let model = try BGNBD.fit(Self.summaries("cdnow_summary.csv"), penalizer: expected.double("penalizer"))
        #expect(model.penalizer == expected.double("penalizer"))
        let params = expected.object("params")
        for (name, value) in ["r": model.r, "alpha": model.alpha, "a": model.a, "b": model.b] {
            #expect(agrees(value, params.double(name), significantFigures: 3), "\(name): \(value) vs lifetimes \(params.double(name))")
        }
    }

    @Test("with a + b < 1 and no repeat purchase the series has negative terms and still gives the limit")
    func expectedPurchasesWithNegativeHypergeometricParameter() {
        // a/(a + b) → 0: nobody drops out, so a customer buys at their posterior mean rate (r + x)/(α + T).
        let model = BGNBD(r: 0.5, alpha: 8, a: 1e-12, b: 1e-3)
        let expected = model.expectedPurchases(in: 30, frequency: 0, recency: 0, age: 12)
        #expect(abs(expected - 0.5 * 30 / 20) < 1e-6, "\(expected)")
    }

    @Test func negativePenalizerIsRefused() throws {
        #expect(throws: AnalyticsError.self) { try BGNBD.fit(Self.summaries("cdnow_summary.csv"), penalizer: -1) }
    }

    @Test func cdnowMatchesLifetimes() throws {
        try check("cdnow_summary.csv", "cdnow_bgnbd")
    }

    @Test func syntheticMatchesLifetimes() throws {
        try check("bgnbd_synthetic.csv", "synthetic_bgnbd")
    }

    @Test func publishedCDNOWEstimates() throws {
        // Fader, Hardie & Lee (2005), section 5: r = 0.243, α = 4.414, a = 0.793, b = 2.426.
        let model = try BGNBD.fit(Self.summaries("cdnow_summary.csv"))
        #expect(abs(model.r - 0.243) < 0.0005)
        #expect(abs(model.alpha - 4.414) < 0.0005)
        #expect(abs(model.a - 0.793) < 0.0005)
        #expect(abs(model.b - 2.426) < 0.0005)
        // Paper: LL = −9582.4.
        #expect(abs(model.logLikelihood - -9582.4) < 0.1)
    }

    @Test func newCustomerExpectationIsLimitOfConditional() {
        let model = BGNBD(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)
        #expect(model.expectedPurchasesOfNewCustomer(in: 0) == 0)
        #expect(model.expectedPurchases(in: 0, frequency: 3, recency: 10, age: 20) == 0)
        // Increasing in t.
        #expect(model.expectedPurchasesOfNewCustomer(in: 52) > model.expectedPurchasesOfNewCustomer(in: 26))
        #expect(model.probabilityAlive(frequency: 0, recency: 0, age: 30) == 1)
    }

    @Test func rejectsBadInput() {
        #expect(throws: AnalyticsError.emptyInput("BG/NBD customer summaries")) { try BGNBD.fit([]) }
        #expect(throws: AnalyticsError.singleCustomer("BG/NBD")) {
            try BGNBD.fit([CustomerSummary(frequency: 2, recency: 3, age: 5)])
        }
        #expect(throws: AnalyticsError.noRepeatPurchases) {
            try BGNBD.fit([CustomerSummary(frequency: 0, recency: 0, age: 5), CustomerSummary(frequency: 0, recency: 0, age: 9)])
        }
        #expect(throws: AnalyticsError.self) {
            try BGNBD.fit([CustomerSummary(frequency: 1, recency: 8, age: 5), CustomerSummary(frequency: 0, recency: 0, age: 9)])
        }
    }

    @Test func summariesFromTransactions() throws {
        let log = [
            Transaction(customerID: "b", day: 10, amount: 5),
            Transaction(customerID: "a", day: 0, amount: 10),
            Transaction(customerID: "a", day: 0, amount: 2),
            Transaction(customerID: "a", day: 4, amount: 20),
            Transaction(customerID: "a", day: 9, amount: 30),
            Transaction(customerID: "b", day: 30, amount: 99),
        ]
        let s = try CustomerSummary.fromTransactions(log, observationEnd: 20)
        #expect(s == [
            CustomerSummary(id: "a", frequency: 2, recency: 9, age: 20, monetaryValue: 25),
            CustomerSummary(id: "b", frequency: 0, recency: 0, age: 10, monetaryValue: 0),
        ])
        #expect(throws: AnalyticsError.nonPositiveAmount(customerID: "x", amount: 0)) {
            try CustomerSummary.fromTransactions([Transaction(customerID: "x", day: 1, amount: 0)], observationEnd: 3)
        }
    }
}
