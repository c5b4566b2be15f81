import SQLKit

extension Migration {
    /// Search keys hold compound names joined as well as apart ("محمد رضا" also as "محمدرضا"):
    /// every customer's key is computed again, and on SQLite the full-text index is rebuilt from
    /// the keys (PostgreSQL's index follows the column).
    static let m019CompoundNameSearch = Migration(19, "compound-name-search", backfill: { db in
        var after: Int64 = 0
        while true {
            let rows = try await db.raw("SELECT \(unsafeRaw: CustomerRepository.columns) FROM customers WHERE id > \(bind: after) ORDER BY id LIMIT 1000").all()
            guard !rows.isEmpty else { break }
            for row in rows {
                let customer = try CustomerRepository.customer(row)
                try await db.raw("UPDATE customers SET search_key = \(bind: customer.fields.searchKey) WHERE id = \(bind: customer.id)").run()
                after = customer.id
            }
        }
        guard db.storeDialect == .sqlite else { return }
        try await db.raw("INSERT INTO customer_fts (customer_fts) VALUES ('delete-all')").run()
        try await db.raw("INSERT INTO customer_fts (rowid, search_key) SELECT id, search_key FROM customers").run()
    }) { _ in [] }
}
