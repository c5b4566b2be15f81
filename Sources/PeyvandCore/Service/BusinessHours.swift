/// When a team is at work: for each day of the week, the open intervals in minutes of the local
/// day (`480..<1020` is 08:00–17:00), at a fixed offset from UTC. SLA clocks run only inside
/// these hours (see ``SLAClock``).
///
/// The offset is fixed rather than a time-zone name because the clock does arithmetic on every
/// ticket of a list: Asia/Tehran has kept +03:30 all year since Iran stopped daylight saving in
/// 2022, and a team elsewhere sets its own offset.
///
/// Rules, checked by every initialiser and by decoding: each interval lies in 0...1440 with its
/// start before its end, a day's intervals do not overlap (touching is fine: 08:00–12:00 and
/// 12:00–17:00), a day has at most ``maxIntervalsPerDay``, and the offset is within ±14 hours.
/// A schedule with no open hours at all is valid (a team on leave); ``SLAClock`` then has no
/// deadline to give.
///
/// Stored per team as JSON: `{"offsetSeconds": 12600, "days": {"sat": [[480, 1020]], …}}`, closed
/// days left out.
public struct BusinessHours: Sendable, Hashable {
    /// A day of the week, numbered as ``JalaliDate/weekday``: the Iranian week starts on Saturday.
    public enum Day: Int, CaseIterable, Sendable, Hashable, Codable, Comparable {
        case saturday = 0, sunday, monday, tuesday, wednesday, thursday, friday

        /// `sat`, `sun`, … `fri`: the day in the text form and in JSON.
        public var code: String { Self.codes[rawValue] }

        /// The day from its three-letter code, any case.
        public init?(code: String) {
            guard let index = Self.codes.firstIndex(of: code.lowercased()) else { return nil }
            self.init(rawValue: index)
        }

        /// The weekday of a civil day (days since 1970-01-01, a Thursday).
        public init(civilDay: Int) {
            let w = (civilDay + 5) % 7
            self = Day(rawValue: w < 0 ? w + 7 : w) ?? .saturday
        }

        public static func < (lhs: Day, rhs: Day) -> Bool { lhs.rawValue < rhs.rawValue }

        static let codes = ["sat", "sun", "mon", "tue", "wed", "thu", "fri"]
    }

    /// More intervals than this in a day is a typing mistake, not a schedule.
    public static let maxIntervalsPerDay = 8
    public static let minutesPerDay = 1440
    /// ±14 hours, the widest offset in use anywhere.
    public static let offsetRange: ClosedRange<Int> = -50_400...50_400
    /// Asia/Tehran, +03:30.
    public static let tehranOffsetSeconds = 12_600

    /// Indexed by ``Day/rawValue``; each day's intervals sorted by start.
    public let week: [[Range<Int>]]
    /// Seconds east of UTC that the minutes of the day are counted in.
    public let offsetSeconds: Int

    /// Validates `days` (a day left out is closed). Intervals may be given in any order; they
    /// are kept sorted.
    public init(_ days: [Day: [Range<Int>]], offsetSeconds: Int = BusinessHours.tehranOffsetSeconds) throws(ValidationError) {
        try self.init(pairs: Day.allCases.map { day in (days[day] ?? []).map { ($0.lowerBound, $0.upperBound) } },
                      offsetSeconds: offsetSeconds)
    }

    /// Validates seven lists of (start, end) minute pairs, Saturday first: the form a parser or a
    /// decoder has before it knows the pairs are ranges at all.
    init(pairs: [[(Int, Int)]], offsetSeconds: Int) throws(ValidationError) {
        var issues: [FieldIssue] = []
        if pairs.count != 7 {
            issues.append(FieldIssue(field: "hours", reason: "must give the seven days of the week", code: "hours.week"))
        }
        if !Self.offsetRange.contains(offsetSeconds) {
            issues.append(FieldIssue(field: "offsetSeconds", reason: "must be within 14 hours of UTC", code: "hours.offset",
                                     params: ["min": String(Self.offsetRange.lowerBound), "max": String(Self.offsetRange.upperBound)]))
        }
        var week: [[Range<Int>]] = []
        for (index, list) in pairs.prefix(7).enumerated() {
            let day = Day(rawValue: index) ?? .saturday
            let field = "hours." + day.code
            if list.count > Self.maxIntervalsPerDay {
                issues.append(FieldIssue(field: field, reason: "at most \(Self.maxIntervalsPerDay) intervals a day", code: "hours.tooMany",
                                         params: ["day": day.code, "max": String(Self.maxIntervalsPerDay)]))
                week.append([])
                continue
            }
            var ranges: [Range<Int>] = []
            for (start, end) in list {
                let params = ["day": day.code, "start": String(start), "end": String(end)]
                guard (0...Self.minutesPerDay).contains(start), (0...Self.minutesPerDay).contains(end) else {
                    issues.append(FieldIssue(field: field, reason: "times must be within the day, 00:00 to 24:00", code: "hours.bounds", params: params))
                    continue
                }
                guard start < end else {
                    issues.append(FieldIssue(field: field, reason: "an interval must end after it starts", code: "hours.order", params: params))
                    continue
                }
                ranges.append(start..<end)
            }
            ranges.sort { $0.lowerBound < $1.lowerBound }
            for (a, b) in zip(ranges, ranges.dropFirst()) where b.lowerBound < a.upperBound {
                issues.append(FieldIssue(field: field, reason: "intervals must not overlap", code: "hours.overlap",
                                         params: ["day": day.code, "first": Self.clock(a.lowerBound) + "-" + Self.clock(a.upperBound),
                                                  "second": Self.clock(b.lowerBound) + "-" + Self.clock(b.upperBound)]))
            }
            week.append(ranges)
        }
        if !issues.isEmpty { throw ValidationError(issues) }
        self.week = week
        self.offsetSeconds = offsetSeconds
    }

    /// Iran's usual office week: Saturday to Wednesday 08:00–17:00, Thursday 08:00–13:00, Friday
    /// closed, at +03:30.
    public static let iranDefault: BusinessHours = {
        let full = [480..<1020], half = [480..<780]
        let days: [Day: [Range<Int>]] = [.saturday: full, .sunday: full, .monday: full, .tuesday: full, .wednesday: full, .thursday: half]
        // Valid by construction; the fallback is never taken.
        return (try? BusinessHours(days)) ?? BusinessHours(unchecked: Day.allCases.map { days[$0] ?? [] }, offsetSeconds: tehranOffsetSeconds)
    }()

    private init(unchecked week: [[Range<Int>]], offsetSeconds: Int) {
        self.week = week
        self.offsetSeconds = offsetSeconds
    }

    /// The open intervals of `day`, sorted.
    public func intervals(on day: Day) -> [Range<Int>] { week[day.rawValue] }

    /// Open minutes on `day`.
    public func openMinutes(on day: Day) -> Int { week[day.rawValue].reduce(0) { $0 + $1.count } }

    /// Open minutes in a whole week: 5 × 540 + 300 = 3,000 for ``iranDefault``.
    public var openMinutesPerWeek: Int { Day.allCases.reduce(0) { $0 + openMinutes(on: $1) } }

    /// No open minute in the whole week.
    public var isNeverOpen: Bool { week.allSatisfy(\.isEmpty) }

    /// `"08:00"` for 480, `"24:00"` for 1440.
    static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }
}
