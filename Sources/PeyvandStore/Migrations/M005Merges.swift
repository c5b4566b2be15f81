import SQLKit

extension Migration {
    /// Duplicate detection and merging: a name key per customer in `customer_keys` (kind `name`,
    /// computed for existing rows), the customer a merged one went into, and each merge with what
    /// it moved, so it can be undone.
    static let m005Merges = Migration(5, "merges", backfill: { db in
        var after: Int64 = 0
        while true {
            let rows = try await db.raw("SELECT id, name FROM customers WHERE id > \(bind: after) ORDER BY id LIMIT 1000").all()
            guard let last = rows.last else { break }
            for row in rows {
                let id = try row.decode(column: "id", as: Int64.self)
                let key = CustomerKeys.nameKey(try row.decode(column: "name", as: String.self))
                if !key.isEmpty {
                    try await db.raw("INSERT INTO customer_keys (customer_id, kind, key) VALUES (\(bind: id), 'name', \(bind: key))").run()
                }
            }
            after = try last.decode(column: "id", as: Int64.self)
        }
    }) { d in
        [
            "ALTER TABLE customers ADD COLUMN merged_into \(d.bigint) REFERENCES customers(id)",
            """
            CREATE TABLE merges (
              id \(d.primaryKey),
              target_id \(d.bigint) NOT NULL REFERENCES customers(id),
              source_id \(d.bigint) NOT NULL REFERENCES customers(id),
              target_before TEXT NOT NULL,
              moved TEXT NOT NULL,
              merged_by \(d.bigint),
              merged_at \(d.bigint) NOT NULL,
              undone_at \(d.bigint))
            """,
            "CREATE INDEX merges_target ON merges (target_id, id)",
            "CREATE INDEX merges_source ON merges (source_id, id)",
        ]
    }
}
