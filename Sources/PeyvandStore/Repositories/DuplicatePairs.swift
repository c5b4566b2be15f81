import PeyvandCore
import SQLKit

/// Keeps `duplicate_pairs` true to `customer_keys`: after a customer's keys are written, its pairs
/// are computed again from the keys it shares with others (phone, email, normalised name; a key
/// shared by more than ``DuplicateFinder/maxGroup`` customers, a very common name, is no evidence).
/// Deleted customers keep their rows and are left out when read, so undoing a delete or a merge
/// needs no repair.
enum DuplicatePairs {
    static func refresh(_ db: any SQLDatabase, _ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await db.raw("DELETE FROM duplicate_pairs WHERE first_id IN (\(binds: ids)) OR second_id IN (\(binds: ids))").run()
        let rows = try await db.raw("""
            SELECT k.customer_id AS a, o.customer_id AS b, k.kind AS kind, ca.organisation_id AS ao, cb.organisation_id AS bo,
                   ca.city AS ac, cb.city AS bc
            FROM customer_keys k
            JOIN customer_keys o ON o.kind = k.kind AND o.key = k.key AND o.customer_id <> k.customer_id
            JOIN customers ca ON ca.id = k.customer_id
            JOIN customers cb ON cb.id = o.customer_id
            WHERE k.customer_id IN (\(binds: ids)) AND k.kind IN ('phone', 'email', 'name')
              AND NOT EXISTS (SELECT 1 FROM customer_keys g WHERE g.kind = k.kind AND g.key = k.key
                              ORDER BY g.customer_id LIMIT 1 OFFSET \(unsafeRaw: String(DuplicateFinder.maxGroup)))
            """).all()
        struct Evidence { var reasons: Set<String> = []; var sameOrganisation = false; var sameCity = false }
        var pairs: [[Int64]: Evidence] = [:]
        for row in rows {
            let a = try row.decode(column: "a", as: Int64.self), b = try row.decode(column: "b", as: Int64.self)
            let key = [min(a, b), max(a, b)]
            var evidence = pairs[key] ?? Evidence()
            evidence.reasons.insert(try row.decode(column: "kind", as: String.self))
            if let o = try row.decode(column: "ao", as: Int64?.self), o == (try row.decode(column: "bo", as: Int64?.self)) {
                evidence.sameOrganisation = true
            }
            if let c = try row.decode(column: "ac", as: String?.self), c == (try row.decode(column: "bc", as: String?.self)) {
                evidence.sameCity = true
            }
            pairs[key] = evidence
        }
        let values: [[any Encodable & Sendable]] = pairs.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { key, evidence in
            let (score, reasons) = DuplicateFinder.evidence(evidence.reasons, sameOrganisation: evidence.sameOrganisation, sameCity: evidence.sameCity)
            return [key[0], key[1], reasons.joined(separator: ","), Int64((score * 100).rounded())]
        }
        try await db.insertMany("duplicate_pairs (first_id, second_id, reasons, score)", values)
    }
}
