import Foundation

/// Exchange rates per currency pair and effective day.
///
/// ``convert(_:to:on:)`` uses the latest rate for the pair whose effective
/// day is on or before the conversion day. Converting a currency to itself
/// (e.g. IRR→IRR) is the identity and needs no rate. Inverse rates are not
/// derived: a USD→IRR rate does not answer IRR→USD (their rounding would
/// differ); record both if both are needed. Setting a rate for a pair and
/// day that already has one replaces it.
///
/// Errors use field `"rate"` (no rate; same-currency rate) or `"amount"`
/// (overflow). JSON shape: `{"entries":[Entry]}`.
public struct ExchangeRateTable: Sendable, Hashable, Codable {
    /// One recorded rate.
    public struct Entry: Sendable, Hashable, Codable {
        public let from: Currency
        public let to: Currency
        public let effective: JalaliDate
        public let rate: ExchangeRate

        public init(from: Currency, to: Currency, effective: JalaliDate, rate: ExchangeRate) {
            self.from = from
            self.to = to
            self.effective = effective
            self.rate = rate
        }
    }

    private struct Pair: Hashable {
        let from: Currency
        let to: Currency
    }

    /// Per pair, rates sorted by effective day (unique days).
    private var rates: [Pair: [(day: JalaliDate, rate: ExchangeRate)]] = [:]

    public init() {}

    /// A table holding `entries`; later entries replace earlier ones for the same pair and day.
    public init(entries: [Entry]) throws(ValidationError) {
        for entry in entries {
            try setRate(entry.rate, from: entry.from, to: entry.to, effective: entry.effective)
        }
    }

    /// Records `1 from = rate to` from `effective` on.
    public mutating func setRate(_ rate: ExchangeRate, from: Currency, to: Currency, effective: JalaliDate) throws(ValidationError) {
        guard from != to else {
            throw ValidationError(field: "rate", reason: "a currency's rate to itself is always 1 (\(from.rawValue))", code: "rate.base", params: ["currency": from.rawValue])
        }
        let pair = Pair(from: from, to: to)
        var list = rates[pair, default: []]
        let index = list.partitioningIndex { $0.day >= effective }
        if index < list.count, list[index].day == effective {
            list[index].rate = rate
        } else {
            list.insert((effective, rate), at: index)
        }
        rates[pair] = list
    }

    /// The rate in force on `day`: the latest effective on or before it.
    public func rate(from: Currency, to: Currency, on day: JalaliDate) -> ExchangeRate? {
        guard let list = rates[Pair(from: from, to: to)] else { return nil }
        let index = list.partitioningIndex { $0.day > day }
        return index == 0 ? nil : list[index - 1].rate
    }

    /// `money` in `target` at the rate in force on `day`, rounded half away
    /// from zero to `target`'s minor unit.
    public func convert(_ money: Money, to target: Currency, on day: JalaliDate) throws(ValidationError) -> Money {
        if money.currency == target { return money }
        guard let rate = rate(from: money.currency, to: target, on: day) else {
            throw ValidationError(field: "rate", reason: "no \(money.currency.rawValue)→\(target.rawValue) rate is effective on or before \(day)", code: "rate.missing", params: ["from": money.currency.rawValue, "to": target.rawValue])
        }
        return try rate.convert(money, to: target)
    }

    /// As ``convert(_:to:on:)`` for the day of `instant` in Tehran.
    public func convert(_ money: Money, to target: Currency, at instant: Date) throws(ValidationError) -> Money {
        try convert(money, to: target, on: Tehran.day(of: instant))
    }

    /// Every recorded rate, ordered by pair then day.
    public var entries: [Entry] {
        rates.flatMap { pair, list in list.map { Entry(from: pair.from, to: pair.to, effective: $0.day, rate: $0.rate) } }
            .sorted { ($0.from.rawValue, $0.to.rawValue, $0.effective) < ($1.from.rawValue, $1.to.rawValue, $1.effective) }
    }

    public static func == (lhs: ExchangeRateTable, rhs: ExchangeRateTable) -> Bool { lhs.entries == rhs.entries }

    public func hash(into hasher: inout Hasher) { hasher.combine(entries) }

    private enum CodingKeys: String, CodingKey { case entries }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let entries = try container.decode([Entry].self, forKey: .entries)
        do {
            try self.init(entries: entries)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .entries, in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entries, forKey: .entries)
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, assuming the
    /// array is partitioned (all non-matching elements first); binary search.
    fileprivate func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if predicate(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
