import Foundation
import PeyvandCore
import SQLKit

/// One-time password-reset links. An administrator issues one (`/password-reset/<secret>`, shown
/// to them once); only the secret's SHA-256 is stored, with an expiry. The person opening it
/// sets a new password, which ends all their sessions; the link then no longer works, nor does
/// any earlier link of theirs.
public struct PasswordResets: Sendable {
    let database: Database
    let sessions: SessionRepository

    public static let lifetime: Int64 = 24 * 3600 * 1000
    public static let pathPrefix = "/password-reset/"

    public init(_ database: Database, sessions: SessionRepository) {
        self.database = database
        self.sessions = sessions
    }

    public init(_ database: Database) {
        self.init(database, sessions: SessionRepository(database))
    }

    /// Issues a link for an active user; returns its path (with the secret) and when it expires.
    public func issue(for userId: Int64, by principal: Principal) async throws -> (path: String, expiresAt: Date) {
        try principal.require(.usersManage, to: "manage users")
        let secret = Secrets.token(prefix: "r_")
        let now = Clock.nowMillis()
        let expires = now + Self.lifetime
        try await database.transaction { db in
            guard try await UserLifecycle.member(db, userId).user.active else {
                throw StoreError.conflict(UserLifecycle.Refusal.inactive.rawValue)
            }
            try await db.raw("UPDATE password_resets SET used_at = \(bind: now) WHERE user_id = \(bind: userId) AND used_at IS NULL").run()
            try await db.raw("""
                INSERT INTO password_resets (user_id, token_hash, created_by, created_at, expires_at)
                VALUES (\(bind: userId), \(bind: Secrets.digest(secret)), \(bind: principal.userId), \(bind: now), \(bind: expires))
                """).run()
            try await AuditLog.record(db, entity: UserLifecycle.auditEntity, entityId: userId, by: principal, action: "password-reset",
                                      field: "password", after: "link expires \(CivilTime.rfc3339(Clock.date(expires)))", at: now)
        }
        return (Self.pathPrefix + secret, Clock.date(expires))
    }

    /// The user a link is for while it can still be used; nil for an unknown, used or expired link.
    public func pending(_ secret: String) async throws -> User? {
        guard secret.hasPrefix("r_"), secret.count < 100 else { return nil }
        guard let row = try await database.sql.raw("""
            SELECT u.id, u.email, u.name, u.role, u.language, u.active, u.created_at
            FROM password_resets r JOIN users u ON u.id = r.user_id
            WHERE r.token_hash = \(bind: Secrets.digest(secret)) AND r.used_at IS NULL AND r.expires_at > \(bind: Clock.nowMillis())
            """).first() else { return nil }
        let user = try UserRepository.user(row)
        return user.active ? user : nil
    }

    /// Sets the new password through a link, ends every session of the user and uses the link up.
    @discardableResult
    public func complete(_ secret: String, password: String) async throws -> User {
        let issues = UserRepository.passwordIssues(password)
        guard issues.isEmpty else { throw StoreError.invalid(ValidationError(issues)) }
        guard try await pending(secret) != nil else { throw StoreError.conflict(UserLifecycle.Refusal.resetLinkUsed.rawValue) }
        let hash = try await Secrets.hashPassword(password)
        let now = Clock.nowMillis()
        let user = try await database.transaction { db in
            // Used up in the same statement that checks it, so two submissions cannot both succeed.
            guard let row = try await db.raw("""
                UPDATE password_resets SET used_at = \(bind: now)
                WHERE token_hash = \(bind: Secrets.digest(secret)) AND used_at IS NULL AND expires_at > \(bind: now)
                RETURNING user_id
                """).first() else { throw StoreError.conflict(UserLifecycle.Refusal.resetLinkUsed.rawValue) }
            let user = try await UserLifecycle.member(db, try row.decode(column: "user_id", as: Int64.self)).user
            guard user.active else { throw StoreError.conflict(UserLifecycle.Refusal.resetLinkUsed.rawValue) }
            try await UserLifecycle.setPasswordHash(db, hash, userId: user.id, keepSession: "", at: now)
            try await AuditLog.record(db, entity: UserLifecycle.auditEntity, entityId: user.id, by: user.principal,
                                      action: "password-reset-used", field: "password", at: now)
            return user
        }
        sessions.forgetAll()
        return user
    }
}
