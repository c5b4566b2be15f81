import Foundation

/// Writes iCalendar (RFC 5545) documents: CRLF line ends, content lines folded at 75 octets
/// without splitting a UTF-8 sequence, TEXT values escaped (`\` `;` `,` and line breaks), every
/// instant in UTC (so no VTIMEZONE is needed).
public enum ICalendarWriter {
    /// A whole VCALENDAR with `events`, named `name` in calendar apps, which are asked to read it
    /// again every `refreshMinutes`.
    public static func calendar(name: String, events: [ICalendarEvent], refreshMinutes: Int = 30) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Peyvand//CRM//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape(name), "X-WR-TIMEZONE:UTC",
            "REFRESH-INTERVAL;VALUE=DURATION:PT\(max(5, refreshMinutes))M", "X-PUBLISHED-TTL:PT\(max(5, refreshMinutes))M",
        ]
        for event in events { lines += self.lines(of: event) }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined()
    }

    /// The content lines of one VEVENT, unfolded.
    static func lines(of e: ICalendarEvent) -> [String] {
        var out = ["BEGIN:VEVENT", "UID:" + escape(e.uid), "DTSTAMP:" + utc(e.stamp)]
        switch e.when {
        case .timed(let start, let end):
            out += ["DTSTART:" + utc(start), "DTEND:" + utc(end)]
        case .allDay(let y, let m, let d):
            let next = nextDay(y, m, d)
            out += ["DTSTART;VALUE=DATE:" + date(y, m, d), "DTEND;VALUE=DATE:" + date(next.0, next.1, next.2)]
        }
        out.append("SUMMARY:" + escape(e.summary))
        if let location = e.location, !location.isEmpty { out.append("LOCATION:" + escape(location)) }
        if let description = e.description, !description.isEmpty { out.append("DESCRIPTION:" + escape(description)) }
        if let url = e.url { out.append("URL:" + url.filter { !$0.isNewline }) }
        out.append("STATUS:" + e.status.rawValue)
        out.append("SEQUENCE:\(max(0, e.sequence))")
        if let o = e.organizer, let email = o.email { out.append("ORGANIZER;CN=" + parameter(o.name) + ":mailto:" + email.filter { !$0.isNewline }) }
        for a in e.attendees {
            guard let email = a.email else { continue }
            out.append("ATTENDEE;CN=" + parameter(a.name) + ";ROLE=REQ-PARTICIPANT:mailto:" + email.filter { !$0.isNewline })
        }
        out.append("END:VEVENT")
        return out
    }

    /// A TEXT value: backslash, semicolon and comma escaped, line breaks as `\n`.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var previousCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousCR { out += "\\n" }
            default:
                // Other control characters are not allowed in a content line.
                if scalar.value < 0x20 || scalar.value == 0x7F { if scalar == "\t" { out.unicodeScalars.append(scalar) } } else { out.unicodeScalars.append(scalar) }
            }
            previousCR = scalar == "\r"
        }
        return out
    }

    /// A parameter value (a name in `CN=`): quoted, without the characters a quoted value cannot hold.
    static func parameter(_ text: String) -> String {
        "\"" + String(text.unicodeScalars.filter { $0 != "\"" && $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init)) + "\""
    }

    /// One content line folded: at most 75 octets a line, continuation lines starting with a
    /// space, never splitting a character's UTF-8 bytes; ends with CRLF.
    public static func fold(_ line: String) -> String {
        var out = ""
        var width = 0
        for scalar in line.unicodeScalars {
            let size = UTF8.width(scalar)
            if width + size > 75 {
                out += "\r\n "
                width = 1
            }
            out.unicodeScalars.append(scalar)
            width += size
        }
        return out + "\r\n"
    }

    /// `20261123T103000Z`.
    public static func utc(_ date: Date) -> String {
        let seconds = Int((date.timeIntervalSince1970).rounded(.down))
        let days = Int((Double(seconds) / 86400).rounded(.down))
        let civil = civilFromDays(days)
        let s = seconds - days * 86400
        return date4(civil.0, civil.1, civil.2) + "T" + pad(s / 3600) + pad(s / 60 % 60) + pad(s % 60) + "Z"
    }

    static func date(_ y: Int, _ m: Int, _ d: Int) -> String { date4(y, m, d) }
    static func date4(_ y: Int, _ m: Int, _ d: Int) -> String {
        let year = String(y)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + pad(m) + pad(d)
    }
    static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    static func nextDay(_ y: Int, _ m: Int, _ d: Int) -> (Int, Int, Int) { civilFromDays(daysFromCivil(y, m, d) + 1) }

    /// Hinnant's days-from-civil and its inverse (proleptic Gregorian, days since 1970-01-01).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
