import Foundation
import PeyvandCore

/// Numbers in analysis input and output.
enum NumberText {
    /// Parses a decimal number: optional sign, digits with `.` as the decimal
    /// point (the Persian separator `٫` also works), optional exponent.
    /// ASCII, Persian and Arabic-Indic digits. No thousands separators, no
    /// `inf`/`nan`/hex; the result is finite. `nil` if not such a number.
    static func parse(_ text: String) -> Double? {
        var s = PersianText.latinDigits(text).trimmingCharacters(in: .whitespaces)
        s = s.replacingOccurrences(of: "\u{066B}", with: ".").replacingOccurrences(of: "\u{2212}", with: "-")
        var bytes = Array(s.utf8)[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        var digits = 0, dots = 0
        while let b = bytes.first, (0x30...0x39).contains(b) || b == UInt8(ascii: ".") {
            if b == UInt8(ascii: ".") { dots += 1 } else { digits += 1 }
            bytes = bytes.dropFirst()
        }
        guard digits > 0, dots <= 1 else { return nil }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard !bytes.isEmpty, bytes.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            bytes = bytes[bytes.endIndex...]
        }
        guard bytes.isEmpty, let x = Double(s), x.isFinite else { return nil }
        return x
    }

    /// A finite number for a CSV cell: whole numbers without a fraction,
    /// others in fixed notation with 10 significant digits (trailing zeros
    /// dropped; at most 24 decimals). Never exponent notation, which spreadsheets may treat as a
    /// formula after a minus sign.
    static func format(_ x: Double) -> String {
        if x == 0 { return "0" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        let magnitude = Int(log10(abs(x)).rounded(.down))
        let decimals = min(max(9 - magnitude, 0), 24)
        var text = String(format: "%.\(decimals)f", x)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// Parses a binary outcome: `1`/`0`, `true`/`false`, `yes`/`no`, `y`/`n`
    /// (any case, Persian digits), Persian `بله`/`خیر`.
    static func parseBool(_ text: String) -> Bool? {
        let s = PersianText.latinDigits(text).trimmingCharacters(in: .whitespaces).lowercased()
        switch s {
        case "1", "1.0", "true", "t", "yes", "y", "بله", "بلی", "آری": return true
        case "0", "0.0", "false", "f", "no", "n", "خیر", "نه": return false
        default: return nil
        }
    }
}

/// Which calendar the dates of a file are in.
enum CalendarMode: String {
    /// `2024-03-20`, `2024/03/20`, `2024-03-20T10:00:00Z`.
    case gregorian
    /// `1403/01/01`, `۱۴۰۳/۰۱/۰۱`.
    case jalali
    /// Years below 1700 are Jalali, others Gregorian.
    case auto

    /// Parses a calendar date to a day number (days since 1970-01-01). A time
    /// after `T` or a space is checked for shape and ignored: the day is the
    /// calendar date as written, whatever the time zone suffix.
    /// Returns the failure reason on error.
    func day(_ text: String) -> Result<Int, DateProblem> {
        let latin = PersianText.latinDigits(text).trimmingCharacters(in: .whitespaces)
        guard !latin.isEmpty else { return .failure(.init(reason: "empty date")) }
        var datePart = Substring(latin)
        if let cut = latin.firstIndex(where: { $0 == "T" || $0 == " " }) {
            datePart = latin[..<cut]
            let time = latin[latin.index(after: cut)...].trimmingCharacters(in: .whitespaces)
            let allowed = Set("0123456789:.+-Z")
            guard !time.isEmpty, time.first!.isNumber, time.allSatisfy({ allowed.contains($0) }) else {
                return .failure(.init(reason: "cannot read '\(text)' as a date (expected e.g. \(example))"))
            }
        }
        let parts = datePart.split(separator: "/", omittingEmptySubsequences: false).count == 3
            ? datePart.split(separator: "/", omittingEmptySubsequences: false)
            : datePart.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "." })
        guard parts.count == 3,
              parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }),
              parts[0].count == 4, parts[1].count <= 2, parts[2].count <= 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let dayOfMonth = Int(parts[2])
        else {
            return .failure(.init(reason: "cannot read '\(text)' as a date (expected e.g. \(example))"))
        }
        let looksJalali = year < 1700
        switch self {
        case .gregorian where looksJalali:
            return .failure(.init(reason: "'\(text)' looks like a Jalali date; pass --calendar jalali (or --calendar auto)"))
        case .jalali where !looksJalali:
            return .failure(.init(reason: "'\(text)' looks like a Gregorian date; pass --calendar gregorian (or --calendar auto)"))
        default: break
        }
        if looksJalali {
            do throws(ValidationError) {
                return .success(try JalaliDate(year: year, month: month, day: dayOfMonth).daysSinceUnixEpoch)
            } catch {
                let why = error.issues.first?.reason ?? "invalid date"
                return .failure(.init(reason: "'\(text)' is not a valid Jalali date: \(why)"))
            }
        }
        guard (1...12).contains(month), (1...31).contains(dayOfMonth) else {
            return .failure(.init(reason: "'\(text)' is not a valid Gregorian date: month must be 1–12 and day 1–31"))
        }
        let jalali = JalaliDate(gregorianYear: year, month: month, day: dayOfMonth)
        guard jalali.gregorian == (year, month, dayOfMonth) else {
            return .failure(.init(reason: "'\(text)' is not a valid Gregorian date: month \(month) of \(year) has no day \(dayOfMonth)"))
        }
        return .success(jalali.daysSinceUnixEpoch)
    }

    private var example: String {
        switch self {
        case .gregorian: return "2024-03-20"
        case .jalali: return "1403/01/01"
        case .auto: return "2024-03-20 or 1403/01/01"
        }
    }

    struct DateProblem: Error, Equatable {
        var reason: String
    }
}

/// Day numbers (days since 1970-01-01) shown in both calendars.
enum DayText {
    static func gregorian(_ day: Int) -> String {
        let g = JalaliDate(daysSinceUnixEpoch: day).gregorian
        return pad(g.year, 4) + "-" + pad(g.month, 2) + "-" + pad(g.day, 2)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value.magnitude)
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
    }

    static func jalali(_ day: Int) -> String {
        JalaliDate(daysSinceUnixEpoch: day).description
    }

    /// `{"gregorian": "2024-03-20", "jalali": "1403-01-01"}`.
    static func json(_ day: Int) -> AnalysisJSON {
        .object(["gregorian": .string(gregorian(day)), "jalali": .string(jalali(day))])
    }

    /// The day in the calendar the user chose (Gregorian for auto).
    static func text(_ day: Int, _ mode: CalendarMode) -> String {
        mode == .jalali ? jalali(day) : gregorian(day)
    }
}
