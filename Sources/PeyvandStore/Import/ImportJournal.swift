import Foundation
import PeyvandCore
import SQLKit

/// What an import reports that its journal needs to know.
protocol ImportOutcome {
    var refused: Bool { get }
    var committed: Bool { get set }
}

/// Lets an import commit in chunks — so it never holds the write lock for long and other users
/// keep working — yet keep its promise of all rows or none.
///
/// Each chunk's transaction writes its rows *and* an undo record for them (`import_undo`: the
/// customers and orders it created, the earlier state of the customers it changed). When the
/// import ends well the journal is dropped in one short transaction; when it fails, or the
/// process is killed and a later start finds the run abandoned, the undo records are played
/// back, newest first, in chunks.
struct ImportJournal: Sendable {
    let database: Database
    let run: Int64

    /// A preview, then — unless it was only a preview, or bad rows refuse the file (checked by
    /// the preview unless bad rows are to be skipped) — the import in chunks, taken back whole if
    /// it fails. `pass` reads the whole input once in the given mode.
    static func run<Report: ImportOutcome>(_ database: Database, kind: String, dryRun: Bool, skipInvalid: Bool, by principal: Principal,
                                           _ pass: (CustomerImporter.Mode) async throws -> Report) async throws -> Report {
        if dryRun || !skipInvalid {
            let preview = try await pass(.preview(database))
            if dryRun || preview.refused { return preview }
        }
        try await recoverAbandoned(database)
        let journal = try await begin(database, kind: kind, by: principal)
        var report: Report
        do { report = try await pass(.write(database, journal)) } catch {
            try? await journal.undo(by: principal)
            throw error
        }
        if report.refused {
            try await journal.undo(by: principal)
            return report
        }
        try await journal.finish()
        report.committed = true
        return report
    }

    /// A run whose heartbeat is older than this was abandoned (its process is gone).
    static let abandonedAfter: Int64 = 5 * 60 * 1000

    static func begin(_ database: Database, kind: String, by principal: Principal) async throws -> ImportJournal {
        let now = Clock.nowMillis()
        let run = try await database.transaction { db in
            try await db.raw("""
                INSERT INTO import_runs (kind, user_id, state, started_at, heartbeat_at)
                VALUES (\(bind: kind), \(bind: principal.userId), 'running', \(bind: now), \(bind: now)) RETURNING id
                """).first()?.decode(column: "id", as: Int64.self) ?? 0
        }
        return ImportJournal(database: database, run: run)
    }

    /// Notes, inside a chunk's transaction, what the chunk created; and keeps the run alive.
    func created(_ db: any SQLDatabase, _ entity: String, _ ids: [Int64]) async throws {
        try await db.insertMany("import_undo (run_id, entity, entity_id, before_value)",
                                                ids.map { [run, entity, $0, String?.none] })
        try await db.raw("UPDATE import_runs SET heartbeat_at = \(bind: Clock.nowMillis()) WHERE id = \(bind: run)").run()
    }

    /// Notes, inside a chunk's transaction, a customer's fields before the import changed them.
    func changed(_ db: any SQLDatabase, customer: Customer) async throws {
        try await db.raw("""
            INSERT INTO import_undo (run_id, entity, entity_id, before_value)
            VALUES (\(bind: run), 'customer-update', \(bind: customer.id), \(bind: JSONText.encode(customer.fields)))
            """).run()
    }

    /// The import ended well: what it wrote stays.
    func finish() async throws {
        let run = self.run
        try await database.transaction { db in
            try await db.raw("DELETE FROM import_undo WHERE run_id = \(bind: run)").run()
            try await db.raw("UPDATE import_runs SET state = 'done', heartbeat_at = \(bind: Clock.nowMillis()) WHERE id = \(bind: run)").run()
        }
    }

    /// Takes back everything the run wrote, newest first, a chunk per transaction.
    func undo(by principal: Principal) async throws {
        let run = self.run
        while true {
            let rows = try await database.sql.raw("""
                SELECT id, entity, entity_id, before_value FROM import_undo WHERE run_id = \(bind: run) ORDER BY id DESC LIMIT 500
                """).all()
            guard !rows.isEmpty else { break }
            let entries = try rows.map { row in
                (id: try row.decode(column: "id", as: Int64.self), entity: try row.decode(column: "entity", as: String.self),
                 entityId: try row.decode(column: "entity_id", as: Int64.self), before: try row.decode(column: "before_value", as: String?.self))
            }
            try await database.transaction { db in
                for (entity, ids) in Self.runs(entries.map { ($0.entity, $0.entityId, $0.before) }) {
                    try await Self.reverse(db, entity: entity, ids, by: principal)
                }
                try await db.raw("DELETE FROM import_undo WHERE run_id = \(bind: run) AND id IN (\(binds: entries.map(\.id)))").run()
            }
        }
        try await database.transaction { db in
            try await db.raw("UPDATE import_runs SET state = 'undone', heartbeat_at = \(bind: Clock.nowMillis()) WHERE id = \(bind: run)").run()
        }
    }

    /// Consecutive entries of one entity kind, in the order given.
    static func runs(_ entries: [(String, Int64, String?)]) -> [(String, [(Int64, String?)])] {
        var result: [(String, [(Int64, String?)])] = []
        for (entity, id, before) in entries {
            if result.last?.0 == entity { result[result.count - 1].1.append((id, before)) } else { result.append((entity, [(id, before)])) }
        }
        return result
    }

    static func reverse(_ db: any SQLDatabase, entity: String, _ items: [(Int64, String?)], by principal: Principal) async throws {
        let ids = items.map(\.0)
        switch entity {
        case "customer":
            try await db.raw("DELETE FROM duplicate_pairs WHERE first_id IN (\(binds: ids)) OR second_id IN (\(binds: ids))").run()
            try await db.raw("DELETE FROM customer_keys WHERE customer_id IN (\(binds: ids))").run()
            if db.storeDialect == .sqlite { try await db.raw("DELETE FROM customer_fts WHERE rowid IN (\(binds: ids))").run() }
            try await db.raw("DELETE FROM audit_log WHERE entity = 'customer' AND entity_id IN (\(binds: ids))").run()
            try await db.raw("DELETE FROM customers WHERE id IN (\(binds: ids))").run()
        case "order":
            try await db.raw("DELETE FROM commerce_events WHERE order_id IN (\(binds: ids))").run()
            try await db.raw("DELETE FROM order_lines WHERE order_id IN (\(binds: ids))").run()
            try await db.raw("DELETE FROM orders WHERE id IN (\(binds: ids))").run()
        case "customer-update":
            for (id, before) in items {
                guard let before, let fields = JSONText.decode(CustomerFields.self, before) else { continue }
                let current = try await CustomerRepository.fetch(db, id)
                try await CustomerRepository.updateRow(db, old: current, fields, by: principal)
            }
        default:
            break
        }
    }

    /// Takes back runs whose process died mid-import (run at start-up and before each import).
    static func recoverAbandoned(_ database: Database) async throws {
        let stale = Clock.nowMillis() - abandonedAfter
        let rows = try await database.sql.raw("""
            SELECT r.id, r.user_id, u.name, u.role FROM import_runs r JOIN users u ON u.id = r.user_id
            WHERE r.state = 'running' AND r.heartbeat_at < \(bind: stale)
            """).all()
        for row in rows {
            let principal = Principal(userId: try row.decode(column: "user_id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                                      role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .administrator)
            try await ImportJournal(database: database, run: try row.decode(column: "id", as: Int64.self)).undo(by: principal)
        }
    }
}

extension Database {
    /// Takes back imports whose process died mid-way (`peyvand serve` runs this at start).
    public func recoverAbandonedImports() async throws {
        try await ImportJournal.recoverAbandoned(self)
    }
}
