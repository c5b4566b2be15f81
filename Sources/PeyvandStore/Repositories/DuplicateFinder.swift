import Foundation
import PeyvandCore
import SQLKit

/// Two customers that are probably the same, with how sure and why.
public struct DuplicatePair: Sendable, Hashable {
    public let first: Customer
    public let second: Customer
    /// 0…1: the same phone or email is strong evidence, the same normalised name weaker.
    public let score: Double
    /// `phone`, `email`, `name`, `organisation`.
    public let reasons: [String]
}

/// Finds likely duplicates through the normalised keys every customer carries.
public struct DuplicateFinder: Sendable {
    let database: Database
    /// Keys shared by more customers than this (a very common name) are not taken as evidence.
    public var maxGroup = 20

    public init(_ database: Database) {
        self.database = database
    }

    static let weights: [String: Double] = ["phone": 0.6, "email": 0.55, "name": 0.4]

    /// Candidate pairs across all customers, most likely first.
    public func pairs(limit: Int = 200, by principal: Principal) async throws -> [DuplicatePair] {
        guard principal.may(.customersRead), principal.customerScope == .all else {
            throw StoreError.forbidden("finding duplicates needs a role that reaches every customer")
        }
        let rows = try await database.sql.raw("""
            SELECT a.customer_id AS a, b.customer_id AS b, a.kind AS kind
            FROM customer_keys a
            JOIN customer_keys b ON b.kind = a.kind AND b.key = a.key AND b.customer_id > a.customer_id
            JOIN customers ca ON ca.id = a.customer_id AND ca.deleted_at IS NULL
            JOIN customers cb ON cb.id = b.customer_id AND cb.deleted_at IS NULL
            WHERE a.kind IN ('phone', 'email', 'name')
              AND (SELECT COUNT(*) FROM customer_keys g WHERE g.kind = a.kind AND g.key = a.key) <= \(bind: maxGroup)
            LIMIT 20000
            """).all()
        var reasons: [[Int64]: Set<String>] = [:]
        for row in rows {
            let pair = [try row.decode(column: "a", as: Int64.self), try row.decode(column: "b", as: Int64.self)]
            reasons[pair, default: []].insert(try row.decode(column: "kind", as: String.self))
        }
        let ranked = reasons.map { ($0.key, $0.value, Self.score($0.value)) }.sorted { ($0.2, $1.0[0]) > ($1.2, $0.0[0]) }.prefix(limit)
        let customers = CustomerRepository(database)
        var result: [DuplicatePair] = []
        for (ids, why, _) in ranked {
            let a = try await customers.get(ids[0], by: principal), b = try await customers.get(ids[1], by: principal)
            result.append(Self.pair(a, b, why))
        }
        return result
    }

    /// Customers that look like `fields` (before saving them), most likely first.
    public func candidates(for fields: CustomerFields, excluding id: Int64? = nil, by principal: Principal) async throws -> [DuplicatePair] {
        let keys = CustomerKeys.all(fields).filter { $0[0] != "tag" }
        guard !keys.isEmpty else { return [] }
        var found: [Int64: Set<String>] = [:]
        for key in keys {
            let rows = try await database.sql.raw("""
                SELECT k.customer_id FROM customer_keys k JOIN customers c ON c.id = k.customer_id
                WHERE k.kind = \(bind: key[0]) AND k.key = \(bind: key[1]) AND c.deleted_at IS NULL LIMIT 21
                """).all()
            if key[0] == "name", rows.count > maxGroup { continue }
            for row in rows {
                let other = try row.decode(column: "customer_id", as: Int64.self)
                if other != id { found[other, default: []].insert(key[0]) }
            }
        }
        let draft = Customer(id: id ?? 0, fields: fields, version: 0, createdAt: Date(), updatedAt: Date(), deletedAt: nil)
        var result: [DuplicatePair] = []
        for (other, why) in found {
            guard let existing = try? await CustomerRepository(database).get(other, by: principal) else { continue }
            result.append(Self.pair(draft, existing, why))
        }
        return result.sorted { ($0.score, $1.second.id) > ($1.score, $0.second.id) }.prefix(10).map { $0 }
    }

    static func score(_ reasons: Set<String>) -> Double {
        min(1, reasons.reduce(0) { $0 + (weights[$1] ?? 0) })
    }

    static func pair(_ a: Customer, _ b: Customer, _ why: Set<String>) -> DuplicatePair {
        var reasons = why
        var score = Self.score(why)
        if let o = a.fields.organisationId, o == b.fields.organisationId {
            reasons.insert("organisation")
            score = min(1, score + 0.15)
        }
        if let c = a.fields.city, c == b.fields.city, why == ["name"] { score = min(1, score + 0.1) }
        let order = ["phone", "email", "name", "organisation"]
        return DuplicatePair(first: a, second: b, score: (score * 100).rounded() / 100,
                             reasons: reasons.sorted { order.firstIndex(of: $0) ?? 9 < order.firstIndex(of: $1) ?? 9 })
    }
}
