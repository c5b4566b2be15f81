import Foundation
import Testing
import PeyvandAnalytics

/// Pareto / whale-curve analysis against numpy (scripts/fixtures/analytics_pareto.py)
/// and the retention lists by hand.
@Suite struct ParetoAnalysisTests {
    @Test func matchesNumpy() throws {
        let rows = try Fixture.csv("pareto_profit.csv")
        let expected = try Fixture.json("pareto_expected.json")
        let analysis = try ParetoAnalysis.analyze(rows.map { .init(id: $0["id"]!, profit: Double($0["profit"]!)!) })
        #expect(analysis.ranked.count == Int(expected.double("n")))
        #expect(analysis.ranked.map(\.id) == expected["ranked_ids"] as! [String])
        #expect(analysis.ranked.map(\.decile) == (expected["deciles"] as! [NSNumber]).map(\.intValue))
        #expect(relativeDifference(analysis.totalProfit, expected.double("total_profit")) < 1e-12)
        let curveDiff = zip(analysis.curve.map(\.profitShare), expected.doubles("curve_y")).map { abs($0 - $1) }.max()!
        #expect(curveDiff < 1e-12)
        let scalars: [(String, Double, Double)] = [
            ("top20", analysis.topFifthShare, expected.double("top20_share")),
            ("top10", analysis.share(ofTopFraction: 0.1), expected.double("top10_share")),
            ("for80", analysis.customerShareFor80Percent, expected.double("fraction_for_80")),
            ("peak", analysis.peakShare, expected.double("peak_share")),
            ("loss", analysis.unprofitableTotal, expected.double("unprofitable_total")),
        ]
        for (name, mine, reference) in scalars {
            #expect(relativeDifference(mine, reference) < 1e-12, "\(name): \(mine) vs numpy \(reference)")
        }
        #expect(analysis.deciles.map(\.customers) == (expected["decile_counts"] as! [NSNumber]).map(\.intValue))
        #expect(maxRelativeDifference(analysis.deciles.map(\.totalProfit), expected.doubles("decile_totals")) < 1e-12)
        #expect(analysis.unprofitable.map(\.id) == expected["unprofitable_ids"] as! [String])
        #expect(analysis.unprofitable.allSatisfy { $0.profit < 0 })
        print("pareto curve max abs diff \(curveDiff), top20 \(analysis.topFifthShare) vs \(expected.double("top20_share"))")
        // Chart resampling hits the ends and agrees with share(ofTopFraction:).
        let chart = analysis.curve(resolution: 20)
        #expect(chart.count == 21 && chart.first!.profitShare == 0 && abs(chart.last!.profitShare - 1) < 1e-12)
        #expect(abs(chart[4].profitShare - analysis.topFifthShare) < 1e-15)
    }

    @Test func smallExampleByHand() throws {
        // Profits 50, 30, 10, 10, -5 (total 95); ties 10/10 ranked by id.
        let analysis = try ParetoAnalysis.analyze([
            .init(id: "e", profit: -5), .init(id: "d", profit: 10), .init(id: "a", profit: 50),
            .init(id: "c", profit: 10), .init(id: "b", profit: 30),
        ])
        #expect(analysis.ranked.map(\.id) == ["a", "b", "c", "d", "e"])
        #expect(analysis.ranked.map(\.decile) == [1, 3, 5, 7, 9])
        // Top 20% = the top customer exactly.
        #expect(abs(analysis.topFifthShare - 50.0 / 95) < 1e-15)
        // 80% of 95 = 76 is reached between rank 1 (50) and 2 (80): x = 0.2 + 0.2 · 26/30.
        #expect(abs(analysis.customerShareFor80Percent - (0.2 + 0.2 * 26 / 30)) < 1e-15)
        #expect(abs(analysis.peakShare - 100.0 / 95) < 1e-15)
        #expect(analysis.unprofitable.map(\.id) == ["e"] && analysis.unprofitableTotal == -5)
        #expect(analysis.customerShare(reaching: 2) == nil)
        // Ten customers: one per decile.
        let ten = try ParetoAnalysis.analyze((1...10).map { .init(id: "c\($0)", profit: Double($0)) })
        #expect(ten.ranked.map(\.decile) == Array(1...10))
        #expect(ten.deciles.allSatisfy { $0.customers == 1 })
    }

    @Test func errors() {
        #expect(throws: AnalyticsError.emptyInput("customer profits")) { try ParetoAnalysis.analyze([]) }
        #expect(throws: AnalyticsError.singleCustomer("Pareto analysis")) {
            try ParetoAnalysis.analyze([.init(id: "a", profit: 1)])
        }
        #expect(throws: AnalyticsError.nonFiniteValue(field: "profit", row: 1)) {
            try ParetoAnalysis.analyze([.init(id: "a", profit: 1), .init(id: "b", profit: .nan)])
        }
        #expect(throws: AnalyticsError.invalidInput("customer id 'a' appears twice")) {
            try ParetoAnalysis.analyze([.init(id: "a", profit: 1), .init(id: "a", profit: 2)])
        }
        #expect(throws: AnalyticsError.undefined("total profit is -1.0; profit shares need a positive total")) {
            try ParetoAnalysis.analyze([.init(id: "a", profit: 1), .init(id: "b", profit: -2)])
        }
    }
}

@Suite struct RetentionListTests {
    // Values 10, 20, …, 100 and 95 (ids v10…v100, v95).
    static func customers() -> [RetentionList.Customer] {
        [
            .init(id: "v100", value: 100, churnRisk: 0.7, recencyDays: 20),   // keep, call
            .init(id: "v90", value: 90, churnRisk: 0.9, recencyDays: 30),     // lapsed by risk → win back offer
            .init(id: "v80", value: 80, churnRisk: 0.6, recencyDays: 10),     // below 82: not keep
            .init(id: "v70", value: 70, churnRisk: 0.2, recencyDays: 400),    // lapsed by recency → email
            .init(id: "v60", value: 60, probabilityAlive: 0.1, recencyDays: 365), // lapsed both → email
            .init(id: "v50", value: 50, churnRisk: 0.95, recencyDays: 500),   // lapsed but below median
            .init(id: "v40", value: 40, churnRisk: 0.1, recencyDays: 5),
            .init(id: "v30", value: 30, churnRisk: 0.5, recencyDays: 5),
            .init(id: "v20", value: 20, churnRisk: 0.5, recencyDays: 5),
            .init(id: "v10", value: 10, churnRisk: 0.5, recencyDays: 5),
            .init(id: "v95", value: 95, churnRisk: 0.8, recencyDays: 100),    // keep (risk = 0.8 is not > 0.8), offer
        ]
    }

    @Test func buildsBothLists() throws {
        let list = try RetentionList.build(Self.customers())
        // 11 values sorted: 10,20,…,90,95,100. 80th pct: h = 8 → 90. Median: h = 5 → 60. 95th: h = 9.5 → 97.5.
        #expect(list.highValueThreshold == 90)
        #expect(list.winBackValueThreshold == 60)
        #expect(list.personalCallThreshold == 97.5)
        #expect(list.keep.map(\.id) == ["v95", "v100"])  // expected loss 76 > 70
        #expect(list.keep.map(\.action) == [.retentionOffer, .personalCall])
        #expect(list.keep.allSatisfy { $0.reason == .highValueHighRisk })
        #expect(list.keep.map(\.rank) == [1, 2])
        #expect(abs(list.keep[0].expectedLoss - 76) < 1e-12)
        #expect(list.winBack.map(\.id) == ["v90", "v70", "v60"])
        #expect(list.winBack.map(\.action) == [.winBackOffer, .reactivationEmail, .reactivationEmail])
        #expect(list.winBack.map(\.lapseSignal) == [.churnRisk, .recency, .both])
        #expect(list.winBack.allSatisfy { $0.reason == .lapsedValuable })
        #expect(abs(list.winBack[2].churnRisk - 0.9) < 1e-15)
        #expect(Set(list.keep.map(\.id)).isDisjoint(with: list.winBack.map(\.id)))
        #expect(RetentionList.Reason.highValueHighRisk.rawValue == "highValueHighRisk")
        #expect(RetentionList.Action.winBackOffer.rawValue == "winBackOffer")
    }

    @Test func policyAndLimits() throws {
        let loose = RetentionList.Policy(highValuePercentile: 0.5, highRiskThreshold: 0.5, maxEntries: 2)
        let list = try RetentionList.build(Self.customers(), policy: loose)
        // Keep candidates ≥ 60 and risk ≥ 0.5, not lapsed: v95 (76), v100 (70), v80 (48) → first two.
        #expect(list.keep.map(\.id) == ["v95", "v100"])
        #expect(list.winBack.count == 2)
        // Negative values are never on a list, even below a negative percentile.
        let losses = try RetentionList.build([
            .init(id: "a", value: -10, churnRisk: 0.9, recencyDays: 10),
            .init(id: "b", value: -20, churnRisk: 0.9, recencyDays: 400),
        ], policy: .init(highValuePercentile: 0, winBackValuePercentile: 0))
        #expect(losses.keep.isEmpty && losses.winBack.isEmpty)
    }

    @Test func errors() {
        let ok = RetentionList.Customer(id: "a", value: 1, churnRisk: 0.5, recencyDays: 1)
        #expect(throws: AnalyticsError.emptyInput("retention customers")) { try RetentionList.build([]) }
        #expect(throws: AnalyticsError.singleCustomer("retention list")) { try RetentionList.build([ok]) }
        #expect(throws: AnalyticsError.nonFiniteValue(field: "value", row: 1)) {
            try RetentionList.build([ok, .init(id: "b", value: .nan, churnRisk: 0.5, recencyDays: 1)])
        }
        #expect(throws: AnalyticsError.nonFiniteValue(field: "churnRisk", row: 1)) {
            try RetentionList.build([ok, .init(id: "b", value: 1, churnRisk: .infinity, recencyDays: 1)])
        }
        #expect(throws: AnalyticsError.invalidInput("churn risk of customer 'b' is 1.5, outside [0, 1]")) {
            try RetentionList.build([ok, .init(id: "b", value: 1, churnRisk: 1.5, recencyDays: 1)])
        }
        #expect(throws: AnalyticsError.invalidInput("recency of customer 'b' is negative")) {
            try RetentionList.build([ok, .init(id: "b", value: 1, churnRisk: 0.5, recencyDays: -1)])
        }
        #expect(throws: AnalyticsError.invalidInput("customer id 'a' appears twice")) { try RetentionList.build([ok, ok]) }
        #expect(throws: AnalyticsError.invalidInput("policy highValuePercentile must be in [0, 1], got 80.0")) {
            try RetentionList.build([ok, .init(id: "b", value: 2, churnRisk: 0.5, recencyDays: 1)],
                                    policy: .init(highValuePercentile: 80))
        }
    }
}

@Suite struct SplitMix64Tests {
    @Test func knownSequenceAndBounds() {
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<7000 { counts[rng.next(below: 7)] += 1 }
        #expect(counts.allSatisfy { $0 > 850 && $0 < 1150 })
        for _ in 0..<1000 { let u = rng.nextUnit(); #expect(u >= 0 && u < 1) }
    }
}
