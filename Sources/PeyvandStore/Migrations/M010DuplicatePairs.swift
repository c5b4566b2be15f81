import SQLKit

extension Migration {
    /// Likely duplicates kept as pairs, refreshed whenever a customer's keys are written, so the
    /// duplicates page reads a short index range instead of joining every key with every other
    /// (seconds at a million customers). Existing customers are paired by the backfill.
    static let m010DuplicatePairs = Migration(10, "duplicate-pairs", backfill: { db in
        var after: Int64 = 0
        while true {
            let ids = try await db.raw("SELECT id FROM customers WHERE id > \(bind: after) ORDER BY id LIMIT 500").all()
                .map { try $0.decode(column: "id", as: Int64.self) }
            guard let last = ids.last else { break }
            try await DuplicatePairs.refresh(db, ids)
            after = last
        }
    }) { d in
        [
            """
            CREATE TABLE duplicate_pairs (
              first_id \(d.bigint) NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
              second_id \(d.bigint) NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
              reasons TEXT NOT NULL,
              score INTEGER NOT NULL,
              PRIMARY KEY (first_id, second_id))
            """,
            "CREATE INDEX duplicate_pairs_score ON duplicate_pairs (score DESC, first_id, second_id)",
            "CREATE INDEX duplicate_pairs_second ON duplicate_pairs (second_id)",
        ]
    }
}
