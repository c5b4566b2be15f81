import Foundation

extension JalaliDate {
    public enum Style: Sendable {
        /// `۱۴۰۵/۰۹/۰۲`
        case numeric
        /// `۲ آذر ۱۴۰۵`
        case long
    }

    public enum Digits: Sendable {
        case persian
        case latin
    }

    /// فروردین … اسفند, index 0 = month 1.
    public static let monthNames: [String] = [
        "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
        "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
    ]

    /// شنبه … جمعه, indexed by ``weekday``.
    public static let weekdayNames: [String] = [
        "شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه",
    ]

    /// English transliterations of the month names, index 0 = month 1.
    public static let englishMonthNames: [String] = [
        "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
        "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
    ]

    /// `.numeric` → `"۱۴۰۵/۰۹/۰۲"`; `.long` → `"۲ آذر ۱۴۰۵"`.
    public func formatted(_ style: Style = .numeric, digits: Digits = .persian) -> String {
        let text: String
        switch style {
        case .numeric:
            text = JalaliDate.pad(year, 4) + "/" + JalaliDate.pad(month, 2) + "/" + JalaliDate.pad(day, 2)
        case .long:
            text = "\(day) \(JalaliDate.monthNames[month - 1]) \(year)"
        }
        return digits == .persian ? PersianText.persianDigits(text) : text
    }

    /// Parses `year/month/day` with `/`, `-` or `.` separators, ASCII,
    /// Persian or Arabic-Indic digits, a four-digit year and optional leading
    /// zeros in month and day:
    /// `"1405/09/02"`, `"1405-9-2"`, `"۱۴۰۵/۹/۲"`. Throws with field `"date"`.
    public static func parse(_ s: String) throws(ValidationError) -> JalaliDate {
        let text = PersianText.latinDigits(s).trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = text.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "-" || $0 == "." }
        guard !text.isEmpty else { throw ValidationError(field: "date", reason: "empty", code: "required") }
        guard parts.count == 3,
              parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
              parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else {
            throw ValidationError(field: "date", reason: "expected a Jalali date like 1405/09/02", code: "date.invalid")
        }
        return try JalaliDate(year: year, month: month, day: day)
    }
}
