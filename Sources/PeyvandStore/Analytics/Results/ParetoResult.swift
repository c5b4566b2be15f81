import PeyvandCore

/// Where the profit comes from (the 80/20): profit per customer over all history, in the
/// organisation's currency, ranked. Amounts are exact sums in minor units; shares are of the total.
public struct ParetoResult: Sendable, Hashable, Codable {
    public struct Point: Sendable, Hashable, Codable {
        public var customerShare: Double
        public var profitShare: Double
    }

    public struct Decile: Sendable, Hashable, Codable {
        /// 1 is the most profitable tenth of customers.
        public var decile: Int
        public var customers: Int
        public var profitShare: Double
    }

    public var totalProfit: Money
    /// Share of the profit made by the most profitable fifth of customers.
    public var topFifthShare: Double
    /// The smallest share of customers, best first, that makes 80% of the profit.
    public var customerShareFor80Percent: Double
    /// The cumulative curve in 20 steps, from (0, 0) to (1, 1).
    public var curve: [Point]
    public var deciles: [Decile]
    /// Customers who cost more than they bring, and the sum of their (negative) profit.
    public var unprofitableCustomers: Int
    public var unprofitableTotal: Money
}
