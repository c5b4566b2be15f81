import Foundation

/// How many of the data's time units make one month, for discounting.
///
/// Matches lifetimes' `freq` codes: day = 30, week = 4.345, month = 1, hour = 720.
public struct PeriodsPerMonth: Sendable, Hashable {
    public var value: Double
    public init(_ value: Double) { self.value = value }
    public static let days = PeriodsPerMonth(30)
    public static let weeks = PeriodsPerMonth(4.345)
    public static let months = PeriodsPerMonth(1)
    public static let hours = PeriodsPerMonth(720)
}

/// Customer lifetime value from a BG/NBD transaction model and a Gamma-Gamma
/// spend model (Fader, Hardie & Lee 2005, "RFM and CLV"), computed the way
/// lifetimes' `GammaGammaFitter.customer_lifetime_value` does: a discrete sum
/// over months `i = 1…months` of
///
///     E[spend] · (E[Y(i·f)] − E[Y((i−1)·f)]) / (1 + discountRate)^i
///
/// where `f` is the number of data time units per month and `E[Y(t)]` the
/// BG/NBD conditional expected purchases.
///
/// - Parameters:
///   - months: horizon in months.
///   - discountRate: monthly discount rate (0.01 = 1% per month).
///   - periodsPerMonth: the data's time unit (days when ages are in days).
public func customerLifetimeValue(
    transactions model: BGNBD, spend: GammaGamma,
    frequency: Int, recency: Double, age: Double, monetaryValue: Double,
    months: Int = 12, discountRate: Double = 0.01, periodsPerMonth: PeriodsPerMonth = .days
) throws(AnalyticsError) -> Double {
    guard months >= 0 else { throw .invalidInput("the CLV horizon must be ≥ 0 months (got \(months))") }
    guard discountRate > -1 else { throw .invalidInput("the discount rate must be > −1 (got \(discountRate))") }
    let averageSpend = try spend.expectedAverageSpend(frequency: frequency, monetaryValue: monetaryValue)
    let f = periodsPerMonth.value
    var value = 0.0
    var previous = 0.0
    if months == 0 { return 0 }
    for i in 1...months {
        let cumulative = model.expectedPurchases(in: Double(i) * f, frequency: frequency, recency: recency, age: age)
        value += averageSpend * (cumulative - previous) / pow(1 + discountRate, Double(i))
        previous = cumulative
    }
    guard value.isFinite else { throw .undefined("customer lifetime value is not finite") }
    return value
}

/// `customerLifetimeValue` for a summary.
public func customerLifetimeValue(
    transactions model: BGNBD, spend: GammaGamma, customer c: CustomerSummary,
    months: Int = 12, discountRate: Double = 0.01, periodsPerMonth: PeriodsPerMonth = .days
) throws(AnalyticsError) -> Double {
    try customerLifetimeValue(
        transactions: model, spend: spend, frequency: c.frequency, recency: c.recency, age: c.age,
        monetaryValue: c.monetaryValue, months: months, discountRate: discountRate, periodsPerMonth: periodsPerMonth)
}

/// Scores of many customers at once, computed on all cores in fixed chunks (each customer's
/// numbers are the same as one at a time).
public enum BatchScores {
    /// `f` applied to every element, in parallel over fixed chunks, in order.
    static func map<T: Sendable>(_ items: [T], _ f: @Sendable (T) -> Double) -> [Double] {
        ChunkedSum.map(items.count, placeholder: []) { range in range.map { f(items[$0]) } }.flatMap { $0 }
    }

    /// P(alive) of every customer.
    public static func probabilityAlive(_ model: BGNBD, _ customers: [CustomerSummary]) -> [Double] {
        map(customers) { model.probabilityAlive($0) }
    }

    /// Expected purchases of every customer in the next `t` time units.
    public static func expectedPurchases(_ model: BGNBD, in t: Double, _ customers: [CustomerSummary]) -> [Double] {
        map(customers) { model.expectedPurchases(in: t, for: $0) }
    }

    /// Lifetime value of every customer (`customerLifetimeValue`); NaN where it is undefined
    /// (for example a spend model with q ≤ 1), so callers can tell which.
    public static func lifetimeValues(
        transactions model: BGNBD, spend: GammaGamma, _ customers: [CustomerSummary],
        months: Int = 12, discountRate: Double = 0.01, periodsPerMonth: PeriodsPerMonth = .days
    ) -> [Double] {
        map(customers) { c in
            (try? customerLifetimeValue(transactions: model, spend: spend, customer: c, months: months,
                                        discountRate: discountRate, periodsPerMonth: periodsPerMonth)) ?? .nan
        }
    }
}
