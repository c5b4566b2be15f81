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
        var byCustomer: [String: [Int: Double]] = [:]
        for t in transactions where t.day <= observationEnd {
            if !(t.amount > 0) { throw .nonPositiveAmount(customerID: t.customerID, amount: t.amount) }
            byCustomer[t.customerID, default: [:]][t.day, default: 0] += t.amount
        }
        if byCustomer.isEmpty { throw .emptyInput("transactions up to the observation end") }
        return byCustomer.keys.sorted().map { id in
            let days = byCustomer[id]!.sorted { $0.key < $1.key }
            let first = days[0].key
            let repeats = days.dropFirst()
            let mean = repeats.isEmpty ? 0 : repeats.map(\.value).reduce(0, +) / Double(repeats.count)
            return CustomerSummary(
                id: id, frequency: repeats.count, recency: Double(days[days.count - 1].key - first),
                age: Double(observationEnd - first), monetaryValue: mean)
        }
    }
}
