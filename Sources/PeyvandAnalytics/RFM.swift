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
        var last: [String: Int] = [:], count: [String: Int] = [:], spend: [String: Double] = [:]
        for t in transactions where t.day <= asOf {
            if !(t.amount > 0) || !t.amount.isFinite { throw .nonPositiveAmount(customerID: t.customerID, amount: t.amount) }
            last[t.customerID] = max(last[t.customerID] ?? t.day, t.day)
            count[t.customerID, default: 0] += 1
            spend[t.customerID, default: 0] += t.amount
        }
        if last.isEmpty { throw .emptyInput("RFM transactions up to the analysis date") }
        if last.count == 1 { throw .singleCustomer("RFM scoring") }
        let ids = last.keys.sorted()
        let recency = ids.map { asOf - last[$0]! }
        let frequency = ids.map { count[$0]! }
        let money = ids.map { monetary == .total ? spend[$0]! : spend[$0]! / Double(count[$0]!) }
        let r = quintileScores(recency.map { -Double($0) })
        let f = quintileScores(frequency.map(Double.init))
        let m = quintileScores(money)
        return ids.indices.map { i in
            Customer(
                id: ids[i], recency: recency[i], frequency: frequency[i], monetary: money[i],
                recencyScore: r[i], frequencyScore: f[i], monetaryScore: m[i],
                segment: RFMSegment(recencyScore: r[i], frequencyScore: f[i]))
        }
    }

    /// Quintile scores 1…5 of `values` (higher value → higher score). Ties are
    /// ranked in input order, then ranks are cut like pandas `qcut(rank, 5)`.
    /// A single value has no spread and scores 3.
    public static func quintileScores(_ values: [Double]) -> [Int] {
        let n = values.count
        if n == 0 { return [] }
        if n == 1 { return [3] }
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var scores = [Int](repeating: 0, count: n)
        for (position, index) in order.enumerated() {
            // rank k = position + 1; score = max(1, ceil(5(k−1)/(n−1)))
            scores[index] = max(1, (5 * position + n - 2) / (n - 1))
        }
        return scores
    }
}
