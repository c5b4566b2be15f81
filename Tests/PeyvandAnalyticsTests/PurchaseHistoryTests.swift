import Foundation
import Testing
import PeyvandAnalytics

/// The live-scoring models on purchase histories drawn from a BG/NBD process (Fader, Hardie &
/// Lee 2005): each customer buys as a Poisson process with a gamma-distributed rate and may
/// drop out after each purchase with a beta-distributed probability.
@Suite struct PurchaseHistoryTests {
    struct Simulated {
        var transactions: [Transaction] = []
        var history = PurchaseHistory()
        var asOf = 20_000 + 730
    }

    static func simulate(customers: Int, seed: UInt64) -> Simulated {
        var rng = SplitMix64(seed: seed)
        func uniform() -> Double { (Double(rng.next() >> 11) + 0.5) / 9_007_199_254_740_992 }
        func gamma(_ shape: Double) -> Double {  // Marsaglia–Tsang, shape ≥ 1
            let d = shape - 1 / 3, c = 1 / (9 * d).squareRoot()
            while true {
                let n = (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform())
                let v = pow(1 + c * n, 3)
                if v > 0, log(uniform()) < 0.5 * n * n + d - d * v + d * log(v) { return d * v }
            }
        }
        var out = Simulated()
        let start = 20_000
        for i in 0..<customers {
            let id = String(format: "C%05d", i)
            let rate = gamma(2) / 60  // about a purchase a month on average
            let x = gamma(2), y = gamma(6)
            let dropout = x / (x + y)
            var day = Double(start + Int(uniform() * 360))
            out.history.startCustomer()
            while Int(day) <= out.asOf {
                let amount = Double(100 + Int(uniform() * 900))
                out.transactions.append(Transaction(customerID: id, day: Int(day), amount: amount))
                out.history.add(day: Int32(day), amount: amount)
                if uniform() < dropout { break }
                day += -log(uniform()) / rate
            }
        }
        out.history.finish()
        return out
    }

    @Test func summariesEqualTheTransactionLogs() throws {
        let data = Self.simulate(customers: 300, seed: 7)
        let end = data.asOf - 90
        let reference = try CustomerSummary.fromTransactions(data.transactions, observationEnd: end)
        let mine = (0..<data.history.customerCount).compactMap { data.history.summary($0, observationEnd: end) }
        #expect(mine.count == reference.count)
        for (a, b) in zip(mine, reference) {
            #expect(a.frequency == b.frequency && a.recency == b.recency && a.age == b.age)
            #expect(abs(a.monetaryValue - b.monetaryValue) <= 1e-9 * max(1, b.monetaryValue))
        }
    }

    @Test func holdoutPredictionsTrackWhatCustomersBought() throws {
        let data = Self.simulate(customers: 3000, seed: 11)
        let check = try HoldoutCheck.bgnbd(data.history, asOf: data.asOf, holdoutDays: 90)
        let end = data.asOf - 90
        let bought = Set(data.transactions.filter { $0.day <= end }.map(\.customerID))
        var perDay = Set<String>()
        for t in data.transactions where t.day > end && bought.contains(t.customerID) { perDay.insert("\(t.customerID)/\(t.day)") }
        #expect(check.totalActual == Double(perDay.count))
        #expect(check.customers == bought.count)
        #expect(check.bins.map(\.customers).reduce(0, +) == check.customers)
        // The model is right for this process: the total is within a fifth and more repeat purchases predict more.
        #expect(abs(check.totalPredicted - check.totalActual) <= 0.2 * check.totalActual, "\(check.totalPredicted) vs \(check.totalActual)")
        #expect(check.bins.last!.predicted > check.bins.first!.predicted)
    }

    @Test func churnClassifierRanksLeaversAboveStayers() throws {
        let data = Self.simulate(customers: 3000, seed: 13)
        let model = try ChurnClassifier.fit(data.history, returns: nil, asOf: data.asOf)
        #expect(model.auc > 0.7, "AUC \(model.auc)")
        #expect(model.trainRows + model.testRows > 2000)
        // Features that never vary (no returns were recorded) are left out rather than failing the fit.
        #expect(!model.model.featureNames.contains("returns"))
        let scored = try #require(try model.score(data.history, returns: nil, 0, asOf: data.asOf, staticFeatures: []))
        #expect(scored.risk >= 0 && scored.risk <= 1)
        #expect(scored.reasons.allSatisfy { ChurnClassifier.historyFeatures.contains($0) })
    }

    @Test func churnClassifierNeedsEnoughCustomers() {
        let data = Self.simulate(customers: 20, seed: 17)
        #expect(throws: AnalyticsError.self) { try ChurnClassifier.fit(data.history, returns: nil, asOf: data.asOf) }
    }

    @Test func segmentsAreNumberedByValueAndCoverEveryone() throws {
        let data = Self.simulate(customers: 2000, seed: 19)
        let segments = try BehaviourSegments.fit(data.history, asOf: data.asOf)
        #expect((3...7).contains(segments.k))
        #expect(segments.segments.map(\.number) == Array(1...segments.k))
        #expect(zip(segments.segments, segments.segments.dropFirst()).allSatisfy { $0.means[2] >= $1.means[2] })
        #expect(segments.segments.map(\.customers).reduce(0, +) == 2000)
        for s in segments.segments { #expect(segments.assignments.filter { $0 == s.number }.count == s.customers) }
    }
}
