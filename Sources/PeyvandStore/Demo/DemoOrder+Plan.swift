import Foundation
import PeyvandCore

extension DemoOrder {
    /// How one customer buys: how often, and around what sum. The pattern follows the customer's
    /// lifecycle stage, so the stage a page shows agrees with the history behind it.
    struct Buyer {
        /// The order size this customer is used to, in Rials: each order picks products priced
        /// near it, so a customer's orders are alike and customers differ by a moderate factor
        /// (what the Gamma-Gamma spend model assumes, with a finite mean).
        let budget: Double
        let large: Bool
    }

    /// The median order budget and its spread (of its logarithm) across customers.
    static let medianBudget = 8_000_000.0
    static let budgetSpread = 0.6

    /// The orders of one customer: prospects and leads have not bought; customers buy once, now
    /// and then, steadily, or as a large account; customers at risk have stopped buying in the
    /// last months, lost ones over a year ago, and won-back ones came back lately.
    static func plan(_ r: inout SeededRandom, stage: LifecycleStage, since: Date, now: Date, products: [Product]) -> [DemoOrder] {
        let start = max(since, now.addingTimeInterval(-3 * 365 * 86_400))
        let span = max(now.timeIntervalSince(start), 86_400)
        func spread(_ count: Int, from: Date, until end: Date) -> [Date] {
            let window = end.timeIntervalSince(from)
            guard window > 0 else { return [] }
            return (0..<count).map { _ in from.addingTimeInterval(Double.random(in: 0..<window, using: &r)) }
        }
        var dates: [Date] = []
        var large = false
        switch stage {
        case .prospect, .lead:
            return []
        case .customer:
            let roll = Double.random(in: 0..<1, using: &r)
            switch roll {
            case ..<0.44: dates = spread(1, from: start, until: now)
            case ..<0.74: dates = spread(Int.random(in: 2...5, using: &r), from: start, until: now)
            case ..<0.96:
                // Loyal: buys at a steady pace, with a little jitter.
                let count = Int.random(in: 6...15, using: &r)
                let step = span / Double(count)
                dates = (0..<count).map { i in start.addingTimeInterval(step * (Double(i) + Double.random(in: 0.2..<0.8, using: &r))) }
            default:
                large = true
                dates = spread(Int.random(in: 10...30, using: &r), from: start, until: now)
            }
        case .atRisk:
            // Bought several times; nothing for the last four to ten months.
            dates = spread(Int.random(in: 2...8, using: &r), from: start, until: now.addingTimeInterval(-Double.random(in: 120...300, using: &r) * 86_400))
        case .lost:
            // Bought several times, nothing in the last year.
            dates = spread(Int.random(in: 3...8, using: &r), from: start, until: now.addingTimeInterval(-365 * 86_400))
        case .wonBack:
            // Bought, stayed away for a year, and came back in the last three months.
            let lapse = now.addingTimeInterval(-450 * 86_400)
            dates = spread(Int.random(in: 2...5, using: &r), from: start, until: lapse)
                + spread(Int.random(in: 1...3, using: &r), from: max(start, now.addingTimeInterval(-90 * 86_400)), until: now)
        }
        // Too new for its pattern's past: one recent order at most.
        if dates.isEmpty, stage != .customer { dates = spread(1, from: start, until: now) }
        let budget = medianBudget * exp(budgetSpread * r.normal()) * (large ? 2 : 1)
        let buyer = Buyer(budget: budget, large: large)
        return dates.sorted().map { date in
            var when = date
            if r.chance(0.2) { when = festive(&r, near: date, now: now) }
            return order(&r, at: when, now: now, products: products, buyer: buyer)
        }
    }

    /// Moves a date into the Nowruz or Yalda shopping weeks of the same year (when not in the future).
    static func festive(_ r: inout SeededRandom, near date: Date, now: Date) -> Date {
        let day = Tehran.day(of: date)
        let target = r.chance(0.6) ? (try? JalaliDate(year: day.year, month: 12, day: Int.random(in: 10...28, using: &r)))
            : (try? JalaliDate(year: day.year, month: 9, day: Int.random(in: 20...30, using: &r)))
        guard let target else { return date }
        let moved = target.date(timeZone: Tehran.timeZone).addingTimeInterval(Double.random(in: 32_400..<75_600, using: &r))
        return moved < now ? moved : date
    }

    /// How much a buyer with `budget` favours a product of `price`: highest at the budget, a
    /// quarter of that at about twice or half of it.
    static func affinity(price: Int64, budget: Double) -> Double {
        let distance = log(Double(price) / budget)
        return exp(-distance * distance / (2 * 0.6 * 0.6))
    }
}
