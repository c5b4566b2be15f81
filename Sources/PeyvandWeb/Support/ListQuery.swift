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
