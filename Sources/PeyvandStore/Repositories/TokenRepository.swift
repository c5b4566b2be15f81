import Foundation
import PeyvandCore
import SQLKit

/// An API token as listed (the secret itself is shown once, at creation, and never stored).
public struct APIToken: Sendable, Hashable {
    public let id: Int64
    public let userId: Int64
    public let name: String
    public let createdAt: Date
    public let lastUsedAt: Date?
    public let revokedAt: Date?
}

/// Bearer tokens for the API, stored as SHA-256 digests.
public struct TokenRepository: Sendable {
    let database: Database
    let cache = ShortCache<User>()

    public init(_ database: Database) {
        self.database = database
    }

    /// Issues a token; returns the record and the secret to show once.
    public func create(userId: Int64, name: String) async throws -> (token: APIToken, secret: String) {
        let label = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !label.isEmpty, label.count <= 100 else {
            throw StoreError.invalid(ValidationError(field: "name", reason: "must be 1 to 100 characters", code: "text.length", params: ["max": "100"]))
        }
        let secret = Secrets.token(prefix: "pvd_")
        let now = Clock.nowMillis()
        let id = try await database.transaction { db in
            try await db.raw("""
                INSERT INTO api_tokens (user_id, name, token_hash, created_at)
                VALUES (\(bind: userId), \(bind: label), \(bind: Secrets.digest(secret)), \(bind: now)) RETURNING id
                """).first()?.decode(column: "id", as: Int64.self) ?? 0
        }
        return (APIToken(id: id, userId: userId, name: label, createdAt: Clock.date(now), lastUsedAt: nil, revokedAt: nil), secret)
    }

    /// The active user a presented secret belongs to, or nil.
    public func authenticate(_ secret: String) async throws -> User? {
        guard secret.hasPrefix("pvd_"), secret.count < 100 else { return nil }
        let digest = Secrets.digest(secret)
        if let user = cache.get(digest) { return user }
        guard let row = try await database.sql.raw("""
            SELECT t.id AS token_id, t.last_used_at, u.id, u.email, u.name, u.role, u.language, u.active, u.created_at
            FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(bind: digest) AND t.revoked_at IS NULL
            """).first() else { return nil }
        let user = try UserRepository.user(row)
        guard user.active else { return nil }
        // Record use at most once a minute, and only when no other writer is busy: a stamp that
        // is skipped or fails never fails the request.
        let now = Clock.nowMillis()
        let lastUsed = try row.decode(column: "last_used_at", as: Int64?.self) ?? 0
        if now - lastUsed > 60_000 {
            let tokenId = try row.decode(column: "token_id", as: Int64.self)
            await database.bestEffortWrite { db in
                try await db.raw("UPDATE api_tokens SET last_used_at = \(bind: now) WHERE id = \(bind: tokenId)").run()
            }
        }
        cache.set(digest, user)
        return user
    }

    public func list(userId: Int64) async throws -> [APIToken] {
        try await database.sql.raw("""
            SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens
            WHERE user_id = \(bind: userId) ORDER BY id DESC LIMIT 500
            """).all().map { row in
            APIToken(
                id: try row.decode(column: "id", as: Int64.self),
                userId: try row.decode(column: "user_id", as: Int64.self),
                name: try row.decode(column: "name", as: String.self),
                createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
                lastUsedAt: try row.decode(column: "last_used_at", as: Int64?.self).map(Clock.date),
                revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Clock.date)
            )
        }
    }

    /// Forgets every cached token on this instance (after tokens were revoked or their user
    /// changed). Other instances see the change within the cache's lifetime.
    func forgetAll() {
        cache.removeAll()
    }

    /// Revokes one of the user's tokens. Unknown (or someone else's) ids are not found.
    public func revoke(id: Int64, userId: Int64) async throws {
        let row = try await database.sql.raw("SELECT revoked_at FROM api_tokens WHERE id = \(bind: id) AND user_id = \(bind: userId)").first()
        guard let row else { throw StoreError.notFound(entity: "token", id: String(id)) }
        if try row.decode(column: "revoked_at", as: Int64?.self) == nil {
            let now = Clock.nowMillis()
            try await database.transaction { db in try await db.raw("UPDATE api_tokens SET revoked_at = \(bind: now) WHERE id = \(bind: id)").run() }
        }
        cache.removeAll()
    }
}
