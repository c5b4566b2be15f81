import Foundation
import Logging
import SQLKit

/// Applies the pending migrations, each in its own transaction, and records them.
/// Safe when several instances start at once: PostgreSQL takes an advisory lock, SQLite's
/// `BEGIN IMMEDIATE` serialises writers, and each step re-checks that it is still pending.
public struct Migrator: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// Returns the ids applied by this call (empty when the schema was already current).
    @discardableResult
    public func migrate(_ migrations: [Migration] = Migration.all) async throws -> [Int] {
        let d = database.dialect
        let ddl: String = """
            CREATE TABLE IF NOT EXISTS schema_migrations (
              id \(d.bigint) PRIMARY KEY, name TEXT NOT NULL, applied_at \(d.bigint) NOT NULL)
            """
        try await database.sql.raw(SQLQueryString(ddl)).run()
        var applied: [Int] = []
        for migration in migrations.sorted(by: { $0.id < $1.id }) {
            let done = try await database.transaction { db in
                if d == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(7301)").run() }
                let existing = try await db.raw("SELECT id FROM schema_migrations WHERE id = \(bind: migration.id)").first()
                if existing != nil { return false }
                for statement in migration.statements(d) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await migration.backfill?(db)
                try await db.raw("""
                    INSERT INTO schema_migrations (id, name, applied_at)
                    VALUES (\(bind: migration.id), \(bind: migration.name), \(bind: Clock.nowMillis()))
                    """).run()
                return true
            }
            if done {
                database.logger.info("applied migration \(migration.id) \(migration.name)")
                applied.append(migration.id)
            }
        }
        return applied
    }

    /// The ids recorded as applied.
    public func appliedIDs() async throws -> [Int] {
        try await database.sql.raw("SELECT id FROM schema_migrations ORDER BY id").all()
            .map { try $0.decode(column: "id", as: Int.self) }
    }
}
