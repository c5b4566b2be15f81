import Foundation
import PeyvandCore
import SQLKit

/// Staff accounts. Passwords are kept only as bcrypt hashes.
public struct UserRepository: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public static let minimumPasswordLength = 10

    /// Adds an account. With `principal` (an administrator, or the command line), the creation is
    /// audited under the `user` entity in the same transaction.
    public func create(email rawEmail: String, name rawName: String, role: Role, password: String, language: Language = .fa,
                       by principal: Principal? = nil) async throws -> User {
        var issues: [FieldIssue] = []
        var email: EmailAddress?
        do { email = try EmailAddress(parsing: rawEmail) } catch { issues += error.issues }
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { issues.append(FieldIssue(field: "name", reason: "is required", code: "required")) }
        if name.count > 100 { issues.append(FieldIssue(field: "name", reason: "must be at most 100 characters", code: "text.tooLong", params: ["max": "100"])) }
        issues += Self.passwordIssues(password)
        guard let email, issues.isEmpty else { throw StoreError.invalid(ValidationError(issues)) }
        let hash = try await Secrets.hashPassword(password)
        let now = Clock.nowMillis()
        let id = try await database.transaction { db in
            if try await db.raw("SELECT id FROM users WHERE email_key = \(bind: email.key)").first() != nil {
                throw StoreError.invalid(ValidationError(field: "email", reason: "a user with this email already exists", code: "user.emailTaken"))
            }
            let row = try await db.raw("""
                INSERT INTO users (email, email_key, name, role, password_hash, language, active, created_at)
                VALUES (\(bind: email.value), \(bind: email.key), \(bind: name), \(bind: role.rawValue), \(bind: hash),
                        \(bind: language.rawValue), \(bind: true), \(bind: now))
                RETURNING id
                """).first()
            let id = try row?.decode(column: "id", as: Int64.self) ?? 0
            if let principal {
                try await AuditLog.record(db, entity: UserLifecycle.auditEntity, entityId: id, by: principal, action: "create",
                                          field: "role", after: role.rawValue, at: now)
            }
            return id
        }
        return try await find(id: id)!
    }

    public func find(id: Int64) async throws -> User? {
        try await database.sql.raw("SELECT \(unsafeRaw: Self.columns) FROM users WHERE id = \(bind: id)").first().map(Self.user)
    }

    public func find(email: String) async throws -> User? {
        let key = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return try await database.sql.raw("SELECT \(unsafeRaw: Self.columns) FROM users WHERE email_key = \(bind: key)").first().map(Self.user)
    }

    /// The user if the email and password match an active account; nil otherwise (no hint which was wrong).
    public func authenticate(email: String, password: String) async throws -> User? {
        let key = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let row = try await database.sql.raw("SELECT \(unsafeRaw: Self.columns), password_hash FROM users WHERE email_key = \(bind: key)").first() else {
            _ = try await Secrets.verifyPassword(password, hash: Self.decoyHash)  // same time whether or not the account exists
            return nil
        }
        let user = try Self.user(row)
        let hash = try row.decode(column: "password_hash", as: String.self)
        guard try await Secrets.verifyPassword(password, hash: hash), user.active else { return nil }
        return user
    }

    public func list(after: Int64? = nil, limit: Int = 100) async throws -> Page<User> {
        let limit = max(1, min(limit, Page<User>.maxLimit))
        let rows = try await database.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM users WHERE id > \(bind: after ?? 0) ORDER BY id LIMIT \(bind: limit + 1)
            """).all()
        let users = try rows.prefix(limit).map(Self.user)
        return Page(items: users, next: rows.count > limit ? users.last.map { Cursor.encode($0.id) } : nil)
    }

    public func setLanguage(_ language: Language, userId: Int64) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE users SET language = \(bind: language.rawValue) WHERE id = \(bind: userId)").run()
        }
    }

    public func setPassword(_ password: String, userId: Int64) async throws {
        let issues = Self.passwordIssues(password)
        guard issues.isEmpty else { throw StoreError.invalid(ValidationError(issues)) }
        let hash = try await Secrets.hashPassword(password)
        try await database.transaction { db in
            try await db.raw("UPDATE users SET password_hash = \(bind: hash) WHERE id = \(bind: userId)").run()
        }
    }

    /// What is wrong with a new password, if anything: at least `minimumPasswordLength`
    /// characters and at most 72 bytes (bcrypt reads no further).
    public static func passwordIssues(_ password: String, field: String = "password") -> [FieldIssue] {
        var issues: [FieldIssue] = []
        if password.count < minimumPasswordLength {
            issues.append(FieldIssue(field: field, reason: "must be at least \(minimumPasswordLength) characters", code: "password.tooShort", params: ["min": "\(minimumPasswordLength)"]))
        }
        if password.utf8.count > 72 { issues.append(FieldIssue(field: field, reason: "must be at most 72 bytes", code: "password.tooLong", params: ["max": "72"])) }
        return issues
    }

    public func count() async throws -> Int {
        try await database.sql.raw("SELECT COUNT(*) AS n FROM users").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    static let columns = "id, email, name, role, language, active, created_at"
    static let decoyHash = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5q8bK0Yd8l1mQb9pGqkM7x1pXo1Zy2e"

    static func user(_ row: any SQLRow) throws -> User {
        User(
            id: try row.decode(column: "id", as: Int64.self),
            email: try row.decode(column: "email", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .partner,
            language: Language(rawValue: try row.decode(column: "language", as: String.self)) ?? .fa,
            active: try row.decode(column: "active", as: Bool.self),
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self))
        )
    }
}
