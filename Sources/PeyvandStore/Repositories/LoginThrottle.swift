import Foundation
import SQLKit

/// Limits password guessing without letting a guesser lock the real owner out.
///
/// Every attempt is counted *before* its password is checked, atomically in the database (one
/// upsert per counter inside one write transaction), so parallel guesses cannot all slip under
/// the limit and every instance over one database enforces the same limit. Three counters:
/// - the account and address pair: after `freePairFailures` failures each further attempt must
///   wait twice as long as the last (2 s, 4 s, … up to `window`): a guesser slows to a crawl,
///   while the owner, typing from their own address, is not affected by it;
/// - the address, over every account: `perAddress` failures within `window` lock that address
///   (looser, so an office behind one address is not locked out by one mistyped password);
/// - the account, over every address: `perAccount` failures within `window` (for guessing spread
///   over many addresses).
/// A successful sign-in clears its pair and account counters. Administrators can unlock an account.
public struct LoginThrottle: Sendable {
    let database: Database
    public var freePairFailures = 3
    public var perAddress = 100
    public var perAccount = 50
    public var window: Int64 = 15 * 60 * 1000
    /// The first wait, in milliseconds, once the free failures are used (then doubled each time).
    public var firstWait: Int64 = 2000

    public init(_ database: Database) {
        self.database = database
    }

    enum Scope: String, CaseIterable { case pair, address, account }

    static func accountKey(_ email: String) -> String {
        String(email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().prefix(254))
    }

    static func keys(email: String, ip: String) -> [(Scope, String)] {
        let account = accountKey(email)
        let address = String(ip.prefix(64))
        return [(.pair, account + "\n" + address), (.address, address), (.account, account)]
    }

    /// Counts one attempt to sign in as `email` from `ip`, before the password is checked.
    /// Returns nil when the attempt may go ahead (it is counted as a failure until
    /// ``succeeded(email:ip:)`` says otherwise), or the seconds to wait when it may not.
    public func begin(email: String, ip: String) async throws -> Int? {
        let keys = Self.keys(email: email, ip: ip)
        let now = Clock.nowMillis()
        let (window, freePairFailures, perAddress, perAccount, firstWait) = (window, freePairFailures, perAddress, perAccount, firstWait)
        let dialect = database.dialect
        return try await database.transaction { db in
            for (_, key) in keys {
                if let lock = dialect.keyLock("login:" + key) { _ = try await db.raw(lock).first() }
            }
            var wait: Int64 = 0
            for (scope, key) in keys {
                if let row = try await db.raw("""
                    SELECT locked_until FROM login_counters WHERE scope = \(bind: scope.rawValue) AND key = \(bind: key)
                    """).first() {
                    wait = max(wait, try row.decode(column: "locked_until", as: Int64.self) - now)
                }
            }
            if wait > 0 { return Int((wait + 999) / 1000) }
            for (scope, key) in keys {
                let row = try await db.raw("""
                    INSERT INTO login_counters (scope, key, failures, window_start, locked_until)
                    VALUES (\(bind: scope.rawValue), \(bind: key), 1, \(bind: now), 0)
                    ON CONFLICT (scope, key) DO UPDATE SET
                      failures = CASE WHEN login_counters.window_start < \(bind: now - window) THEN 1 ELSE login_counters.failures + 1 END,
                      window_start = CASE WHEN login_counters.window_start < \(bind: now - window) THEN \(bind: now) ELSE login_counters.window_start END
                    RETURNING failures
                    """).first()
                let failures = try row?.decode(column: "failures", as: Int.self) ?? 1
                let lock: Int64? = switch scope {
                case .pair where failures >= freePairFailures:
                    min(window, firstWait << Int64(min(20, failures - freePairFailures)))
                case .address where failures >= perAddress, .account where failures >= perAccount:
                    window
                default: nil
                }
                if let lock {
                    try await db.raw("""
                        UPDATE login_counters SET locked_until = \(bind: now + lock)
                        WHERE scope = \(bind: scope.rawValue) AND key = \(bind: key)
                        """).run()
                }
            }
            return nil
        }
    }

    /// The attempt begun for this pair had the right password: forget the pair's and the
    /// account's failures (the address keeps its count, so one good password does not reset a
    /// guesser working through many accounts).
    public func succeeded(email: String, ip: String) async throws {
        let keys = Self.keys(email: email, ip: ip).filter { $0.0 != .address }
        try await database.transaction { db in
            for (scope, key) in keys {
                try await db.raw("DELETE FROM login_counters WHERE scope = \(bind: scope.rawValue) AND key = \(bind: key)").run()
            }
        }
    }

    /// An administrator lifts every lock on an account (from any address).
    public func unlock(email: String) async throws {
        let account = Self.accountKey(email)
        let pairPrefix = account + "\n"
        try await database.transaction { db in
            try await db.raw("""
                DELETE FROM login_counters
                WHERE (scope = 'account' AND key = \(bind: account))
                   OR (scope = 'pair' AND substr(key, 1, CAST(\(bind: pairPrefix.unicodeScalars.count) AS INTEGER)) = \(bind: pairPrefix))
                """).run()
        }
    }

    /// An administrator lifts the lock on an address.
    public func unlock(address: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM login_counters WHERE scope = 'address' AND key = \(bind: String(address.prefix(64)))").run()
        }
    }

    /// Seconds until the account can be tried again from anywhere, if it is locked as a whole.
    public func lockedFor(email: String) async throws -> Int? {
        let row = try await database.sql.raw("""
            SELECT locked_until FROM login_counters WHERE scope = 'account' AND key = \(bind: Self.accountKey(email))
            """).first()
        let wait = try (row?.decode(column: "locked_until", as: Int64.self) ?? 0) - Clock.nowMillis()
        return wait > 0 ? Int((wait + 999) / 1000) : nil
    }
}
