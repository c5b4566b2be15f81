import Foundation
import PeyvandCore

/// Dates and numbers as each language shows them: Jalali with Persian digits in fa, Gregorian in
/// en, in the organisation's time zone.
struct Formatting: Sendable {
    let timeZone: TimeZone

    func dateTime(_ date: Date, _ language: Language) -> String {
        let local = CivilTime(date, offsetSeconds: timeZone.secondsFromGMT(for: date))
        switch language {
        case .fa:
            let jalali = JalaliDate(date, timeZone: timeZone)
            return jalali.formatted(.numeric, digits: .persian) + " " + PersianText.persianDigits(local.timeString)
        case .en:
            return local.dateString + " " + local.timeString
        }
    }

    /// A calendar day: Jalali with Persian digits in fa, Gregorian in en.
    func day(_ day: JalaliDate, _ language: Language) -> String {
        switch language {
        case .fa: return day.formatted(.numeric, digits: .persian)
        case .en:
            let g = day.gregorian
            return String(format: "%04d-%02d-%02d", g.year, g.month, g.day)
        }
    }

    func number(_ value: Int, _ language: Language) -> String {
        language == .fa ? PersianText.persianDigits(String(value)) : String(value)
    }
}
