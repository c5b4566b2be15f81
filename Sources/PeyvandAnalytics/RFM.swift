/// Recency–frequency–monetary (RFM) analysis of a transaction log.
///
/// RFM scoring follows Hughes, A. M. (1994), *Strategic Database Marketing*,
/// with quintile scores: each measure is ranked (ties broken by customer id,
/// like pandas `rank(method: "first")` on id-sorted rows) and the ranks are
/// cut into five equal-count groups as pandas `qcut(rank, 5)` does, so rank
/// `k` of `n` gets score `max(1, ⌈5(k − 1)/(n − 1)⌉)`. Group sizes differ by at
/// most one. Score 5 is always best: most recent, most frequent, highest spend.
public enum RFM {
    /// How the monetary value of a customer is summarised.
    public enum Monetary: String, Sendable, Hashable {
        /// Sum of all purchase amounts (the default).
        case total
        /// Mean purchase amount.
        case mean
    }

    /// The RFM measures and scores of one customer.
    public struct Customer: Sendable, Hashable {
        public var id: String
        /// Days from the last purchase to the analysis date.
        public var recency: Int
        /// Number of purchases (transactions).
        public var frequency: Int
        /// Total or mean spend, as requested.
        public var monetary: Double
        public var recencyScore: Int
        public var frequencyScore: Int
        public var monetaryScore: Int
        public var segment: RFMSegment
        /// The three scores as a code such as "534".
        public var code: String { "\(recencyScore)\(frequencyScore)\(monetaryScore)" }
    }

    /// Scores every customer in the log.
    ///
    /// - Parameters:
    ///   - transactions: the purchases; those after `asOf` are ignored.
    ///   - asOf: the analysis day number (same scale as `Transaction.day`).
    ///   - monetary: total (default) or mean spend.
    /// - Returns: one entry per customer, sorted by id.
    /// - Throws: empty input, a single customer, or a non-positive amount.
    public static func analyze(
        _ transactions: [Transaction], asOf: Int, monetary: Monetary = .total
    ) throws(AnalyticsError) -> [Customer] {
        // One pass interns every id (see `RFM+Accumulate.swift`): the same
        // sums, counts, last days and errors as one dictionary per measure.
        let a = try aggregate(transactions, asOf: asOf)
        if a.ids.isEmpty { throw .emptyInput("RFM transactions up to the analysis date") }
        if a.ids.count == 1 { throw .singleCustomer("RFM scoring") }
        let n = a.ids.count
        var recency = [Int](repeating: 0, count: n)
        var frequency = [Int](repeating: 0, count: n)
        var money = [Double](repeating: 0, count: n)
        for (i, c) in a.order.enumerated() {
            recency[i] = asOf - a.last[c]
            frequency[i] = a.count[c]
            money[i] = monetary == .total ? a.spend[c] : a.spend[c] / Double(a.count[c])
        }
        // `quintileScores` of each measure, the three on parallel threads
        // (recency and frequency cannot be NaN; `quintileScores` checks money).
        let keys = Measures(recency: recency, frequency: frequency, money: money)
        let results = UnsafeMutablePointer<[Int]>.allocate(capacity: 3)
        results.initialize(repeating: [], count: 3)
        defer {
            results.deinitialize(count: 3)
            results.deallocate()
        }
        let shared = SharedPointer(results)
        let workers = min(3, Parallel.workerCount)
        Parallel.run(workers) { worker in
            for measure in stride(from: worker, to: 3, by: workers) {
                switch measure {
                case 0: shared[0] = rankScores(keys.recency.map { RadixSort.orderKey(-Double($0)) })
                case 1: shared[1] = rankScores(keys.frequency.map { RadixSort.orderKey(Double($0)) })
                default: shared[2] = quintileScores(keys.money)
                }
            }
        }
        let r = results[0], f = results[1], m = results[2]
        var customers = [Customer]()
        customers.reserveCapacity(n)
        for i in 0..<n {
            customers.append(Customer(
                id: a.ids[a.order[i]], recency: recency[i], frequency: frequency[i], monetary: money[i],
                recencyScore: r[i], frequencyScore: f[i], monetaryScore: m[i],
                segment: RFMSegment(recencyScore: r[i], frequencyScore: f[i])))
        }
        return customers
    }

    private struct Measures: Sendable {
        let recency: [Int]
        let frequency: [Int]
        let money: [Double]
    }

    /// Quintile scores 1…5 of `values` (higher value → higher score). Ties are
    /// ranked in input order, then ranks are cut like pandas `qcut(rank, 5)`.
    /// A single value has no spread and scores 3.
    public static func quintileScores(_ values: [Double]) -> [Int] {
        let n = values.count
        if n == 0 { return [] }
        if n == 1 { return [3] }
        if !values.contains(where: \.isNaN) { return rankScores(values.map(RadixSort.orderKey)) }
        // NaN compares false with everything: keep the comparison sort as is.
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var scores = [Int](repeating: 0, count: n)
        for (position, index) in order.enumerated() {
            // rank k = position + 1; score = max(1, ceil(5(k−1)/(n−1)))
            scores[index] = max(1, (5 * position + n - 2) / (n - 1))
        }
        return scores
    }

    /// Quintile scores from order keys (`RadixSort.orderKey` of the values):
    /// sorting the keys stably is sorting the values with ties in input
    /// order, exactly the order `quintileScores` uses. Needs `n ≥ 2`.
    static func rankScores(_ keys: [UInt64]) -> [Int] {
        let n = keys.count
        var order = Array(0..<n)
        RadixSort.stableSort(&order) { keys[$0] }
        var scores = [Int](repeating: 0, count: n)
        scores.withUnsafeMutableBufferPointer { s in
            order.withUnsafeBufferPointer { o in
                for position in 0..<n {
                    // rank k = position + 1; score = max(1, ceil(5(k−1)/(n−1)))
                    s[o[position]] = max(1, (5 * position + n - 2) / (n - 1))
                }
            }
        }
        return scores
    }
}
