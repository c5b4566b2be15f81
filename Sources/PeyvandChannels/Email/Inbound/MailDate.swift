import Foundation

/// RFC 5322 `Date:` values: `Sun, 06 Dec 2026 17:02:15 +0330`, with the day name optional,
/// seconds optional, two-digit years and the obsolete zone names (`GMT`, `UT`, `EST`…) read as
/// RFC 5322 §4.3 says, and a trailing comment (`(IRST)`) ignored.
enum MailDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let zones: [String: Int] = ["ut": 0, "utc": 0, "gmt": 0, "z": 0, "edt": -4 * 60, "est": -5 * 60, "cdt": -5 * 60,
                                       "cst": -6 * 60, "mdt": -6 * 60, "mst": -7 * 60, "pdt": -7 * 60, "pst": -8 * 60]

    static func parse(_ text: String?) -> Date? {
        guard var text = text?.lowercased() else { return nil }
        if let comment = text.firstIndex(of: "(") { text = String(text[..<comment]) }
        if let comma = text.firstIndex(of: ",") { text = String(text[text.index(after: comma)...]) }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count >= 4, let day = Int(words[0]), (1...31).contains(day),
              let month = months.firstIndex(of: String(words[1].prefix(3))), var year = Int(words[2]) else { return nil }
        if words[2].count <= 2 { year += year < 50 ? 2000 : 1900 } else if words[2].count == 3 { year += 1900 }
        let time = words[3].split(separator: ":")
        guard time.count >= 2, let hour = Int(time[0]), let minute = Int(time[1]), (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        let second = time.count > 2 ? Int(time[2]) ?? 0 : 0
        guard (0...60).contains(second), (1900...9999).contains(year) else { return nil }
        var offsetMinutes = 0
        if words.count > 4 {
            let zone = words[4]
            if let sign = zone.first, sign == "+" || sign == "-", zone.count == 5, let hhmm = Int(zone.dropFirst()) {
                offsetMinutes = (hhmm / 100 * 60 + hhmm % 100) * (sign == "-" ? -1 : 1)
            } else {
                offsetMinutes = zones[String(zone)] ?? 0
            }
        }
        let days = daysFromCivil(year: year, month: month + 1, day: day)
        let seconds = ((days * 24 + hour) * 60 + minute) * 60 + min(second, 59) - offsetMinutes * 60
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
