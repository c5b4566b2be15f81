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
    public static let maxGroup = 20

    public init(_ database: Database) {
        self.database = database
    }

    static let weights: [String: Double] = ["phone": 0.6, "email": 0.55, "name": 0.4]

    /// Candidate pairs across all customers, most likely first, from the pairs kept up to date
    /// on every write (`duplicate_pairs`); `after` is the last pair of the previous page.
    public func pairs(limit: Int = 200, after: DuplicateCursor? = nil, by principal: Principal) async throws -> [DuplicatePair] {
        guard principal.may(.customersRead), principal.customerScope == .all else {
            throw StoreError.forbidden("finding duplicates needs a role that reaches every customer")
        }
        var sql: SQLQueryString = """
            SELECT p.first_id, p.second_id, p.reasons, p.score FROM duplicate_pairs p
            JOIN customers a ON a.id = p.first_id AND a.deleted_at IS NULL
            JOIN customers b ON b.id = p.second_id AND b.deleted_at IS NULL
            """
        if let after {
            sql += """
                 WHERE (p.score < \(bind: after.score) OR (p.score = \(bind: after.score) AND (p.first_id > \(bind: after.firstId)
                   OR (p.first_id = \(bind: after.firstId) AND p.second_id > \(bind: after.secondId)))))
                """
        }
        sql += " ORDER BY p.score DESC, p.first_id, p.second_id LIMIT \(bind: max(1, min(limit, 500)))"
        let rows = try await database.sql.raw(sql).all()
        var ids: Set<Int64> = []
        for row in rows {
            ids.insert(try row.decode(column: "first_id", as: Int64.self))
            ids.insert(try row.decode(column: "second_id", as: Int64.self))
        }
        var customers: [Int64: Customer] = [:]
        if !ids.isEmpty {
            for row in try await database.sql.raw("""
                SELECT \(unsafeRaw: CustomerRepository.columns) FROM customers c WHERE c.id IN (\(binds: Array(ids)))
                """).all() {
                let customer = try CustomerRepository.customer(row)
                customers[customer.id] = customer
            }
        }
        var result: [DuplicatePair] = []
        for row in rows {
            guard let a = customers[try row.decode(column: "first_id", as: Int64.self)],
                  let b = customers[try row.decode(column: "second_id", as: Int64.self)] else { continue }
            let reasons = try row.decode(column: "reasons", as: String.self).split(separator: ",").map(String.init)
            result.append(DuplicatePair(first: a, second: b, score: Double(try row.decode(column: "score", as: Int64.self)) / 100, reasons: reasons))
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
            if key[0] == "name", rows.count > Self.maxGroup { continue }
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
        let sameOrganisation = a.fields.organisationId != nil && a.fields.organisationId == b.fields.organisationId
        let sameCity = a.fields.city != nil && a.fields.city == b.fields.city
        let (score, reasons) = evidence(why, sameOrganisation: sameOrganisation, sameCity: sameCity)
        return DuplicatePair(first: a, second: b, score: (score * 100).rounded() / 100, reasons: reasons)
    }

    /// The score (0…1) and the ordered reasons for shared keys `why`: the same organisation adds
    /// to any evidence, the same city only to a name alone.
    static func evidence(_ why: Set<String>, sameOrganisation: Bool, sameCity: Bool) -> (Double, [String]) {
        var reasons = why
        var score = Self.score(why)
        if sameOrganisation {
            reasons.insert("organisation")
            score = min(1, score + 0.15)
        }
        if sameCity, why == ["name"] { score = min(1, score + 0.1) }
        let order = ["phone", "email", "name", "organisation"]
        return (score, reasons.sorted { order.firstIndex(of: $0) ?? 9 < order.firstIndex(of: $1) ?? 9 })
    }
}

/// Where a page of duplicate pairs ended.
public struct DuplicateCursor: Sendable, Hashable {
    public var score: Int64
    public var firstId: Int64
    public var secondId: Int64

    public init(score: Int64, firstId: Int64, secondId: Int64) {
        self.score = score
        self.firstId = firstId
        self.secondId = secondId
    }

    /// Opaque text for an API `after` parameter.
    public var encoded: String { Cursor.encodeText("d:\(score):\(firstId):\(secondId)") }

    /// Nil for text that `encoded` did not make.
    public init?(encoded: String) {
        guard let text = Cursor.decodeText(encoded), text.hasPrefix("d:") else { return nil }
        let parts = text.dropFirst(2).split(separator: ":").compactMap { Int64($0) }
        guard parts.count == 3 else { return nil }
        self.init(score: parts[0], firstId: parts[1], secondId: parts[2])
    }

    /// The cursor after `pair`.
    public init(after pair: DuplicatePair) {
        self.init(score: Int64((pair.score * 100).rounded()), firstId: pair.first.id, secondId: pair.second.id)
    }
}
