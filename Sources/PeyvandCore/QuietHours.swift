import Foundation

/// When marketing messages are not sent: a nightly window (default 21:00–08:00) and whole days
/// (default Friday), in the organisation's time zone (default Asia/Tehran). Service messages
/// are not held.
public struct QuietHours: Sendable, Hashable, Codable {
    /// Minutes after midnight the window starts and ends; equal means no nightly window.
    public var start: Int
    public var end: Int
    /// Quiet days, 1 = Sunday … 7 = Saturday (the Gregorian calendar's numbering); Friday is 6.
    public var days: Set<Int>
    public var timeZone: String

    public init(start: Int = 21 * 60, end: Int = 8 * 60, days: Set<Int> = [6], timeZone: String = "Asia/Tehran") {
        (self.start, self.end, self.days, self.timeZone) = (start, end, days, timeZone)
    }

    /// Whether `minutes` after midnight falls in the nightly window.
    func inWindow(_ minutes: Int) -> Bool {
        if start == end { return false }
        return start < end ? (minutes >= start && minutes < end) : (minutes >= start || minutes < end)
    }

    /// The first moment at or after `date` that is not quiet.
    public func nextAllowed(after date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "Asia/Tehran")!
        var t = date
        // Every step moves to the start of a day or the end of a window: a week of quiet days and
        // windows is crossed in a bounded number of steps.
        for _ in 0..<32 {
            let c = calendar.dateComponents([.weekday, .hour, .minute], from: t)
            let dayStart = calendar.startOfDay(for: t)
            if days.contains(c.weekday ?? 0) {
                if days.count >= 7 { return t }
                t = calendar.date(byAdding: .day, value: 1, to: dayStart) ?? t.addingTimeInterval(86_400)
                continue
            }
            let minutes = (c.hour ?? 0) * 60 + (c.minute ?? 0)
            guard inWindow(minutes) else { return t }
            let endToday = calendar.date(byAdding: .minute, value: end, to: dayStart) ?? t
            t = end > minutes ? endToday : (calendar.date(byAdding: .day, value: 1, to: endToday) ?? t.addingTimeInterval(86_400))
        }
        return t
    }

    /// `"21:00"` for 1260.
    public static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + String(h) + ":" + (m < 10 ? "0" : "") + String(m)
    }

    /// Minutes after midnight from `"21:00"`, or nil.
    public static func minutes(_ text: String) -> Int? {
        let parts = PersianText.latinDigits(text).split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }
}
