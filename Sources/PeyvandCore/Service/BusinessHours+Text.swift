import Foundation

/// The one-line form a settings field and the CLI use: `sat-wed 08:00-17:00; thu 08:00-13:00`.
///
/// Groups are separated by `;` (or the Persian `؛`); each group names days — a code (`sat` … `fri`),
/// a run (`sat-wed`, which may wrap past Friday: `thu-sat`) or several of them separated by commas
/// — then one or more intervals `HH:MM-HH:MM` separated by commas or spaces (`24:00` ends a day;
/// `8-12` is read as 08:00–12:00). `fri closed` is accepted and adds nothing: a day not named is
/// closed. Persian and Arabic-Indic digits, `،`, en and em dashes, and spaces around dashes are
/// accepted. A day named twice gets the intervals of both groups, which must not overlap.
extension BusinessHours {
    /// The text form is a line, not a document.
    public static let maxTextLength = 500

    /// Reads the text form. Throws with field `hours` (`hours.syntax`, `hours.day`, `hours.time`)
    /// or any of the checks of ``init(_:offsetSeconds:)``.
    public init(text: String, offsetSeconds: Int = BusinessHours.tehranOffsetSeconds) throws(ValidationError) {
        guard text.count <= Self.maxTextLength else {
            throw ValidationError(field: "hours", reason: "must be at most \(Self.maxTextLength) characters", code: "text.tooLong",
                                  params: ["max": String(Self.maxTextLength)])
        }
        var normal = ""
        for ch in PersianText.latinDigits(text) {
            switch ch {
            case "؛": normal.append(";")
            case "،": normal.append(",")
            case "\u{2013}", "\u{2014}", "\u{2212}": normal.append("-")
            default: normal.append(ch)
            }
        }
        var pairs = Array(repeating: [(Int, Int)](), count: 7)
        for group in normal.split(separator: ";") {
            let tokens = Self.tokens(group)
            if tokens.isEmpty { continue }
            var days: [Day] = []
            var sawTime = false, sawClosed = false
            for token in tokens {
                if token.first?.isLetter == true {
                    if token.lowercased() == "closed" {
                        sawClosed = true
                        continue
                    }
                    guard !sawTime, !sawClosed else { throw Self.syntax(group) }
                    guard let named = Self.days(token) else {
                        throw ValidationError(field: "hours", reason: "unknown day '\(token.prefix(20))'; use sat, sun, mon, tue, wed, thu, fri",
                                              code: "hours.day", params: ["text": String(token.prefix(20))])
                    }
                    days += named
                } else {
                    guard !days.isEmpty, !sawClosed else { throw Self.syntax(group) }
                    guard let interval = Self.interval(token) else {
                        throw ValidationError(field: "hours", reason: "'\(token.prefix(20))' is not a time interval like 08:00-17:00",
                                              code: "hours.time", params: ["text": String(token.prefix(20))])
                    }
                    sawTime = true
                    for day in Set(days) { pairs[day.rawValue].append(interval) }
                }
            }
            guard !days.isEmpty, sawTime || sawClosed else { throw Self.syntax(group) }
        }
        try self.init(pairs: pairs, offsetSeconds: offsetSeconds)
    }

    /// The text form with Latin digits, days grouped: `sat-wed 08:00-17:00; thu 08:00-13:00`.
    /// Empty for a schedule that is never open. Reads back to an equal schedule.
    public var text: String { formatted() }

    /// The text form; with `.persian` digits the times read `۰۸:۰۰-۱۷:۰۰` (the day codes stay).
    public func formatted(digits: JalaliDate.Digits = .latin) -> String {
        // Days with the same intervals share one group, in the order their first day comes.
        var groups: [(intervals: [Range<Int>], days: [Day])] = []
        for day in Day.allCases where !week[day.rawValue].isEmpty {
            if let i = groups.firstIndex(where: { $0.intervals == week[day.rawValue] }) {
                groups[i].days.append(day)
            } else {
                groups.append((week[day.rawValue], [day]))
            }
        }
        let text = groups.map { group in
            Self.runs(group.days) + " " + group.intervals.map { Self.clock($0.lowerBound) + "-" + Self.clock($0.upperBound) }.joined(separator: ", ")
        }.joined(separator: "; ")
        return digits == .persian ? PersianText.persianDigits(text) : text
    }

    // MARK: Reading

    /// Words split at spaces and commas, with a dash and its neighbours glued back together, so
    /// `08:00 - 17:00` is one token.
    static func tokens(_ group: Substring) -> [String] {
        var out: [String] = []
        for word in group.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
            if let last = out.last, last.hasSuffix("-") || word.hasPrefix("-") {
                out[out.count - 1] = last + word
            } else {
                out.append(String(word))
            }
        }
        return out
    }

    /// `sat`, or a run `sat-wed` (wrapping past Friday).
    static func days(_ token: String) -> [Day]? {
        let parts = token.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first.flatMap({ Day(code: String($0)) }) else { return nil }
        if parts.count == 1 { return [first] }
        guard parts.count == 2, let last = Day(code: String(parts[1])) else { return nil }
        let length = (last.rawValue - first.rawValue + 7) % 7 + 1
        return (0..<length).compactMap { Day(rawValue: (first.rawValue + $0) % 7) }
    }

    /// `08:00-17:00` → (480, 1020); the range itself is checked later with the others.
    static func interval(_ token: String) -> (Int, Int)? {
        let parts = token.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = minutes(parts[0]), let end = minutes(parts[1]) else { return nil }
        return (start, end)
    }

    /// `8`, `08`, `8:30`, `24:00` → minutes after midnight.
    static func minutes(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
              parts.allSatisfy({ (1...2).contains($0.count) && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
              let hours = Int(parts[0]), hours <= 24 else { return nil }
        let mins = parts.count == 2 ? Int(parts[1]) ?? 60 : 0
        guard parts.count == 1 || parts[1].count == 2, mins < 60, hours * 60 + mins <= Self.minutesPerDay else { return nil }
        return hours * 60 + mins
    }

    static func syntax(_ group: Substring) -> ValidationError {
        let text = String(group.trimmingCharacters(in: .whitespaces).prefix(40))
        return ValidationError(field: "hours", reason: "'\(text)' should be days then times, like sat-wed 08:00-17:00",
                               code: "hours.syntax", params: ["text": text])
    }

    // MARK: Writing

    /// `sat-wed`, or `sat,mon-tue` for days that do not follow each other.
    static func runs(_ days: [Day]) -> String {
        var runs: [(Day, Day)] = []
        for day in days {
            if let last = runs.last, last.1.rawValue + 1 == day.rawValue {
                runs[runs.count - 1].1 = day
            } else {
                runs.append((day, day))
            }
        }
        return runs.map { $0.0 == $0.1 ? $0.0.code : $0.0.code + "-" + $0.1.code }.joined(separator: ",")
    }
}
