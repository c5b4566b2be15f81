import Foundation
import Testing
import PeyvandAnalytics

/// Gamma-Gamma and CLV against lifetimes' GammaGammaFitter on CDNOW.
@Suite struct GammaGammaTests {
    @Test func cdnowMatchesLifetimes() throws {
        let customers = try BGNBDTests.summaries("cdnow_summary.csv")
        let expected = try Fixture.json("clv_expected.json").object("cdnow_gamma_gamma")
        let params = expected.object("params")
        let model = try GammaGamma.fit(customers)
        for (name, value) in ["p": model.p, "q": model.q, "v": model.v] {
            let reference = params.double(name)
            #expect(agrees(value, reference, significantFigures: 3), "\(name): \(value) vs lifetimes \(reference)")
            print("gamma-gamma \(name) rel diff \(relativeDifference(value, reference))")
        }
        let head = Array(customers.prefix(20))
        let profit = try head.map { try model.expectedAverageSpend(frequency: $0.frequency, monetaryValue: $0.monetaryValue) }
        let profitDiff = maxRelativeDifference(profit, expected.doubles("expected_average_profit"))
        #expect(profitDiff < 1e-3)
        print("gamma-gamma expected average profit max rel diff \(profitDiff)")

        let bgnbd = try BGNBD.fit(customers)
        let clv = expected.object("clv")
        for (code, unit) in [("W", PeriodsPerMonth.weeks), ("D", PeriodsPerMonth.days)] {
            let spec = clv.object(code)
            let months = Int(spec.double("time"))
            let rate = spec.double("discount_rate")
            let values = try head.map {
                try customerLifetimeValue(
                    transactions: bgnbd, spend: model, customer: $0,
                    months: months, discountRate: rate, periodsPerMonth: unit)
            }
            let diff = maxRelativeDifference(values, spec.doubles("values"))
            #expect(diff < 1e-3, "freq \(code)")
            print("CLV freq \(code) max rel diff \(diff)")
        }
    }

    @Test func publishedEstimates() throws {
        // Fader, Hardie & Lee (2005) / Fader & Hardie (2013): p = 6.25, q = 3.74, γ = 15.44.
        let model = try GammaGamma.fit(BGNBDTests.summaries("cdnow_summary.csv"))
        #expect(abs(model.p - 6.25) < 0.01)
        #expect(abs(model.q - 3.74) < 0.01)
        #expect(abs(model.v - 15.44) < 0.02)
    }

    @Test func rejectsBadInput() {
        #expect(throws: AnalyticsError.noRepeatPurchases) {
            try GammaGamma.fit([CustomerSummary(frequency: 0, recency: 0, age: 5)])
        }
        #expect(throws: AnalyticsError.nonPositiveAmount(customerID: "z", amount: -3)) {
            try GammaGamma.fit([
                CustomerSummary(id: "y", frequency: 1, recency: 1, age: 5, monetaryValue: 3),
                CustomerSummary(id: "z", frequency: 2, recency: 1, age: 5, monetaryValue: -3),
            ])
        }
        #expect(throws: AnalyticsError.self) {
            try GammaGamma(p: 1, q: 0.5, v: 1).expectedAverageSpend(frequency: 1, monetaryValue: 3)
        }
    }
}
