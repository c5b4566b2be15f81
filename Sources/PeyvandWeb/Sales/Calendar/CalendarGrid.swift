import Foundation
import PeyvandCore

/// The days a calendar view spans, as civil days (days since 1970-01-01 in the organisation's
/// zone): a month grid of whole weeks, a week, or a day. In fa the month is Jalali and the week
/// starts on Saturday; in en the month is Gregorian and the week starts on Monday (ISO 8601, as
/// most calendars outside the US do).
struct CalendarGrid {
    enum View: String, CaseIterable { case month, week, day }

    let view: View
    let language: Language
    /// The day the view was asked for.
    let focus: Int
    /// The first and last day shown (whole weeks for a month).
    let first: Int
    let last: Int
    /// For a month: its first and last day (the grid shows days of the neighbouring months too).
    let monthFirst: Int
    let monthLast: Int

    init(view: View, focus: Int, language: Language) {
        self.view = view
        self.focus = focus
        self.language = language
        let (mf, ml) = Self.month(containing: focus, language)
        (monthFirst, monthLast) = (mf, ml)
        switch view {
        case .day:
            (first, last) = (focus, focus)
        case .week:
            let start = focus - Self.column(of: focus, language)
            (first, last) = (start, start + 6)
        case .month:
            let start = mf - Self.column(of: mf, language)
            let end = ml + (6 - Self.column(of: ml, language))
            (first, last) = (start, end)
        }
    }

    /// The column a day falls in: 0 = Saturday in fa, 0 = Monday in en.
    static func column(of day: Int, _ language: Language) -> Int {
        let fromSaturday = JalaliDate(daysSinceUnixEpoch: day).weekday
        return language == .fa ? fromSaturday : (fromSaturday + 5) % 7
    }

    /// The Jalali weekday (0 = Saturday … 6 = Friday) of the column, for its name.
    static func weekday(ofColumn column: Int, _ language: Language) -> Int {
        language == .fa ? column : (column + 2) % 7
    }

    static func isFriday(_ day: Int) -> Bool { JalaliDate(daysSinceUnixEpoch: day).weekday == 6 }

    /// The first and last day of the month holding `day`: Jalali in fa, Gregorian in en.
    static func month(containing day: Int, _ language: Language) -> (Int, Int) {
        let j = JalaliDate(daysSinceUnixEpoch: day)
        switch language {
        case .fa:
            let first = (try? JalaliDate(year: j.year, month: j.month, day: 1))?.daysSinceUnixEpoch ?? day
            let next = j.month == 12 ? (try? JalaliDate(year: j.year + 1, month: 1, day: 1)) : (try? JalaliDate(year: j.year, month: j.month + 1, day: 1))
            return (first, (next?.daysSinceUnixEpoch ?? first + 30) - 1)
        case .en:
            let g = j.gregorian
            let first = JalaliDate(gregorianYear: g.year, month: g.month, day: 1).daysSinceUnixEpoch
            let next = g.month == 12 ? JalaliDate(gregorianYear: g.year + 1, month: 1, day: 1) : JalaliDate(gregorianYear: g.year, month: g.month + 1, day: 1)
            return (first, next.daysSinceUnixEpoch - 1)
        }
    }

    /// The day the previous and next buttons go to.
    var previous: Int {
        switch view {
        case .day: return focus - 1
        case .week: return focus - 7
        case .month: return Self.month(containing: monthFirst - 1, language).0
        }
    }

    var next: Int {
        switch view {
        case .day: return focus + 1
        case .week: return focus + 7
        case .month: return monthLast + 1
        }
    }

    /// A civil day of the zone as the instant it starts.
    static func start(of day: Int, zone: TimeZone) -> Date { JalaliDate(daysSinceUnixEpoch: day).date(timeZone: zone) }

    /// The civil day an instant falls on in the zone.
    static func day(of date: Date, zone: TimeZone) -> Int { JalaliDate(date, timeZone: zone).daysSinceUnixEpoch }

    /// `2026-11-23` for URLs (always Gregorian, Latin digits).
    static func iso(_ day: Int) -> String {
        let g = JalaliDate(daysSinceUnixEpoch: day).gregorian
        return String(format: "%04d-%02d-%02d", g.year, g.month, g.day)
    }

    /// A day in a URL: `2026-11-23` (or a Jalali `1405-09-02`); nil when it is not a date.
    static func parse(_ text: String?, zone: TimeZone) -> Int? {
        guard let text, !text.isEmpty, let date = FormDates.parse(text, timeZone: zone) else { return nil }
        return day(of: date, zone: zone)
    }
}
