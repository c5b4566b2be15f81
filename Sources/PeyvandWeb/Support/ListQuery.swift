import Foundation
import Hummingbird
import PeyvandStore

/// The one reader of what every list takes in its query string: `limit` (1–500, default 50).
/// Instants and days in queries and bodies are read here too, the same way everywhere.
enum ListQuery {
    static func limit(_ request: Request) throws -> Int {
        guard let raw = FormData.query(request).get("limit") else { return 50 }
        guard let limit = Int(raw), (1...Page<Int>.maxLimit).contains(limit) else {
            throw Problem.badRequest("limit must be a whole number from 1 to \(Page<Int>.maxLimit)", field: "limit")
        }
        return limit
    }

    /// The `after` cursor of a list, read by `decode`: nil when there is none, 400 when the text
    /// is not a cursor this list made.
    static func after<Cursor>(_ request: Request, _ decode: (String) -> Cursor?) throws -> Cursor? {
        guard let raw = FormData.query(request).get("after"), !raw.isEmpty else { return nil }
        guard let cursor = decode(raw) else { throw Problem.badRequest("after is not a cursor from this list", field: "after") }
        return cursor
    }

    static func parseInstant(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = formatter.date(from: text) { return d }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    static func parseDay(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = .gmt
        return formatter.date(from: text)
    }
}
