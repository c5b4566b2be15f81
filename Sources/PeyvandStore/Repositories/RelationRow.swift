import SQLKit

/// One row of `customer_relations`, as a merge moves it and its undo puts it back.
struct RelationRow: Codable, Hashable, Sendable {
    var customerId: Int64
    var relatedId: Int64
    var kind: String
    var createdAt: Int64

    /// Rewrites every relation of `source` to `target`: a relation between the two disappears (a
    /// customer is not related to itself) and one the target already has is not doubled. Returns
    /// the rows as they were and the rows written.
    static func move(_ db: any SQLDatabase, from source: Int64, to target: Int64) async throws -> ([RelationRow], [RelationRow]) {
        let before = try await db.raw("""
            SELECT customer_id, related_id, kind, created_at FROM customer_relations
            WHERE customer_id = \(bind: source) OR related_id = \(bind: source)
            """).all().map { row in
                RelationRow(customerId: try row.decode(column: "customer_id", as: Int64.self),
                            relatedId: try row.decode(column: "related_id", as: Int64.self),
                            kind: try row.decode(column: "kind", as: String.self),
                            createdAt: try row.decode(column: "created_at", as: Int64.self))
            }
        guard !before.isEmpty else { return ([], []) }
        try await db.raw("DELETE FROM customer_relations WHERE customer_id = \(bind: source) OR related_id = \(bind: source)").run()
        var added: [RelationRow] = []
        for old in before {
            var new = old
            if new.customerId == source { new.customerId = target }
            if new.relatedId == source { new.relatedId = target }
            guard new.customerId != new.relatedId, try await !new.exists(db) else { continue }
            try await new.insert(db)
            added.append(new)
        }
        return (before, added)
    }

    /// Undoes ``move(_:from:to:)``.
    static func restore(_ db: any SQLDatabase, before: [RelationRow], added: [RelationRow]) async throws {
        for row in added {
            try await db.raw("""
                DELETE FROM customer_relations WHERE customer_id = \(bind: row.customerId) AND kind = \(bind: row.kind)
                  AND related_id = \(bind: row.relatedId)
                """).run()
        }
        for row in before where try await !row.exists(db) {
            try await row.insert(db)
        }
    }

    func exists(_ db: any SQLDatabase) async throws -> Bool {
        try await db.raw("""
            SELECT 1 AS x FROM customer_relations WHERE customer_id = \(bind: customerId) AND kind = \(bind: kind)
              AND related_id = \(bind: relatedId)
            """).first() != nil
    }

    func insert(_ db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO customer_relations (customer_id, related_id, kind, created_at)
            VALUES (\(bind: customerId), \(bind: relatedId), \(bind: kind), \(bind: createdAt))
            """).run()
    }
}
