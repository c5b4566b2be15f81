import Foundation

/// Instants are stored as whole milliseconds since 1970-01-01 UTC on both dialects.
enum Clock {
    static func nowMillis() -> Int64 { millis(Date()) }
    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
}
