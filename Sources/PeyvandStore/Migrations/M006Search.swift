import SQLKit

extension Migration {
    /// Full-text search over customers: an FTS5 index on SQLite (contentless, keyed by customer
    /// id), a GIN index over `to_tsvector('simple', search_key)` on PostgreSQL. Existing rows get
    /// their search key recomputed and indexed.
    static let m006Search = Migration(6, "customer-search", backfill: { db in
        let sqlite = db.storeDialect == .sqlite
        var after: Int64 = 0
        while true {
            let rows = try await db.raw("SELECT \(unsafeRaw: CustomerRepository.columns) FROM customers WHERE id > \(bind: after) ORDER BY id LIMIT 1000").all()
            guard !rows.isEmpty else { break }
            for row in rows {
                let customer = try CustomerRepository.customer(row)
                let key = customer.fields.searchKey
                try await db.raw("UPDATE customers SET search_key = \(bind: key) WHERE id = \(bind: customer.id)").run()
                if sqlite { try await db.raw("INSERT INTO customer_fts (rowid, search_key) VALUES (\(bind: customer.id), \(bind: key))").run() }
                after = customer.id
            }
        }
    }) { d in
        switch d {
        case .sqlite:
            ["CREATE VIRTUAL TABLE customer_fts USING fts5(search_key, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')"]
        case .postgres:
            ["CREATE INDEX customers_search ON customers USING GIN (to_tsvector('simple', search_key))"]
        }
    }
}
