import Foundation
import PeyvandCore

/// Dates and numbers as each language shows them: Jalali with Persian digits in fa, Gregorian in
/// en, in the organisation's time zone.
struct Formatting: Sendable {
    let timeZone: TimeZone

    func dateTime(_ date: Date, _ language: Language) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        switch language {
        case .fa:
            let jalali = JalaliDate(date, timeZone: timeZone)
            return jalali.formatted(.numeric, digits: .persian) + " " + PersianText.persianDigits(time)
        case .en:
            return String(format: "%04d-%02d-%02d ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0) + time
        }
    }

    func number(_ value: Int, _ language: Language) -> String {
        language == .fa ? PersianText.persianDigits(String(value)) : String(value)
    }
}
