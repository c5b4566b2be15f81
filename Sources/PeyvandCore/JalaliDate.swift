import Foundation

/// A day in the Jalali (Solar Hijri, Iranian) calendar.
///
/// Rules:
/// * Months 1–6 have 31 days, months 7–11 have 30, Esfand (12) has 29, or 30
///   in a leap year.
/// * Leap years follow the arithmetic 33-year cycle: a year is leap when
///   `year mod 33` is one of 1, 5, 9, 13, 17, 22, 26, 30. This is the rule
///   used by `jdatetime` / FarsiWeb and matches the official calendar for
///   the supported range (verified day by day for 1300–1500).
/// * 1 Farvardin 979 = 20 March 1600 (Gregorian) anchors the conversion.
/// * Weeks start on Saturday (شنبه): ``weekday`` 0 = Saturday … 6 = Friday.
///
/// Encodes as the string `"1405-09-02"`.
public struct JalaliDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Validates the date. Throws with field `"date"`. Years 1…9999.
    public init(year: Int, month: Int, day: Int) throws(ValidationError) {
        guard (1...9999).contains(year) else {
            throw ValidationError(field: "date", reason: "year must be between 1 and 9999", code: "date.invalid")
        }
        guard (1...12).contains(month) else {
            throw ValidationError(field: "date", reason: "month must be between 1 and 12", code: "date.invalid")
        }
        let length = JalaliDate.daysInMonth(year: year, month: month)
        guard (1...length).contains(day) else {
            throw ValidationError(field: "date", reason: "day must be between 1 and \(length) for month \(month) of \(year)", code: "date.invalid")
        }
        self.init(unchecked: year, month, day)
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Converts a Gregorian (proleptic) date. Out-of-range days roll over
    /// (`month: 2, day: 30` is 1 or 2 March).
    public init(gregorianYear: Int, month: Int, day: Int) {
        self.init(daysSinceUnixEpoch: JalaliDate.daysFromCivil(year: gregorianYear, month: month, day: day))
    }

    /// The calendar day that `date` falls on in `timeZone`.
    public init(_ date: Date, timeZone: TimeZone) {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        self.init(daysSinceUnixEpoch: Int((local / 86_400).rounded(.down)))
    }

    /// The day that is `days` after 1 January 1970 (Gregorian) = 11 Dey 1348.
    public init(daysSinceUnixEpoch days: Int) {
        // Days since 1 Farvardin 979.
        var n = days - JalaliDate.epochOffset
        let cycles = JalaliDate.floorDiv(n, 12_053)  // days per 33-year cycle
        n -= cycles * 12_053
        // Within a cycle: eight 4-year groups (leap year first), then one common year.
        var year = 979 + 33 * cycles + 4 * (n / 1_461)
        n %= 1_461
        if n >= 366 {
            n -= 1
            year += n / 365
            n %= 365
        }
        let month: Int
        let day: Int
        if n < 186 {
            month = n / 31 + 1
            day = n % 31 + 1
        } else {
            month = (n - 186) / 30 + 7
            day = (n - 186) % 30 + 1
        }
        self.init(unchecked: year, month, day)
    }

    /// Days since 1 January 1970 (Gregorian).
    public var daysSinceUnixEpoch: Int {
        let y = year - 979
        let cycles = JalaliDate.floorDiv(y, 33)
        let r = y - cycles * 33
        let yearStart = 365 * y + 8 * cycles + (r + 3) / 4
        let dayOfYear = month <= 7 ? (month - 1) * 31 : 186 + (month - 7) * 30
        return JalaliDate.epochOffset + yearStart + dayOfYear + day - 1
    }

    /// The same day in the proleptic Gregorian calendar.
    public var gregorian: (year: Int, month: Int, day: Int) {
        JalaliDate.civilFromDays(daysSinceUnixEpoch)
    }

    /// Start of this day in `timeZone` (normally midnight; the first existing
    /// instant if a DST change skips midnight).
    public func date(timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let noonUTC = Date(timeIntervalSince1970: Double(daysSinceUnixEpoch) * 86_400 + 43_200)
        let noonLocal = noonUTC.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: noonUTC)))
        return calendar.startOfDay(for: noonLocal)
    }

    /// `days` later (or earlier if negative).
    public func adding(days: Int) -> JalaliDate {
        JalaliDate(daysSinceUnixEpoch: daysSinceUnixEpoch + days)
    }

    /// Whether Esfand of `year` has 30 days (33-year cycle rule).
    public static func isLeapYear(_ year: Int) -> Bool {
        let r = year - 33 * floorDiv(year, 33)
        return [1, 5, 9, 13, 17, 22, 26, 30].contains(r)
    }

    /// 31, 30 or 29/30; 0 for a month outside 1…12.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1...6: return 31
        case 7...11: return 30
        case 12: return isLeapYear(year) ? 30 : 29
        default: return 0
        }
    }

    /// 0 = Saturday (شنبه) … 6 = Friday (جمعه).
    public var weekday: Int {
        // 1 January 1970 was a Thursday (5).
        let w = (daysSinceUnixEpoch + 5) % 7
        return w < 0 ? w + 7 : w
    }

    /// `"1405-09-02"`, Latin digits.
    public var description: String {
        JalaliDate.pad(year, 4) + "-" + JalaliDate.pad(month, 2) + "-" + JalaliDate.pad(day, 2)
    }

    public static func < (lhs: JalaliDate, rhs: JalaliDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        do {
            self = try JalaliDate.parse(string)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: Arithmetic helpers

    /// `daysFromCivil(1600, 3, 20)`: 1 Farvardin 979 relative to 1970-01-01.
    private static let epochOffset = -135_061

    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        // Normalise month into 1...12 first.
        let y0 = year + floorDiv(month - 1, 12)
        let m = month - 12 * floorDiv(month - 1, 12)
        let y = m <= 2 ? y0 - 1 : y0
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Inverse of ``daysFromCivil(year:month:day:)``.
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value.magnitude)
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
