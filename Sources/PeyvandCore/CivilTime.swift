import Foundation

/// A moment broken into Gregorian date and clock time at a fixed offset from UTC, by arithmetic
/// (Hinnant's days-from-civil algorithm) rather than a `Calendar` or a date formatter: it is
/// exact, thread-safe, and cheap enough to run for every row of a page or an export.
public struct CivilTime: Sendable, Hashable {
    public let year: Int, month: Int, day: Int
    public let hour: Int, minute: Int, second: Int, millisecond: Int

    public init(_ date: Date, offsetSeconds: Int = 0) {
        let millis = Int((date.timeIntervalSince1970 * 1000).rounded(.down)) + offsetSeconds * 1000
        let days = Int((Double(millis) / 86_400_000).rounded(.down))
        let msOfDay = millis - days * 86_400_000
        hour = msOfDay / 3_600_000
        minute = msOfDay / 60_000 % 60
        second = msOfDay / 1000 % 60
        millisecond = msOfDay % 1000
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// `2026-11-23T10:05:00.123Z` for a UTC moment (RFC 3339, as the API writes instants).
    public static func rfc3339(_ date: Date) -> String {
        let t = CivilTime(date)
        return "\(pad(t.year, 4))-\(pad(t.month))-\(pad(t.day))T\(pad(t.hour)):\(pad(t.minute)):\(pad(t.second)).\(pad(t.millisecond, 3))Z"
    }

    /// `2026-11-23` and `14:05` in this moment's zone.
    public var dateString: String { "\(Self.pad(year, 4))-\(Self.pad(month))-\(Self.pad(day))" }
    public var timeString: String { "\(Self.pad(hour)):\(Self.pad(minute))" }

    static func pad(_ n: Int, _ width: Int = 2) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
