/// A customer's value over a period: revenue less the cost of the goods
/// sold to them and the cost of serving them (support, delivery, visits).
///
/// All three amounts must be in one currency (field `"currency"`) and not
/// negative (fields `"revenue"`, `"costOfGoods"`, `"costToServe"`);
/// `profit` may be negative. Overflow throws with field `"amount"`.
///
/// JSON shape: `{"revenue":Money,"costOfGoods":Money,"costToServe":Money}`.
public struct CustomerValue: Sendable, Hashable, Codable {
    public let revenue: Money
    public let costOfGoods: Money
    public let costToServe: Money
    /// `revenue − costOfGoods − costToServe`.
    public let profit: Money

    public init(revenue: Money, costOfGoods: Money, costToServe: Money) throws(ValidationError) {
        guard costOfGoods.currency == revenue.currency, costToServe.currency == revenue.currency else {
            throw ValidationError(field: "currency", reason: "revenue and costs must be in one currency", code: "currency.mismatch", params: ["a": revenue.currency.rawValue, "b": costOfGoods.currency.rawValue])
        }
        var problems: [FieldIssue] = []
        if revenue.isNegative { problems.append(FieldIssue(field: "revenue", reason: "revenue must not be negative", code: "amount.negative")) }
        if costOfGoods.isNegative { problems.append(FieldIssue(field: "costOfGoods", reason: "cost of goods must not be negative", code: "amount.negative")) }
        if costToServe.isNegative { problems.append(FieldIssue(field: "costToServe", reason: "cost to serve must not be negative", code: "amount.negative")) }
        guard problems.isEmpty else { throw ValidationError(problems) }
        self.revenue = revenue
        self.costOfGoods = costOfGoods
        self.costToServe = costToServe
        self.profit = try revenue.subtracting(costOfGoods).subtracting(costToServe)
    }

    /// The mean number of days between distinct purchase days, or `nil` with
    /// fewer than two distinct days. Days are any consistent day numbers
    /// (e.g. ``JalaliDate/daysSinceUnixEpoch``); order and repeats don't matter.
    /// The mean of consecutive gaps is `(last − first) ÷ (distinct days − 1)`.
    public static func repeatPurchaseInterval(orderDays: [Int]) -> Double? {
        let days = Set(orderDays)
        guard days.count >= 2, let first = days.min(), let last = days.max() else { return nil }
        return (Double(last) - Double(first)) / Double(days.count - 1)
    }

    private enum CodingKeys: String, CodingKey { case revenue, costOfGoods, costToServe }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let revenue = try container.decode(Money.self, forKey: .revenue)
        let costOfGoods = try container.decode(Money.self, forKey: .costOfGoods)
        let costToServe = try container.decode(Money.self, forKey: .costToServe)
        do {
            try self.init(revenue: revenue, costOfGoods: costOfGoods, costToServe: costToServe)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .revenue, in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(revenue, forKey: .revenue)
        try container.encode(costOfGoods, forKey: .costOfGoods)
        try container.encode(costToServe, forKey: .costToServe)
    }
}
