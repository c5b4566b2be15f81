import Foundation
import PeyvandCore

/// How the page's words, numbers and dates are written for one reader.
struct PageText {
    let views: Views
    let lang: Language
    let toman: Bool

    func t(_ key: String) -> String { views.catalogs.text(key, lang) }
    func label(_ group: String, _ value: String) -> String { views.catalogs.label(group, value, lang) }
    func number(_ n: Int) -> String { views.formatting.number(n, lang) }
    func when(_ date: Date) -> String { views.formatting.dateTime(date, lang) }
    func money(_ m: Money) -> String { m.formatted(language: lang.rawValue, toman: toman) }
    func percent(_ p: Double) -> String { number(Int((p * 100).rounded())) + (lang == .fa ? "٪" : "%") }
}

extension PageText {
    /// Digits of a date or number typed or stored in Latin digits, in the reader's digits.
    func digits(_ text: String) -> String { lang == .fa ? PersianText.persianDigits(text) : text }

    /// A stored phone (E.164) as its reader dials it: national form for Iranian numbers, in the
    /// reader's digits; what does not parse, as stored.
    func phone(_ stored: String) -> String {
        (try? PhoneNumber(parsing: stored)).map { $0.formatted(language: lang.rawValue) } ?? stored
    }

    /// The `tel:` link of a stored phone: always its E.164 form.
    func phoneLink(_ stored: String) -> String {
        "tel:" + ((try? PhoneNumber(parsing: stored))?.e164 ?? stored.filter { $0.isNumber || $0 == "+" })
    }

    /// The reader's calendar: Jalali months in fa, Gregorian in en, in the organisation's time zone.
    var calendar: Calendar {
        var c = Calendar(identifier: lang == .fa ? .persian : .gregorian)
        c.timeZone = views.formatting.timeZone
        return c
    }

    /// A month and its year in the reader's calendar and digits ("مهر ۱۴۰۵", "October 2026").
    func monthName(_ date: Date) -> String {
        let f = DateFormatter()
        f.calendar = calendar
        f.timeZone = calendar.timeZone
        f.locale = Locale(identifier: lang == .fa ? "fa_IR" : "en_US_POSIX")
        f.dateFormat = "MMMM y"
        let text = f.string(from: date)
        return lang == .fa ? PersianText.persianDigits(text) : text
    }
}
