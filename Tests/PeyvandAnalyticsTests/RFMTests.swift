import Foundation
import Testing
import PeyvandAnalytics

@Suite struct RFMTests {
    @Test("spend is summed as pandas sums groups (Kahan), so equal totals tie")
    func compensatedSpend() throws {
        // Plain left-to-right addition gives 0.6000000000000001 for a and 0.6 for b; pandas gives 0.6 for both.
        let log = [0.1, 0.2, 0.3].map { Transaction(customerID: "a", day: 1, amount: $0) }
            + [0.3, 0.2, 0.1].map { Transaction(customerID: "b", day: 1, amount: $0) }
        let rfm = try RFM.analyze(log, asOf: 2)
        #expect(rfm.map(\.monetary) == [0.6, 0.6])
    }

    @Test func handCheckedExample() throws {
        // Five customers, analysis on day 100.
        let log = [
            Transaction(customerID: "ali", day: 99, amount: 50),
            Transaction(customerID: "ali", day: 90, amount: 30),
            Transaction(customerID: "ali", day: 80, amount: 20),
            Transaction(customerID: "bita", day: 10, amount: 500),
            Transaction(customerID: "bita", day: 12, amount: 100),
            Transaction(customerID: "cyrus", day: 60, amount: 5),
            Transaction(customerID: "dara", day: 95, amount: 40),
            Transaction(customerID: "elham", day: 30, amount: 15),
            Transaction(customerID: "elham", day: 40, amount: 15),
            Transaction(customerID: "elham", day: 50, amount: 15),
            Transaction(customerID: "elham", day: 70, amount: 15),
            Transaction(customerID: "dara", day: 101, amount: 999),  // after the analysis date: ignored
        ]
        let rfm = try RFM.analyze(log, asOf: 100)
        #expect(rfm.map(\.id) == ["ali", "bita", "cyrus", "dara", "elham"])
        #expect(rfm.map(\.recency) == [1, 88, 40, 5, 30])
        #expect(rfm.map(\.frequency) == [3, 2, 1, 1, 4])
        #expect(rfm.map(\.monetary) == [100, 600, 5, 40, 60])
        // n = 5: rank k scores max(1, ⌈5(k−1)/4⌉) → ranks 1…5 score 1, 2, 3, 4, 5.
        // Recency (recent = best): bita 88 < cyrus 40 < elham 30 < dara 5 < ali 1.
        #expect(rfm.map(\.recencyScore) == [5, 1, 2, 4, 3])
        // Frequency: cyrus and dara tie at 1; the earlier id ranks lower.
        #expect(rfm.map(\.frequencyScore) == [4, 3, 1, 2, 5])
        #expect(rfm.map(\.monetaryScore) == [4, 5, 1, 2, 3])
        #expect(rfm.map(\.code) == ["544", "135", "211", "422", "353"])
        // ali R5 F4, bita R1 F3, cyrus R2 F1, dara R4 F2, elham R3 F5.
        #expect(rfm.map(\.segment) == [.champions, .atRisk, .hibernating, .potentialLoyalist, .loyal])

        let mean = try RFM.analyze(log, asOf: 100, monetary: .mean)
        #expect(mean.map(\.monetary) == [100.0 / 3, 300, 5, 40, 15])
    }

    @Test func matchesPandasQcutOnRank() throws {
        let log = try Fixture.csv("rfm_transactions.csv").map {
            Transaction(customerID: $0["customer"]!, day: Int($0["day"]!)!, amount: Double($0["amount"]!)!)
        }
        let expected = try Fixture.csv("rfm_expected.csv")
        let rfm = try RFM.analyze(log, asOf: 20000)
        #expect(rfm.map(\.id) == expected.map { $0["id"]! })
        #expect(rfm.map(\.recency) == expected.map { Int($0["recency"]!)! })
        #expect(rfm.map(\.frequency) == expected.map { Int($0["frequency"]!)! })
        #expect(maxRelativeDifference(rfm.map(\.monetary), expected.map { Double($0["total"]!)! }) < 1e-9)
        #expect(rfm.map(\.recencyScore) == expected.map { Int($0["r"]!)! })
        #expect(rfm.map(\.frequencyScore) == expected.map { Int($0["f"]!)! })
        #expect(rfm.map(\.monetaryScore) == expected.map { Int($0["m"]!)! })
        let mean = try RFM.analyze(log, asOf: 20000, monetary: .mean)
        #expect(maxRelativeDifference(mean.map(\.monetary), expected.map { Double($0["mean"]!)! }) < 1e-6)
    }

    @Test(arguments: [2, 3, 5, 7, 10, 11, 64, 137, 1000])
    func scoresAreBalancedQuintiles(n: Int) {
        var generator = SplitMix(seed: UInt64(n))
        // Few distinct values, so there are many ties.
        let values = (0..<n).map { _ in Double(generator.next() % 7) }
        let scores = RFM.quintileScores(values)
        #expect(scores.allSatisfy { (1...5).contains($0) })
        let counts = (1...5).map { s in scores.filter { $0 == s }.count }
        if n >= 5 {
            #expect((counts.max() ?? 0) - (counts.min() ?? 0) <= 1, "\(counts)")
        }
        // Monotone: a strictly larger value never gets a lower score.
        for i in 0..<n { for j in 0..<n where values[i] < values[j] { #expect(scores[i] <= scores[j]) } }
    }

    @Test func everyScorePairHasASegment() {
        var seen = Set<RFMSegment>()
        for r in 1...5 { for f in 1...5 { seen.insert(RFMSegment(recencyScore: r, frequencyScore: f)) } }
        #expect(seen == Set(RFMSegment.allCases))
        #expect(RFMSegment(recencyScore: 5, frequencyScore: 5) == .champions)
        #expect(RFMSegment(recencyScore: 1, frequencyScore: 1) == .lost)
        #expect(RFMSegment(recencyScore: 1, frequencyScore: 5) == .cantLose)
        #expect(RFMSegment(recencyScore: 5, frequencyScore: 1) == .new)
        #expect(RFMSegment.cantLose.rawValue == "cant_lose")
    }

    @Test func rejectsBadInput() {
        #expect(throws: AnalyticsError.emptyInput("RFM transactions up to the analysis date")) {
            try RFM.analyze([], asOf: 0)
        }
        #expect(throws: AnalyticsError.singleCustomer("RFM scoring")) {
            try RFM.analyze([Transaction(customerID: "a", day: 1, amount: 2)], asOf: 5)
        }
        #expect(throws: AnalyticsError.nonPositiveAmount(customerID: "b", amount: -2)) {
            try RFM.analyze(
                [Transaction(customerID: "a", day: 1, amount: 2), Transaction(customerID: "b", day: 1, amount: -2)],
                asOf: 5)
        }
    }

    @Test func errorMessagesAreReadable() {
        #expect(AnalyticsError.constantCovariate("age").description.contains("'age'"))
        #expect(AnalyticsError.noConvergence(model: "BG/NBD fit", iterations: 7).description
            == "BG/NBD fit did not converge after 7 iterations.")
        #expect(AnalyticsError.noRepeatPurchases.description.contains("repeat"))
    }
}

/// Deterministic generator for property tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
