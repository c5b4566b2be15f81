import Foundation
import SQLKit

/// Limits password guessing: after `perAccount` failures for one email, or `perAddress` from one
/// client address, within `window`, further attempts are refused until the window passes.
/// Kept in the database so every instance enforces the same limit.
public struct LoginThrottle: Sendable {
    let database: Database
    public var perAccount = 5
    public var perAddress = 30
    public var window: Int64 = 15 * 60 * 1000

    public init(_ database: Database) {
        self.database = database
    }

    /// Seconds to wait before trying again, or nil when an attempt is allowed.
    public func retryAfter(email: String, ip: String) async throws -> Int? {
        let key = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let since = Clock.nowMillis() - window
        let byAccount = try await database.sql.raw("""
            SELECT COUNT(*) AS n, MIN(at) AS first FROM login_failures WHERE email_key = \(bind: key) AND at > \(bind: since)
            """).first()
        let byAddress = try await database.sql.raw("""
            SELECT COUNT(*) AS n, MIN(at) AS first FROM login_failures WHERE ip = \(bind: ip) AND at > \(bind: since)
            """).first()
        for (row, limit) in [(byAccount, perAccount), (byAddress, perAddress)] {
            guard let row, try row.decode(column: "n", as: Int.self) >= limit,
                  let first = try row.decode(column: "first", as: Int64?.self) else { continue }
            return max(1, Int((first + window - Clock.nowMillis()) / 1000))
        }
        return nil
    }

    public func recordFailure(email: String, ip: String) async throws {
        let key = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let now = Clock.nowMillis()
        try await database.sql.raw("INSERT INTO login_failures (email_key, ip, at) VALUES (\(bind: String(key.prefix(254))), \(bind: ip), \(bind: now))").run()
        try await database.sql.raw("DELETE FROM login_failures WHERE at < \(bind: now - window)").run()
    }

    public func recordSuccess(email: String) async throws {
        let key = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        try await database.sql.raw("DELETE FROM login_failures WHERE email_key = \(bind: key)").run()
    }
}
