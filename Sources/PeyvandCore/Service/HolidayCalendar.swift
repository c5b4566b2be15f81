/// The days off an SLA clock skips: a set of civil days, each with the holidays that fall on it
/// (14 Khordad 1405 is both the anniversary of Imam Khomeini's death and Eid al-Ghadir).
///
/// The distinct days are kept sorted so that the clock finds the holidays of any stretch by
/// binary search: counting business time over five years costs the holidays in those years, not
/// the days.
///
/// Encodes as the array of its holidays.
public struct HolidayCalendar: Sendable, Hashable, Codable {
    /// Sorted by day, then kind, then English name; exact repeats dropped.
    public let holidays: [Holiday]
    /// The distinct days of ``holidays``, ascending.
    public let days: [Int]

    public init(_ holidays: some Sequence<Holiday>) {
        let sorted = Set(holidays).sorted {
            ($0.day, $0.kind.rawValue, $0.nameEn, $0.nameFa) < ($1.day, $1.kind.rawValue, $1.nameEn, $1.nameFa)
        }
        var days: [Int] = []
        days.reserveCapacity(sorted.count)
        for holiday in sorted where days.last != holiday.day { days.append(holiday.day) }
        self.holidays = sorted
        self.days = days
    }

    /// The days off alone, as the business clock reads them (``holidays`` stays empty): what a
    /// statement returns when it reads only the days.
    public init(days: some Sequence<Int>) {
        self.holidays = []
        self.days = Array(Set(days)).sorted()
    }

    /// No days off at all.
    public static let empty = HolidayCalendar([])

    public var isEmpty: Bool { days.isEmpty }

    /// Whether civil `day` is a holiday.
    public func isHoliday(_ day: Int) -> Bool {
        let i = Self.lowerBound(days, day)
        return i < days.count && days[i] == day
    }

    /// The holidays on `day`, in order; empty on a working day.
    public func holidays(on day: Int) -> ArraySlice<Holiday> {
        holidays(in: day..<(day + 1))
    }

    /// The holidays whose day is in `range`, in order.
    public func holidays(in range: Range<Int>) -> ArraySlice<Holiday> {
        var lo = 0, hi = holidays.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if holidays[mid].day < range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < holidays.count && holidays[end].day < range.upperBound { end += 1 }
        return holidays[lo..<end]
    }

    /// The distinct holiday days in `range`, ascending.
    public func holidayDays(in range: Range<Int>) -> ArraySlice<Int> {
        days[Self.lowerBound(days, range.lowerBound)..<Self.lowerBound(days, range.upperBound)]
    }

    /// This calendar's holidays and `other`'s (an official calendar and a company's own days).
    public func merging(_ other: HolidayCalendar) -> HolidayCalendar {
        HolidayCalendar(holidays + other.holidays)
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([Holiday].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(holidays)
    }

    /// The first index whose value is not below `value`.
    static func lowerBound(_ values: [Int], _ value: Int) -> Int {
        var lo = 0, hi = values.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if values[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
