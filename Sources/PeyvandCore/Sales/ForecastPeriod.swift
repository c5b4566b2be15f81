/// A stretch of the sales calendar the forecast is read by: a month or a quarter of a Jalali or a
/// Gregorian year. Its days are civil days since 1970-01-01 (as deals store their expected close
/// day), `startDay` included and `endDay` excluded, so periods tile the year with no gap.
///
/// Jalali quarters are the seasons: the first is Farvardin–Khordad (spring), the fourth
/// Dey–Esfand. Gregorian quarters start in January, April, July and October.
public struct ForecastPeriod: Sendable, Hashable {
    public enum CalendarKind: String, Sendable, CaseIterable, Codable { case jalali, gregorian }
    public enum Granularity: String, Sendable, CaseIterable, Codable { case month, quarter }

    public let calendar: CalendarKind
    public let granularity: Granularity
    public let year: Int
    /// 1–12 for a month, 1–4 for a quarter.
    public let index: Int

    public init(_ calendar: CalendarKind, _ granularity: Granularity, year: Int, index: Int) throws(ValidationError) {
        guard (1...9999).contains(year) else { throw ValidationError(field: "year", reason: "must be a year from 1 to 9999", code: "forecast.year") }
        let count = granularity == .month ? 12 : 4
        guard (1...count).contains(index) else {
            throw ValidationError(field: "period", reason: "must be from 1 to \(count)", code: "forecast.period")
        }
        self.calendar = calendar
        self.granularity = granularity
        self.year = year
        self.index = index
    }

    /// The period of this kind that holds `day`.
    public static func containing(day: Int, _ calendar: CalendarKind, _ granularity: Granularity) -> ForecastPeriod {
        let (year, month) = yearMonth(of: day, calendar)
        let index = granularity == .month ? month : (month - 1) / 3 + 1
        // Every civil day maps to a valid year and index, so this cannot throw.
        return (try? ForecastPeriod(calendar, granularity, year: min(max(year, 1), 9999), index: index))
            ?? ForecastPeriod(unchecked: calendar, granularity, year: 1, index: 1)
    }

    private init(unchecked calendar: CalendarKind, _ granularity: Granularity, year: Int, index: Int) {
        self.calendar = calendar
        self.granularity = granularity
        self.year = year
        self.index = index
    }

    /// The periods of this one's year, in order (12 months or 4 quarters).
    public var siblings: [ForecastPeriod] {
        (1...(granularity == .month ? 12 : 4)).map { ForecastPeriod(unchecked: calendar, granularity, year: year, index: $0) }
    }

    public var firstMonth: Int { granularity == .month ? index : (index - 1) * 3 + 1 }
    public var lastMonth: Int { granularity == .month ? index : index * 3 }

    public var startDay: Int { Self.firstDay(year: year, month: firstMonth, calendar) }
    public var endDay: Int {
        lastMonth == 12 ? Self.firstDay(year: year + 1, month: 1, calendar) : Self.firstDay(year: year, month: lastMonth + 1, calendar)
    }

    public var previous: ForecastPeriod {
        let count = granularity == .month ? 12 : 4
        return index > 1 ? ForecastPeriod(unchecked: calendar, granularity, year: year, index: index - 1)
            : ForecastPeriod(unchecked: calendar, granularity, year: max(year - 1, 1), index: count)
    }

    public var next: ForecastPeriod {
        let count = granularity == .month ? 12 : 4
        return index < count ? ForecastPeriod(unchecked: calendar, granularity, year: year, index: index + 1)
            : ForecastPeriod(unchecked: calendar, granularity, year: min(year + 1, 9999), index: 1)
    }

    /// `1405-Q1`, `1405-07`, `2026-Q2`: the period's key in URLs and in the API.
    public var key: String {
        granularity == .quarter ? "\(year)-Q\(index)" : "\(year)-\(index < 10 ? "0" : "")\(index)"
    }

    /// Reads a key written by `key`.
    public init(key: String, _ calendar: CalendarKind) throws(ValidationError) {
        let parts = key.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, parts[0].count <= 4, let year = Int(parts[0]) else {
            throw ValidationError(field: "period", reason: "must look like 1405-Q1 or 1405-07", code: "forecast.period")
        }
        let rest = parts[1]
        if rest.first == "Q" || rest.first == "q" {
            guard rest.count == 2, let q = Int(rest.dropFirst()) else {
                throw ValidationError(field: "period", reason: "must look like 1405-Q1 or 1405-07", code: "forecast.period")
            }
            try self.init(calendar, .quarter, year: year, index: q)
        } else {
            guard rest.count <= 2, let m = Int(rest) else {
                throw ValidationError(field: "period", reason: "must look like 1405-Q1 or 1405-07", code: "forecast.period")
            }
            try self.init(calendar, .month, year: year, index: m)
        }
    }

    public static func firstDay(year: Int, month: Int, _ calendar: CalendarKind) -> Int {
        switch calendar {
        case .jalali: (try? JalaliDate(year: year, month: month, day: 1))?.daysSinceUnixEpoch ?? 0
        case .gregorian: JalaliDate(gregorianYear: year, month: month, day: 1).daysSinceUnixEpoch
        }
    }

    static func yearMonth(of day: Int, _ calendar: CalendarKind) -> (Int, Int) {
        let j = JalaliDate(daysSinceUnixEpoch: day)
        switch calendar {
        case .jalali: return (j.year, j.month)
        case .gregorian:
            let g = j.gregorian
            return (g.year, g.month)
        }
    }
}
