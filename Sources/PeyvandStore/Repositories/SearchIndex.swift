import PeyvandCore
import SQLKit

/// Ranked, prefix-matching customer search: SQLite FTS5 or PostgreSQL full-text search, behind
/// one function. Both see the same normalised `search_key` (ي/ی, ك/ک, ZWNJ, diacritics, digits
/// and case folded), so "كريم" finds "کریم" and "0912123" finds +98912123…. Compound names meet
/// however they are written: the key holds each two neighbouring name words also joined, and a
/// query matches its words apart or with neighbours joined (`PersianText.compoundForms`), so
/// "محمد رضا", "محمدرضا" and "محمد‌رضا" — and their beginnings, "محمد ر" or "محمدر" — find one
/// another, through the same index.
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
    /// Relevance on SQLite is in two tiers — customers having every word whole, then those whose
    /// words only start with the terms — newest first within a tier. FTS5 walks its index in id
    /// order and stops after `candidates` rows per tier, so even a common family name among a
    /// million customers answers in milliseconds (bm25 would score every match first).
    static func match(_ dialect: Dialect, terms: [String], candidates: Int? = nil) -> (from: SQLQueryString, order: SQLQueryString) {
        switch dialect {
        case .sqlite:
            let exact = expression(terms, word: { "\"\($0)\"" }, and: " AND ", or: " OR ")
            let prefix = expression(terms, word: { "\"\($0)\"*" }, and: " AND ", or: " OR ")
            let cap: SQLQueryString = candidates.map { " ORDER BY rowid DESC LIMIT \(bind: $0)" } ?? ""
            let tiers: SQLQueryString = """
                (SELECT fts_id, MIN(tier) AS fts_rank FROM (
                  SELECT * FROM (SELECT rowid AS fts_id, 0 AS tier FROM customer_fts WHERE customer_fts MATCH \(bind: exact)
                """ + cap + """
                  ) UNION ALL SELECT * FROM (SELECT rowid AS fts_id, 1 AS tier FROM customer_fts WHERE customer_fts MATCH \(bind: prefix)
                """ + cap + ")) GROUP BY fts_id) f JOIN customers c ON c.id = f.fts_id"
            return (tiers, "f.fts_rank, c.id DESC")
        case .postgres:
            let exact = expression(terms, word: { $0 }, and: " & ", or: " | ")
            let prefix = expression(terms, word: { "\($0):*" }, and: " & ", or: " | ")
            return (
                "customers c, to_tsquery('simple', \(bind: prefix)) query",
                "(CASE WHEN to_tsvector('simple', c.search_key) @@ to_tsquery('simple', \(bind: exact)) THEN 0 ELSE 1 END), c.id DESC"
            )
        }
    }

    /// Every reading of the terms (`PersianText.compoundForms`), each its words all present,
    /// any reading matching: `("محمد" AND "رضا") OR ("محمدرضا")`.
    static func expression(_ terms: [String], word: (String) -> String, and: String, or: String) -> String {
        let forms = PersianText.compoundForms(terms)
        if forms.count == 1 { return forms[0].map(word).joined(separator: and) }
        return forms.map { "(" + $0.map(word).joined(separator: and) + ")" }.joined(separator: or)
    }

    /// The PostgreSQL match condition (SQLite's is the join itself).
    static func condition(_ dialect: Dialect) -> SQLQueryString? {
        dialect == .postgres ? "to_tsvector('simple', c.search_key) @@ query" : nil
    }

    /// Keeps the SQLite index in step with a customer's search key (PostgreSQL indexes the column itself).
    static func update(_ db: any SQLDatabase, id: Int64, key: String, isNew: Bool) async throws {
        guard db.storeDialect == .sqlite else { return }
        if !isNew { try await db.raw("DELETE FROM customer_fts WHERE rowid = \(bind: id)").run() }
        try await db.raw("INSERT INTO customer_fts (rowid, search_key) VALUES (\(bind: id), \(bind: key))").run()
    }
}
