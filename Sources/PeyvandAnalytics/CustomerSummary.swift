/// The repeat-purchase summary of one customer that the BG/NBD and
/// Gamma-Gamma models consume, in the notation of Fader, Hardie & Lee (2005):
///
/// - `frequency` (x): number of *repeat* purchases (purchases after the first);
/// - `recency` (tₓ): time from the first to the last purchase;
/// - `age` (T): time from the first purchase to the end of observation;
/// - `monetaryValue`: mean amount of the repeat purchases (0 if none).
///
/// Times are in any one unit (days, weeks) used consistently.
public struct CustomerSummary: Sendable, Hashable {
    public var id: String
    public var frequency: Int
    public var recency: Double
    public var age: Double
    public var monetaryValue: Double

    public init(id: String = "", frequency: Int, recency: Double, age: Double, monetaryValue: Double = 0) {
        self.id = id
        self.frequency = frequency
        self.recency = recency
        self.age = age
        self.monetaryValue = monetaryValue
    }

    /// Summaries from a transaction log, as lifetimes'
    /// `summary_data_from_transaction_data` does with day periods: purchases on
    /// the same day count once (their amounts are added), the first purchase
    /// is not a repeat purchase, and times are measured in days up to
    /// `observationEnd`. Transactions after `observationEnd` are ignored.
    /// Customers are returned sorted by id.
    public static func fromTransactions(
        _ transactions: [Transaction], observationEnd: Int
    ) throws(AnalyticsError) -> [CustomerSummary] {
        if transactions.isEmpty { throw .emptyInput("transactions") }
        // Each id is hashed once per transaction into a dense index; the rest is arrays.
        var index: [String: Int] = [:]
        var ids: [String] = []
        var owner = [Int](repeating: -1, count: transactions.count)
        for (k, t) in transactions.enumerated() where t.day <= observationEnd {
            if !(t.amount > 0) { throw .nonPositiveAmount(customerID: t.customerID, amount: t.amount) }
            if let i = index[t.customerID] { owner[k] = i } else {
                owner[k] = ids.count
                index[t.customerID] = ids.count
                ids.append(t.customerID)
            }
        }
        if ids.isEmpty { throw .emptyInput("transactions up to the observation end") }
        // Counting sort of the transactions by customer.
        var start = [Int](repeating: 0, count: ids.count + 1)
        for i in owner where i >= 0 { start[i + 1] += 1 }
        for i in 0..<ids.count { start[i + 1] += start[i] }
        var fill = start, order = [Int](repeating: 0, count: start[ids.count])
        for (k, i) in owner.enumerated() where i >= 0 { order[fill[i]] = k; fill[i] += 1 }
        var summaries = [CustomerSummary](repeating: CustomerSummary(frequency: 0, recency: 0, age: 0), count: ids.count)
        var days: [(day: Int, k: Int)] = []
        for i in 0..<ids.count {
            days.removeAll(keepingCapacity: true)
            for k in order[start[i]..<start[i + 1]] { days.append((transactions[k].day, k)) }
            days.sort { ($0.day, $0.k) < ($1.day, $1.k) }
            // Purchases on one day count once: their amounts are added (in file order), then the
            // repeat days' totals are summed.
            let first = days[0].day
            var last = first, distinct = 1, repeatSpend = 0.0, dayTotal = 0.0
            for d in days {
                if d.day != last {
                    if last != first { repeatSpend += dayTotal }
                    distinct += 1
                    last = d.day
                    dayTotal = 0
                }
                dayTotal += transactions[d.k].amount
            }
            if last != first { repeatSpend += dayTotal }
            let repeats = distinct - 1
            summaries[i] = CustomerSummary(
                id: ids[i], frequency: repeats, recency: Double(last - first), age: Double(observationEnd - first),
                monetaryValue: repeats > 0 ? repeatSpend / Double(repeats) : 0)
        }
        return summaries.sorted { $0.id < $1.id }
    }
}
