import Foundation
import PeyvandCore

/// Dates typed into forms: Jalali (`1405/09/02`, Persian digits welcome) or Gregorian
/// (`2026-11-23`), told apart by the year, with an optional time `HH:MM`, in the organisation's zone.
enum FormDates {
    static func parse(_ text: String, timeZone: TimeZone) -> Date? {
        let latin = PersianText.latinDigits(text).trimmingCharacters(in: .whitespaces)
        guard !latin.isEmpty, latin.count <= 30 else { return nil }
        let parts = latin.split(separator: " ", omittingEmptySubsequences: true)
        guard (1...2).contains(parts.count) else { return nil }
        let numbers = parts[0].split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).compactMap { Int($0) }
        guard numbers.count == 3 else { return nil }
        var hour = 0, minute = 0
        if parts.count == 2 {
            let hm = parts[1].split(separator: ":").compactMap { Int($0) }
            guard hm.count == 2, (0..<24).contains(hm[0]), (0..<60).contains(hm[1]) else { return nil }
            hour = hm[0]
            minute = hm[1]
        }
        var day: Date
        if numbers[0] < 1700 {
            guard let jalali = try? JalaliDate(year: numbers[0], month: numbers[1], day: numbers[2]) else { return nil }
            day = jalali.date(timeZone: timeZone)
        } else {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let components = DateComponents(year: numbers[0], month: numbers[1], day: numbers[2])
            guard components.isValidDate(in: calendar), let d = calendar.date(from: components) else { return nil }
            day = d
        }
        day.addTimeInterval(TimeInterval(hour * 3600 + minute * 60))
        return day
    }

    /// The value a date field shows: Jalali in fa, Gregorian in en.
    static func format(_ date: Date, _ language: Language, timeZone: TimeZone, withTime: Bool) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let time = withTime ? String(format: " %02d:%02d", c.hour ?? 0, c.minute ?? 0) : ""
        switch language {
        case .fa: return JalaliDate(date, timeZone: timeZone).formatted(.numeric, digits: .latin) + time
        case .en: return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0) + time
        }
    }
}
