import Foundation
import PeyvandCore
import SQLKit

/// A signed-in browser: its user and the CSRF token its forms must carry.
public struct WebSession: Sendable {
    public let user: User
    public let csrf: String
}

/// Browser sessions, in the database so any instance can serve any request.
public struct SessionRepository: Sendable {
    let database: Database
    let cache = ShortCache<WebSession>()
    public static let lifetime: Int64 = 12 * 3600 * 1000

    public init(_ database: Database) {
        self.database = database
    }

    /// Starts a session; returns the cookie secret and the CSRF token.
    public func create(userId: Int64) async throws -> (secret: String, csrf: String) {
        let secret = Secrets.token(prefix: "s_")
        let csrf = Secrets.token(prefix: "")
        let now = Clock.nowMillis()
        try await database.transaction { db in
            try await db.raw("DELETE FROM sessions WHERE expires_at < \(bind: now)").run()
            try await db.raw("""
                INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at, last_seen_at)
                VALUES (\(bind: Secrets.digest(secret)), \(bind: userId), \(bind: csrf), \(bind: now), \(bind: now + Self.lifetime), \(bind: now))
                """).run()
            try await db.raw("UPDATE users SET last_sign_in_at = \(bind: now) WHERE id = \(bind: userId)").run()
        }
        return (secret, csrf)
    }

    public func find(_ secret: String) async throws -> WebSession? {
        guard secret.hasPrefix("s_"), secret.count < 100 else { return nil }
        let digest = Secrets.digest(secret)
        if let session = cache.get(digest) { return session }
        guard let row = try await database.sql.raw("""
            SELECT s.csrf, s.created_at AS session_created, s.last_seen_at, u.id, u.email, u.name, u.role, u.language, u.active, u.created_at
            FROM sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = \(bind: Secrets.digest(secret)) AND s.expires_at > \(bind: Clock.nowMillis())
            """).first() else { return nil }
        let user = try UserRepository.user(row)
        guard user.active else { return nil }
        let session = WebSession(user: user, csrf: try row.decode(column: "csrf", as: String.self))
        let lastSeen = try row.decode(column: "last_seen_at", as: Int64?.self) ?? row.decode(column: "session_created", as: Int64.self)
        touch(digest, lastSeen: lastSeen)
        cache.set(digest, session)
        return session
    }

    /// How stale `last_seen_at` may get before a request refreshes it.
    public static let lastSeenPrecision: Int64 = 5 * 60 * 1000

    /// Records that a session was used, at most once per `lastSeenPrecision`, in the background
    /// and best-effort: the request never waits for it (an import may hold SQLite's write lock)
    /// and never fails because of it.
    private func touch(_ digest: String, lastSeen: Int64) {
        let now = Clock.nowMillis()
        guard now - lastSeen >= Self.lastSeenPrecision else { return }
        let database = self.database
        Task {
            await database.bestEffortWrite { db in
                try await db.raw("UPDATE sessions SET last_seen_at = \(bind: now) WHERE token_hash = \(bind: digest)").run()
            }
        }
    }

    /// Forgets every cached session on this instance (after a user's sessions were ended or
    /// their account changed). Other instances see the change within the cache's lifetime.
    func forgetAll() {
        cache.removeAll()
    }

    /// Drops what this instance remembers of a session (after its user changed), so the next
    /// request reads it afresh.
    public func forget(_ secret: String) {
        cache.remove(Secrets.digest(secret))
    }

    public func delete(_ secret: String) async throws {
        cache.remove(Secrets.digest(secret))
        let digest = Secrets.digest(secret)
        try await database.transaction { db in try await db.raw("DELETE FROM sessions WHERE token_hash = \(bind: digest)").run() }
    }
}
