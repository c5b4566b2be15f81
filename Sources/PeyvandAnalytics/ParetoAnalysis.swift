import Foundation

/// Customer value concentration: who produces the profit.
///
/// Customers are ranked by profit, highest first, ties broken by ascending id
/// (so tied customers may straddle a decile boundary, deterministically).
/// The cumulative profit curve plots `x = r / n` (share of customers, best
/// first) against `y = (profit of the top r) / total profit`, from `(0, 0)`
/// to `(1, 1)`: the Lorenz-type concentration curve behind the 80/20 rule
/// (Lorenz, M. O. (1905), "Methods of measuring the concentration of wealth",
/// *JASA* 9(70), 209–219). With loss-making customers it rises above 1 and
/// falls back — the "whale curve" of customer profitability (Kaplan, R. S. &
/// Narayanan, V. G. (2001), "Measuring and managing customer profitability",
/// *Journal of Cost Management* 15(5), 5–15); `peakShare` is its height.
///
/// Deciles: the customer of rank `r` (1 = most profitable) is in decile
/// `⌊10 (r − 1) / n⌋ + 1`, so decile 1 is the top 10% (ranks `1…⌈n/10⌉`), and
/// for `n ≥ 10` every decile holds `⌊n/10⌋` or `⌈n/10⌉` customers (the larger
/// deciles are where `(r − 1)/n` first reaches each tenth). For `n < 10` some
/// deciles are empty.
///
/// Shares at a fraction of customers that is not a multiple of `1/n` use
/// linear interpolation along the curve (numpy `interp`).
public struct ParetoAnalysis: Sendable, Hashable {
    /// Input: one customer's profit (may be negative).
    public struct CustomerProfit: Sendable, Hashable {
        public var id: String
        public var profit: Double
        public init(id: String, profit: Double) {
            self.id = id
            self.profit = profit
        }
    }

    public struct RankedCustomer: Sendable, Hashable {
        public var id: String
        public var profit: Double
        /// 1 = most profitable.
        public var rank: Int
        /// 1 = top 10% by profit … 10 = bottom 10%.
        public var decile: Int
        /// Profit of ranks `1…rank` as a share of total profit.
        public var cumulativeShare: Double
    }

    public struct CurvePoint: Sendable, Hashable {
        /// Share of customers, most profitable first, in [0, 1].
        public var customerShare: Double
        /// Their share of total profit (above 1 on the whale curve's hump).
        public var profitShare: Double
    }

    public struct DecileSummary: Sendable, Hashable {
        public var decile: Int
        public var customers: Int
        public var totalProfit: Double
        /// `totalProfit / total profit`.
        public var profitShare: Double
    }

    /// All customers by rank.
    public var ranked: [RankedCustomer]
    public var totalProfit: Double
    /// `n + 1` points from `(0, 0)` to `(1, 1)`.
    public var curve: [CurvePoint]
    /// Share of total profit produced by the top 20% of customers.
    public var topFifthShare: Double
    /// Smallest share of customers (best first) that produces 80% of total profit.
    public var customerShareFor80Percent: Double
    /// Highest point of the curve (≥ 1; above 1 when some customers lose money).
    public var peakShare: Double
    /// Deciles 1…10.
    public var deciles: [DecileSummary]
    /// Customers with profit < 0, largest loss first (ties by id).
    public var unprofitable: [RankedCustomer]
    /// Sum of their (negative) profits; 0 if there are none.
    public var unprofitableTotal: Double

    /// Ranks the customers and measures profit concentration.
    ///
    /// - Throws: `emptyInput`, `singleCustomer`, `nonFiniteValue`,
    ///   `invalidInput` (a duplicate id), `undefined` (total profit ≤ 0, so
    ///   shares of it have no meaning).
    public static func analyze(_ customers: [CustomerProfit]) throws(AnalyticsError) -> ParetoAnalysis {
        guard !customers.isEmpty else { throw .emptyInput("customer profits") }
        if let i = customers.firstIndex(where: { !$0.profit.isFinite }) { throw .nonFiniteValue(field: "profit", row: i) }
        guard customers.count > 1 else { throw .singleCustomer("Pareto analysis") }
        var ids = Set<String>()
        for c in customers where !ids.insert(c.id).inserted { throw .invalidInput("customer id '\(c.id)' appears twice") }
        let n = customers.count
        let sorted = customers.sorted { $0.profit > $1.profit || ($0.profit == $1.profit && $0.id < $1.id) }
        let total = sorted.reduce(0) { $0 + $1.profit }
        guard total > 0 else {
            throw .undefined("total profit is \(total); profit shares need a positive total")
        }
        var ranked: [RankedCustomer] = []
        ranked.reserveCapacity(n)
        var curve = [CurvePoint(customerShare: 0, profitShare: 0)]
        var cumulative = 0.0
        for (index, c) in sorted.enumerated() {
            cumulative += c.profit
            let rank = index + 1
            ranked.append(RankedCustomer(
                id: c.id, profit: c.profit, rank: rank, decile: 10 * index / n + 1, cumulativeShare: cumulative / total))
            curve.append(CurvePoint(customerShare: Double(rank) / Double(n), profitShare: cumulative / total))
        }
        var decileCounts = [Int](repeating: 0, count: 10)
        var decileTotals = [Double](repeating: 0, count: 10)
        for r in ranked {
            decileCounts[r.decile - 1] += 1
            decileTotals[r.decile - 1] += r.profit
        }
        let losses = ranked.filter { $0.profit < 0 }.sorted { $0.profit < $1.profit || ($0.profit == $1.profit && $0.id < $1.id) }
        var analysis = ParetoAnalysis(
            ranked: ranked, totalProfit: total, curve: curve, topFifthShare: 0, customerShareFor80Percent: 0,
            peakShare: curve.map(\.profitShare).max() ?? 1,
            deciles: (0..<10).map {
                DecileSummary(decile: $0 + 1, customers: decileCounts[$0], totalProfit: decileTotals[$0],
                              profitShare: decileTotals[$0] / total)
            },
            unprofitable: losses, unprofitableTotal: losses.reduce(0) { $0 + $1.profit })
        analysis.topFifthShare = analysis.share(ofTopFraction: 0.2)
        analysis.customerShareFor80Percent = analysis.customerShare(reaching: 0.8) ?? 1
        return analysis
    }

    /// Share of total profit from the top `fraction` of customers (linear
    /// interpolation between curve points; `fraction` clamped to [0, 1]).
    public func share(ofTopFraction fraction: Double) -> Double {
        let x = min(max(fraction, 0), 1)
        let n = curve.count - 1
        let position = x * Double(n)
        let i = min(Int(position.rounded(.down)), n - 1)
        let a = curve[i], b = curve[i + 1]
        return a.profitShare + (x - a.customerShare) * (b.profitShare - a.profitShare) / (b.customerShare - a.customerShare)
    }

    /// The smallest share of customers (best first) whose profit reaches
    /// `profitShare` of the total: the first crossing of the curve, linearly
    /// interpolated. `nil` if the curve never reaches it (only for `> peakShare`).
    public func customerShare(reaching profitShare: Double) -> Double? {
        if profitShare <= 0 { return 0 }
        guard let i = curve.firstIndex(where: { $0.profitShare >= profitShare }) else { return nil }
        let a = curve[i - 1], b = curve[i]
        return a.customerShare + (profitShare - a.profitShare) * (b.customerShare - a.customerShare) / (b.profitShare - a.profitShare)
    }

    /// The curve at `resolution + 1` evenly spaced customer shares `0, 1/resolution, …, 1`,
    /// for charts of large customer bases.
    public func curve(resolution: Int) -> [CurvePoint] {
        let m = max(1, resolution)
        return (0...m).map { i in
            let x = Double(i) / Double(m)
            return CurvePoint(customerShare: x, profitShare: share(ofTopFraction: x))
        }
    }
}
