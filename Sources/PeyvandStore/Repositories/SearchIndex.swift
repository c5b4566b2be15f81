import PeyvandCore
import SQLKit

/// Ranked, prefix-matching customer search: SQLite FTS5 or PostgreSQL full-text search, behind
/// one function. Both see the same normalised `search_key` (ي/ی, ك/ک, ZWNJ, diacritics, digits
/// and case folded), so "كريم" finds "کریم" and "0912123" finds +98912123….
enum SearchIndex {
    /// The words of a query, normalised, each at least one letter or digit.
    static func terms(_ q: String) -> [String] {
        PersianText.searchKey(q)
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .map(String.init)
            .filter { !$0.isEmpty }
            .prefix(8)
            .map { $0 }
    }

    /// The rows of `customers c` matching the terms, best first: a FROM clause and an ORDER BY.
    /// With `candidates`, only that many best matches are ranked and then filtered (a broad word
    /// like a common family name can match tens of thousands of customers).
    static func match(_ dialect: Dialect, terms: [String], candidates: Int? = nil) -> (from: SQLQueryString, order: SQLQueryString) {
        switch dialect {
        case .sqlite:
            let expression = terms.map { "\"\($0)\"*" }.joined(separator: " ")
            var inner: SQLQueryString = "SELECT rowid AS fts_id, rank AS fts_rank FROM customer_fts WHERE customer_fts MATCH \(bind: expression)"
            if let candidates { inner += " ORDER BY rank LIMIT \(bind: candidates)" }
            return ("(" + inner + ") f JOIN customers c ON c.id = f.fts_id", "f.fts_rank, c.id DESC")
        case .postgres:
            let expression = terms.map { "\($0):*" }.joined(separator: " & ")
            return (
                "customers c, to_tsquery('simple', \(bind: expression)) query",
                "ts_rank(to_tsvector('simple', c.search_key), query) DESC, c.id DESC"
            )
        }
    }

    /// The PostgreSQL match condition (SQLite's is the join itself).
    static func condition(_ dialect: Dialect) -> SQLQueryString? {
        dialect == .postgres ? "to_tsvector('simple', c.search_key) @@ query" : nil
    }

    /// Keeps the SQLite index in step with a customer's search key (PostgreSQL indexes the column itself).
    static func update(_ db: any SQLDatabase, id: Int64, key: String, isNew: Bool) async throws {
        guard db.dialect.name == "sqlite" else { return }
        if !isNew { try await db.raw("DELETE FROM customer_fts WHERE rowid = \(bind: id)").run() }
        try await db.raw("INSERT INTO customer_fts (rowid, search_key) VALUES (\(bind: id), \(bind: key))").run()
    }
}
