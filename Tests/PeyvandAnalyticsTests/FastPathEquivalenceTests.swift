import Foundation
import Testing
@testable import PeyvandAnalytics

/// The fast paths of `RFM.analyze`, `RFM.quintileScores` and `KMeans.fit`
/// against the plain algorithms they replace, bit for bit.
@Suite struct FastPathEquivalenceTests {
    // MARK: - References (the original implementations)

    static func referenceAnalyze(
        _ transactions: [Transaction], asOf: Int, monetary: RFM.Monetary = .total
    ) throws(AnalyticsError) -> [RFM.Customer] {
        var last: [String: Int] = [:], count: [String: Int] = [:], spend: [String: Double] = [:], carry: [String: Double] = [:]
        for t in transactions where t.day <= asOf {
            if !(t.amount > 0) || !t.amount.isFinite { throw .nonPositiveAmount(customerID: t.customerID, amount: t.amount) }
            last[t.customerID] = max(last[t.customerID] ?? t.day, t.day)
            count[t.customerID, default: 0] += 1
            // Kahan's compensated sum, as pandas' grouped sum.
            let y = t.amount - carry[t.customerID, default: 0]
            let sum = spend[t.customerID, default: 0] + y
            carry[t.customerID] = (sum - spend[t.customerID, default: 0]) - y
            spend[t.customerID] = sum
        }
        if last.isEmpty { throw .emptyInput("RFM transactions up to the analysis date") }
        if last.count == 1 { throw .singleCustomer("RFM scoring") }
        let ids = last.keys.sorted()
        let recency = ids.map { asOf - last[$0]! }
        let frequency = ids.map { count[$0]! }
        let money = ids.map { monetary == .total ? spend[$0]! : spend[$0]! / Double(count[$0]!) }
        let r = referenceQuintiles(recency.map { -Double($0) })
        let f = referenceQuintiles(frequency.map(Double.init))
        let m = referenceQuintiles(money)
        return ids.indices.map { i in
            RFM.Customer(
                id: ids[i], recency: recency[i], frequency: frequency[i], monetary: money[i],
                recencyScore: r[i], frequencyScore: f[i], monetaryScore: m[i],
                segment: RFMSegment(recencyScore: r[i], frequencyScore: f[i]))
        }
    }

    static func referenceQuintiles(_ values: [Double]) -> [Int] {
        let n = values.count
        if n == 0 { return [] }
        if n == 1 { return [3] }
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var scores = [Int](repeating: 0, count: n)
        for (position, index) in order.enumerated() { scores[index] = max(1, (5 * position + n - 2) / (n - 1)) }
        return scores
    }

    /// Every field, doubles by bit pattern, ids by Unicode scalars.
    static func describe(_ result: Result<[RFM.Customer], AnalyticsError>) -> [String] {
        switch result {
        case .failure(let e): return ["error \(e)"]
        case .success(let customers):
            return customers.map {
                "\(Array($0.id.unicodeScalars)) \($0.recency) \($0.frequency) \($0.monetary.bitPattern) "
                    + "\($0.code) \($0.segment)"
            }
        }
    }

    static func id(_ g: inout SplitMix, style: UInt64, pool: UInt64) -> String {
        let k = g.next() % pool
        switch style {
        case 0: return "C" + String(repeating: "0", count: 7 - String(k).count) + String(k)
        case 1: return String(k)
        case 2: return "customer-" + String(repeating: "0", count: 12 - String(k).count) + String(k)  // > 16 bytes
        case 3: return String(repeating: "7", count: 15) + String(k % 10)  // exactly 16 bytes
        case 4: return ["", "\u{0}", "\u{0}\u{0}", "A", "A\u{0}", "a", "AB", "A\u{0}B", "\u{7F}"][Int(k % 9)] + (k < 9 ? "" : String(k))
        case 5: return "مشتری-\(k)"  // not ASCII, NFC: the dictionary path
        default: return "u\(k)-" + String(repeating: "x", count: Int(k % 40))
        }
    }

    // MARK: - RFM

    @Test(arguments: 0..<7)
    func analyzeMatchesTheDictionaryVersion(style: Int) throws {
        var g = SplitMix(seed: UInt64(style) &+ 99)
        for round in 0..<12 {
            // Round 0 is large enough for several threads and hash buckets.
            let count = round == 0 ? 120_000 : Int(g.next() % 300)
            let pool = round == 0 ? 9_000 : g.next() % 60 + 1
            let asOf = 500
            let bad = round % 4 == 3
            let log = (0..<count).map { _ in
                let amounts: [Double] = [1, 2.5, 10, 0.1, 1e300, .leastNonzeroMagnitude, Double(g.next() % 10_000) / 100 + 0.01]
                var amount = amounts[Int(g.next() % UInt64(amounts.count))]
                if bad && g.next() % 500 == 0 { amount = [0, -1, .nan, .infinity][Int(g.next() % 4)] }
                return Transaction(
                    customerID: Self.id(&g, style: UInt64(style), pool: pool),
                    day: asOf - Int(g.next() % 300) + (g.next() % 20 == 0 ? 50 : 0), amount: amount)
            }
            for monetary in [RFM.Monetary.total, .mean] {
                let fast = Self.describe(Result { () throws(AnalyticsError) in try RFM.analyze(log, asOf: asOf, monetary: monetary) })
                let plain = Self.describe(Result { () throws(AnalyticsError) in
                    try Self.referenceAnalyze(log, asOf: asOf, monetary: monetary)
                })
                #expect(fast == plain, "style \(style) round \(round) \(monetary)")
            }
        }
    }

    @Test func daysBeyond32BitsAndEmptyLogs() throws {
        let log = [
            Transaction(customerID: "a", day: Int(Int32.min) - 1, amount: 1),
            Transaction(customerID: "b", day: 3, amount: 2),
            Transaction(customerID: "a", day: 2, amount: 3),
        ]
        #expect(Self.describe(Result { () throws(AnalyticsError) in try RFM.analyze(log, asOf: 5) })
            == Self.describe(Result { () throws(AnalyticsError) in try Self.referenceAnalyze(log, asOf: 5) }))
        #expect(throws: AnalyticsError.emptyInput("RFM transactions up to the analysis date")) {
            try RFM.analyze(log, asOf: Int(Int32.min) - 2)
        }
    }

    @Test func quintileScoresMatchTheComparisonSort() {
        var g = SplitMix(seed: 5)
        let specials: [Double] = [0, -0.0, .nan, .infinity, -.infinity, 1, -1, .leastNonzeroMagnitude]
        for round in 0..<300 {
            let n = Int(g.next() % (round % 30 == 0 ? 3000 : 40))
            let values = (0..<n).map { _ in
                g.next() % 3 == 0 ? specials[Int(g.next() % UInt64(specials.count))] : Double(g.next() % 7) - 3
            }
            #expect(RFM.quintileScores(values) == Self.referenceQuintiles(values), "\(values)")
        }
    }

    // MARK: - k-means

    /// The original restart loop, run by `seedPlusPlus` and `lloyd`.
    static func referenceRuns(_ data: [Double], n: Int, p: Int, k: Int, options: KMeans.Options) -> [KMeans.Run] {
        var rng = SplitMix64(seed: options.seed)
        return (0..<options.restarts).map { _ in
            let seeds = KMeans.seedPlusPlus(data, n: n, p: p, k: k, rng: &rng)
            return KMeans.lloyd(data, n: n, p: p, centroids: seeds, maxIterations: options.maxIterations)
        }
    }

    @Test func engineRunsMatchThePlainLoops() throws {
        var g = SplitMix(seed: 1405)
        func normal() -> Double {
            let u = max(Double(g.next() >> 11) * 0x1p-53, 1e-300), v = Double(g.next() >> 11) * 0x1p-53
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        for round in 0..<60 {
            let n = round % 20 == 0 ? 20_000 : Int(g.next() % 500) + 2
            let p = Int(g.next() % 6) + 1
            let k = Int(g.next() % UInt64(min(10, n))) + 1
            let blobs = (0..<Int(g.next() % 5 + 1)).map { _ in (0..<p).map { _ in normal() * 3 } }
            var data = [Double]()
            for i in 0..<n {
                if i > 0 && round % 3 == 0 && g.next() % 2 == 0 {
                    // Duplicated rows: ties and empty clusters.
                    let j = Int(g.next() % UInt64(i))
                    data.append(contentsOf: data[(j * p)..<(j * p + p)])
                } else {
                    let b = blobs[Int(g.next() % UInt64(blobs.count))]
                    data.append(contentsOf: (0..<p).map { b[$0] + normal() * (round % 4 == 1 ? 1 : 0.4) })
                }
            }
            let options = KMeans.Options(
                restarts: Int(g.next() % 4) + 1, maxIterations: round % 7 == 0 ? 2 : 300, seed: g.next())
            let engine = try #require(KMeans.engineRuns(data, n: n, p: p, k: k, options: options))
            let plain = Self.referenceRuns(data, n: n, p: p, k: k, options: options)
            for (r, (fast, reference)) in zip(engine.runs, plain).enumerated() {
                #expect(fast.centroids.map(\.bitPattern) == reference.centroids.map(\.bitPattern), "round \(round) restart \(r)")
                #expect(engine.labels[r].map(Int.init) == reference.labels, "round \(round) restart \(r)")
                #expect(fast.inertia.bitPattern == reference.inertia.bitPattern, "round \(round) restart \(r)")
                #expect(fast.iterations == reference.iterations && fast.converged == reference.converged)
            }
        }
    }

    @Test func hugeValuesUseThePlainLoops() throws {
        let x = FeatureColumn(name: "x", values: [0, 1e150, 2e150, 5e150, 6e150])
        #expect(KMeans.engineRuns(x.values, n: 5, p: 1, k: 2, options: .init()) == nil)
        let model = try KMeans.fit([x], k: 2, options: .init(standardize: false))
        #expect(model.clusterSizes.sorted() == [2, 3])
    }
}
