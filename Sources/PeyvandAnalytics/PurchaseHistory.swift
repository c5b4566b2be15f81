/// The purchase days of many customers in flat arrays, the compact form the
/// live scoring keeps in memory: customer `i`'s purchase days are
/// `days[offsets[i]..<offsets[i + 1]]`, ascending, each with the total spent
/// that day. Purchases on one day count once, as in Fader, Hardie & Lee (2005)
/// and `lifetimes`' day periods.
///
/// From it the models' inputs can be read as of any day, which is what a
/// holdout check needs: the summary up to a calibration end, and the purchases
/// made after it.
public struct PurchaseHistory: Sendable {
    public private(set) var days: [Int32] = []
    public private(set) var amounts: [Double] = []
    public private(set) var offsets: [Int] = [0]

    public init() {}

    public var customerCount: Int { offsets.count - 1 }

    /// Starts the next customer; their purchases follow with ``add(day:amount:)``.
    public mutating func startCustomer() {
        if open { offsets.append(days.count) }
        open = true
    }

    private var open = false

    /// A purchase of the current customer. Days must not decrease; a purchase on
    /// the same day as the previous one is added to it.
    public mutating func add(day: Int32, amount: Double) {
        precondition(open, "startCustomer() first")
        let start = offsets[offsets.count - 1]
        if days.count > start, days[days.count - 1] == day {
            amounts[amounts.count - 1] += amount
            return
        }
        precondition(days.count == start || days[days.count - 1] < day, "purchase days must not decrease")
        days.append(day)
        amounts.append(amount)
    }

    /// Closes the last customer. Call once after the last ``add(day:amount:)``.
    public mutating func finish() {
        if open { offsets.append(days.count) }
        open = false
    }

    /// Indexes into `days`/`amounts` of customer `i`.
    public func range(_ i: Int) -> Range<Int> { offsets[i]..<offsets[i + 1] }

    /// The first purchase day of customer `i`.
    public func firstDay(_ i: Int) -> Int { Int(days[offsets[i]]) }

    /// Purchase days up to and including `end`, as a range into `days`.
    public func range(_ i: Int, through end: Int) -> Range<Int> {
        let r = range(i)
        var hi = r.lowerBound
        while hi < r.upperBound, Int(days[hi]) <= end { hi += 1 }
        return r.lowerBound..<hi
    }

    /// The repeat-purchase summary of customer `i` observed up to `end`
    /// (see ``CustomerSummary``); nil when their first purchase is after `end`.
    public func summary(_ i: Int, observationEnd end: Int) -> CustomerSummary? {
        let r = range(i, through: end)
        guard !r.isEmpty else { return nil }
        let first = Int(days[r.lowerBound]), last = Int(days[r.upperBound - 1])
        let repeats = r.count - 1
        var spend = 0.0
        for j in (r.lowerBound + 1)..<r.upperBound { spend += amounts[j] }
        return CustomerSummary(
            frequency: repeats, recency: Double(last - first), age: Double(end - first),
            monetaryValue: repeats > 0 ? spend / Double(repeats) : 0)
    }

    /// Number of purchase days of customer `i` in `(after, through]`.
    public func purchaseDays(_ i: Int, after start: Int, through end: Int) -> Int {
        var n = 0
        for j in range(i) where Int(days[j]) > start && Int(days[j]) <= end { n += 1 }
        return n
    }

    /// Total spent by customer `i` in `(after, through]`.
    public func spend(_ i: Int, after start: Int, through end: Int) -> Double {
        var total = 0.0
        for j in range(i) where Int(days[j]) > start && Int(days[j]) <= end { total += amounts[j] }
        return total
    }

    /// Each customer's lifetime for retention curves: from the first purchase to the last when
    /// they have lapsed (no purchase in the `lapseDays` before `asOf`; an event), otherwise to
    /// `asOf` (censored: still buying).
    public func lifetimes(asOf: Int, lapseDays: Int) -> (durations: [Double], events: [Bool]) {
        var durations: [Double] = [], events: [Bool] = []
        durations.reserveCapacity(customerCount)
        events.reserveCapacity(customerCount)
        for i in 0..<customerCount {
            let r = range(i)
            let first = Int(days[r.lowerBound]), last = Int(days[r.upperBound - 1])
            let lapsed = asOf - last > lapseDays
            durations.append(Double((lapsed ? last : asOf) - first))
            events.append(lapsed)
        }
        return (durations, events)
    }
}
