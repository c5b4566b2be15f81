import Foundation
import PeyvandCore
import SQLKit

/// The life cycle of staff accounts: administrators change roles, names and languages,
/// deactivate and reactivate accounts. Deactivating ends every session and revokes every API
/// token of the user. Every change and its audit rows (entity `user`) are one transaction.
///
/// Build it with the same `SessionRepository` and `TokenRepository` the authentication uses:
/// their in-process caches then forget ended sessions and tokens at once. Other instances see
/// the change within the caches' lifetime (10 seconds).
public struct UserLifecycle: Sendable {
    let database: Database
    let sessionRepository: SessionRepository
    let tokenRepository: TokenRepository

    /// The audit log's entity kind for staff accounts.
    public static let auditEntity = "user"

    /// Who acts from `peyvand user …`: an administrator without an account, audited by this name.
    public static let commandLine = Principal(userId: 0, name: "command line", role: .administrator)

    /// Why a change to an account was refused (answered as a conflict, 409).
    public enum Refusal: String, Sendable, CaseIterable {
        case deactivateSelf = "an administrator cannot deactivate their own account"
        case lastAdministrator = "the last active administrator cannot be deactivated or given another role"
        case inactive = "the user is deactivated; reactivate them first"
        case resetLinkUsed = "this password reset link has expired or was already used"
    }

    public init(_ database: Database, sessions: SessionRepository, tokens: TokenRepository) {
        self.database = database
        self.sessionRepository = sessions
        self.tokenRepository = tokens
    }

    public init(_ database: Database) {
        self.init(database, sessions: SessionRepository(database), tokens: TokenRepository(database))
    }

    public func member(_ id: Int64, by principal: Principal) async throws -> StaffMember {
        try principal.require(.usersManage, to: "manage users")
        return try await Self.member(database.sql, id)
    }

    public func list(after: Int64? = nil, limit: Int = 100, by principal: Principal) async throws -> Page<StaffMember> {
        try principal.require(.usersManage, to: "manage users")
        let limit = max(1, min(limit, Page<StaffMember>.maxLimit))
        let rows = try await database.sql.raw("""
            SELECT \(unsafeRaw: StaffMember.columns) FROM users WHERE id > \(bind: after ?? 0) ORDER BY id LIMIT \(bind: limit + 1)
            """).all()
        let members = try rows.prefix(limit).map(StaffMember.read)
        return Page(items: members, next: rows.count > limit ? members.last.map { Cursor.encode($0.user.id) } : nil)
    }

    /// What was done to the account, newest first: who, when, what changed.
    public func history(of id: Int64, by principal: Principal, limit: Int = 50) async throws -> [AuditEntry] {
        _ = try await member(id, by: principal)
        return try await AuditLog.entries(database.sql, entity: Self.auditEntity, entityId: id, limit: max(1, min(limit, 500)), before: nil)
    }

    @discardableResult
    public func deactivate(_ id: Int64, by principal: Principal) async throws -> StaffMember {
        try await update(id, UserChanges(active: false), by: principal)
    }

    @discardableResult
    public func reactivate(_ id: Int64, by principal: Principal) async throws -> StaffMember {
        try await update(id, UserChanges(active: true), by: principal)
    }

    @discardableResult
    public func setRole(_ id: Int64, _ role: Role, by principal: Principal) async throws -> StaffMember {
        try await update(id, UserChanges(role: role), by: principal)
    }

    /// Applies `changes`, refusing to deactivate oneself or to leave no active administrator.
    @discardableResult
    public func update(_ id: Int64, _ changes: UserChanges, by principal: Principal) async throws -> StaffMember {
        try principal.require(.usersManage, to: "manage users")
        let name = changes.name?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let name, name.isEmpty || name.count > 100 {
            throw StoreError.invalid(ValidationError(field: "name", reason: "must be 1 to 100 characters", code: "text.length", params: ["max": "100"]))
        }
        let dialect = database.dialect
        let now = Clock.nowMillis()
        let member = try await database.transaction { db in
            // Two administrators demoting each other at once must not both succeed.
            if dialect == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(7302)").run() }
            let before = try await Self.member(db, id).user
            var after = before
            after.role = changes.role ?? before.role
            after.active = changes.active ?? before.active
            after.name = name ?? before.name
            after.language = changes.language ?? before.language
            if before.active, !after.active, id == principal.userId { throw StoreError.conflict(Refusal.deactivateSelf.rawValue) }
            let manages = Set(Role.managingUsers)
            if before.active, manages.contains(before.role), !(after.active && manages.contains(after.role)),
               try await Self.otherActiveManagers(db, excluding: id) == 0 {
                throw StoreError.conflict(Refusal.lastAdministrator.rawValue)
            }
            var deactivatedAt: Int64? = nil
            if !after.active { deactivatedAt = before.active ? now : try await Self.deactivatedAt(db, id) }
            try await db.raw("""
                UPDATE users SET role = \(bind: after.role.rawValue), active = \(bind: after.active), name = \(bind: after.name),
                  language = \(bind: after.language.rawValue), deactivated_at = \(bind: deactivatedAt)
                WHERE id = \(bind: id)
                """).run()
            try await Self.auditChanges(db, before: before, after: after, by: principal, at: now)
            if before.active, !after.active {
                try await Self.endAccess(db, userId: id, tokens: true, at: now)
            }
            return try await Self.member(db, id)
        }
        forgetCaches()
        return member
    }

    /// Every instance's next request re-reads sessions and tokens (this one's at once).
    func forgetCaches() {
        sessionRepository.forgetAll()
        tokenRepository.forgetAll()
    }

    static func member(_ db: any SQLDatabase, _ id: Int64) async throws -> StaffMember {
        guard let row = try await db.raw("SELECT \(unsafeRaw: StaffMember.columns) FROM users WHERE id = \(bind: id)").first() else {
            throw StoreError.notFound(entity: "user", id: String(id))
        }
        return try StaffMember.read(row)
    }

    private static func otherActiveManagers(_ db: any SQLDatabase, excluding id: Int64) async throws -> Int {
        let roles: [any Encodable & Sendable] = Role.managingUsers.map(\.rawValue)
        return try await db.raw("""
            SELECT COUNT(*) AS n FROM users WHERE active = \(bind: true) AND id <> \(bind: id) AND role IN (\(binds: roles))
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    private static func deactivatedAt(_ db: any SQLDatabase, _ id: Int64) async throws -> Int64? {
        try await db.raw("SELECT deactivated_at FROM users WHERE id = \(bind: id)").first()?.decode(column: "deactivated_at", as: Int64?.self)
    }

    private static func auditChanges(_ db: any SQLDatabase, before: User, after: User, by principal: Principal, at now: Int64) async throws {
        let fields: [(String, String, String)] = [
            ("role", before.role.rawValue, after.role.rawValue),
            ("name", before.name, after.name),
            ("language", before.language.rawValue, after.language.rawValue),
        ]
        for (field, old, new) in fields where old != new {
            try await AuditLog.record(db, entity: auditEntity, entityId: before.id, by: principal, action: "update",
                                      field: field, before: old, after: new, at: now)
        }
        if before.active != after.active {
            try await AuditLog.record(db, entity: auditEntity, entityId: before.id, by: principal,
                                      action: after.active ? "reactivate" : "deactivate", field: "active",
                                      before: String(before.active), after: String(after.active), at: now)
        }
    }
}
