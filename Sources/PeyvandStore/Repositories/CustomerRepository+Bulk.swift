import Foundation
import PeyvandCore
import SQLKit

extension CustomerRepository {
    /// Stores many already-validated customers in one transaction (demo data, imports): each
    /// row with its lookup keys and a `create` audit row. All or nothing.
    public func insertBatch(_ batch: [(fields: CustomerFields, createdAt: Date)], by principal: Principal) async throws -> [Int64] {
        try await database.transaction { db in try await Self.insertRows(db, batch, by: principal) }
    }

    /// Many customers inside the caller's transaction: one statement per customer row, then their
    /// keys, search entries and audit rows a few hundred to a statement.
    static func insertRows(_ db: any SQLDatabase, _ batch: [(fields: CustomerFields, createdAt: Date)], by principal: Principal) async throws -> [Int64] {
        let ids = try await reserveIDs(db, count: batch.count)
        var rows: [[any Encodable & Sendable]] = []
        rows.reserveCapacity(batch.count)
        var searchKeys: [String] = []
        searchKeys.reserveCapacity(batch.count)
        for (id, item) in zip(ids, batch) {
            let at = Clock.millis(item.createdAt)
            let values = Self.values(item.fields)
            searchKeys.append(values[16] as? String ?? item.fields.searchKey)
            rows.append([id] + values + [Int64(1), principal.userId, at, at])
        }
        try await db.insertMany("""
            customers (id, kind, name, given_name, family_name, phones, emails, city, stage, owner_id, tags,
              custom_fields, preferred_channel, consent_email, consent_sms, consent_phone, consent_letter, search_key,
              organisation_id, job_title, version, created_by, created_at, updated_at)
            """, rows)
        var keys: [[any Encodable & Sendable]] = []
        var search: [[any Encodable & Sendable]] = []
        var audit: [[any Encodable & Sendable]] = []
        for ((id, item), searchKey) in zip(zip(ids, batch), searchKeys) {
            for key in CustomerKeys.all(item.fields) { keys.append([id, key[0], key[1]]) }
            search.append([id, searchKey])
            audit.append(["customer", id, Clock.millis(item.createdAt), principal.userId, principal.name, "create", item.fields.name])
        }
        try await db.insertMany("customer_keys (customer_id, kind, key)", keys)
        try await DuplicatePairs.refresh(db, ids)
        if db.storeDialect == .sqlite { try await db.insertMany("customer_fts (rowid, search_key)", search) }
        try await db.insertMany("audit_log (entity, entity_id, at, actor_id, actor_name, action, after_value)", audit)
        return ids
    }

    /// New customer ids for `count` rows, taken inside the caller's write transaction: on SQLite
    /// above every id ever used (the write lock keeps others out until commit), on PostgreSQL
    /// from the column's sequence.
    static func reserveIDs(_ db: any SQLDatabase, count: Int, table: String = "customers") async throws -> [Int64] {
        guard count > 0 else { return [] }
        if db.storeDialect == .sqlite {
            let row = try await db.raw("""
                SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = \(bind: table)), 0),
                           COALESCE((SELECT MAX(id) FROM \(ident: table)), 0)) AS top
                """).first()
            let top = try row?.decode(column: "top", as: Int64.self) ?? 0
            return (1...Int64(count)).map { top + $0 }
        }
        return try await db.raw("""
            SELECT nextval(pg_get_serial_sequence(\(bind: table), 'id')) AS id FROM generate_series(1, \(bind: count))
            """).all().map { try $0.decode(column: "id", as: Int64.self) }
    }

    /// One customer row, its keys, search entry and audit row, inside the caller's transaction.
    static func insertRow(_ db: any SQLDatabase, _ fields: CustomerFields, createdAt: Date, by principal: Principal) async throws -> Int64 {
        try await insertRows(db, [(fields, createdAt)], by: principal)[0]
    }

    /// Replaces a customer's fields inside the caller's transaction, with one audit row per changed field.
    static func updateRow(_ db: any SQLDatabase, old: Customer, _ fields: CustomerFields, by principal: Principal) async throws {
        let changes = fields.changes(from: old.fields)
        if changes.isEmpty { return }
        let now = Clock.nowMillis()
        let v = Self.values(fields)
        try await db.raw("""
            UPDATE customers SET kind = \(bind: v[0]), name = \(bind: v[1]), given_name = \(bind: v[2]),
              family_name = \(bind: v[3]), phones = \(bind: v[4]), emails = \(bind: v[5]), city = \(bind: v[6]),
              stage = \(bind: v[7]), owner_id = \(bind: v[8]), tags = \(bind: v[9]), custom_fields = \(bind: v[10]),
              preferred_channel = \(bind: v[11]), consent_email = \(bind: v[12]), consent_sms = \(bind: v[13]),
              consent_phone = \(bind: v[14]), consent_letter = \(bind: v[15]), search_key = \(bind: v[16]),
              organisation_id = \(bind: v[17]), job_title = \(bind: v[18]),
              version = version + 1, updated_at = \(bind: now)
            WHERE id = \(bind: old.id) AND version = \(bind: old.version)
            """).run()
        try await db.raw("DELETE FROM customer_keys WHERE customer_id = \(bind: old.id)").run()
        try await Self.writeKeys(db, id: old.id, fields: fields)
        try await DuplicatePairs.refresh(db, [old.id])
        try await SearchIndex.update(db, id: old.id, key: fields.searchKey, isNew: false)
        for change in changes {
            try await AuditLog.record(db, entity: "customer", entityId: old.id, by: principal, action: "update",
                                      field: change.field, before: change.before, after: change.after, at: now)
        }
    }
}
