import Foundation
import PeyvandCore
import SQLKit

/// A user's ways in: browser sessions and API tokens, listed without their secrets, ended by
/// administrators; and one's own password, changed with the current one.
extension UserLifecycle {
    /// Ends every browser session of the user and, with `tokens`, revokes every API token of theirs.
    /// Returns how many of each ended.
    @discardableResult
    public func signOut(_ id: Int64, tokens: Bool, by principal: Principal) async throws -> (sessions: Int, tokens: Int) {
        try principal.require(.usersManage, to: "manage users")
        let now = Clock.nowMillis()
        let ended = try await database.transaction { db in
            _ = try await Self.member(db, id)
            let ended = try await Self.endAccess(db, userId: id, tokens: tokens, at: now)
            try await AuditLog.record(db, entity: Self.auditEntity, entityId: id, by: principal, action: "sign-out",
                                      field: tokens ? "sessions,tokens" : "sessions", after: "\(ended.sessions),\(ended.tokens)", at: now)
            return ended
        }
        forgetCaches()
        return ended
    }

    /// Lifts the sign-in back-off and lock on the user's account, from every address (audited).
    public func unlockSignIn(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.usersManage, to: "manage users")
        let member = try await self.member(id, by: principal)
        try await LoginThrottle(database).unlock(email: member.user.email)
        let now = Clock.nowMillis()
        try await database.transaction { db in
            try await AuditLog.record(db, entity: Self.auditEntity, entityId: id, by: principal, action: "unlock", field: "sign-in", at: now)
        }
    }

    /// Seconds until the user's account may be tried again from anywhere, when it is locked as a whole.
    public func signInLockedFor(_ id: Int64, by principal: Principal) async throws -> Int? {
        let member = try await self.member(id, by: principal)
        return try await LoginThrottle(database).lockedFor(email: member.user.email)
    }

    /// The user's current browser sessions, newest first.
    public func sessions(of id: Int64, by principal: Principal) async throws -> [SessionInfo] {
        _ = try await member(id, by: principal)
        return try await database.sql.raw("""
            SELECT created_at, last_seen_at, expires_at FROM sessions
            WHERE user_id = \(bind: id) AND expires_at > \(bind: Clock.nowMillis()) ORDER BY created_at DESC LIMIT 500
            """).all().map { row in
            let created = try row.decode(column: "created_at", as: Int64.self)
            return SessionInfo(
                createdAt: Clock.date(created),
                lastSeenAt: Clock.date(try row.decode(column: "last_seen_at", as: Int64?.self) ?? created),
                expiresAt: Clock.date(try row.decode(column: "expires_at", as: Int64.self))
            )
        }
    }

    /// The user's API tokens (active and revoked), newest first.
    public func tokens(of id: Int64, by principal: Principal) async throws -> [APIToken] {
        _ = try await member(id, by: principal)
        return try await tokenRepository.list(userId: id)
    }

    /// Revokes one of the user's API tokens; someone else's token id is not found.
    public func revokeToken(_ tokenId: Int64, of id: Int64, by principal: Principal) async throws {
        try principal.require(.usersManage, to: "manage users")
        let now = Clock.nowMillis()
        try await database.transaction { db in
            _ = try await Self.member(db, id)
            guard let row = try await db.raw("""
                SELECT name, revoked_at FROM api_tokens WHERE id = \(bind: tokenId) AND user_id = \(bind: id)
                """).first() else { throw StoreError.notFound(entity: "token", id: String(tokenId)) }
            guard try row.decode(column: "revoked_at", as: Int64?.self) == nil else { return }
            try await db.raw("UPDATE api_tokens SET revoked_at = \(bind: now) WHERE id = \(bind: tokenId)").run()
            try await AuditLog.record(db, entity: Self.auditEntity, entityId: id, by: principal, action: "revoke-token",
                                      field: "token", before: try row.decode(column: "name", as: String.self), at: now)
        }
        forgetCaches()
    }

    /// Changes one's own password. The current password must be given; every other session of the
    /// user ends (the one in `keepSession`, if any, stays) and pending reset links stop working.
    public func changeOwnPassword(current: String, new password: String, by principal: Principal, keepSession secret: String? = nil) async throws {
        let stored = try await database.sql.raw("SELECT password_hash FROM users WHERE id = \(bind: principal.userId)").first()
        guard let hash = try stored?.decode(column: "password_hash", as: String.self) else {
            throw StoreError.notFound(entity: "user", id: String(principal.userId))
        }
        var issues: [FieldIssue] = []
        let matches = try await Secrets.verifyPassword(current, hash: hash)
        if !matches {
            issues.append(FieldIssue(field: "currentPassword", reason: "is not your current password", code: "password.current"))
        }
        issues += UserRepository.passwordIssues(password, field: "newPassword")
        guard issues.isEmpty else { throw StoreError.invalid(ValidationError(issues)) }
        let newHash = try await Secrets.hashPassword(password)
        let keep = secret.map(Secrets.digest) ?? ""
        let now = Clock.nowMillis()
        try await database.transaction { db in
            try await Self.setPasswordHash(db, newHash, userId: principal.userId, keepSession: keep, at: now)
            try await AuditLog.record(db, entity: Self.auditEntity, entityId: principal.userId, by: principal,
                                      action: "password-change", field: "password", at: now)
        }
        forgetCaches()
    }

    /// Stores a new password hash, ends the user's sessions but `keep`, and uses up pending reset links.
    static func setPasswordHash(_ db: any SQLDatabase, _ hash: String, userId: Int64, keepSession keep: String, at now: Int64) async throws {
        try await db.raw("UPDATE users SET password_hash = \(bind: hash) WHERE id = \(bind: userId)").run()
        try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: userId) AND token_hash <> \(bind: keep)").run()
        try await db.raw("UPDATE password_resets SET used_at = \(bind: now) WHERE user_id = \(bind: userId) AND used_at IS NULL").run()
    }

    /// Ends a user's sessions (and, with `tokens`, revokes their tokens and pending reset links)
    /// inside the caller's transaction.
    @discardableResult
    static func endAccess(_ db: any SQLDatabase, userId: Int64, tokens: Bool, at now: Int64) async throws -> (sessions: Int, tokens: Int) {
        let sessions = try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: userId) RETURNING user_id").all().count
        guard tokens else { return (sessions, 0) }
        let revoked = try await db.raw("""
            UPDATE api_tokens SET revoked_at = \(bind: now) WHERE user_id = \(bind: userId) AND revoked_at IS NULL RETURNING id
            """).all().count
        try await db.raw("UPDATE password_resets SET used_at = \(bind: now) WHERE user_id = \(bind: userId) AND used_at IS NULL").run()
        return (sessions, revoked)
    }
}
