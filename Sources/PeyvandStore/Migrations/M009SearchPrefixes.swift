import SQLKit

extension Migration {
    /// Prefix indexes for the SQLite search (2, 3 and 4 letters): typing the start of a name
    /// reads one index entry instead of merging every word that begins with it.
    static let m009SearchPrefixes = Migration(9, "search-prefix-index", backfill: { db in
        guard db.storeDialect == .sqlite else { return }
        try await db.raw("""
            INSERT INTO customer_fts (rowid, search_key) SELECT id, search_key FROM customers
            """).run()
    }) { d in
        switch d {
        case .sqlite:
            [
                "DROP TABLE customer_fts",
                "CREATE VIRTUAL TABLE customer_fts USING fts5(search_key, content='', contentless_delete=1, prefix='2 3 4', tokenize='unicode61 remove_diacritics 2')",
            ]
        case .postgres:
            []
        }
    }
}
