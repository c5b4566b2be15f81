import Foundation
import PeyvandCore
import SQLKit

/// How two customers are related.
public enum RelationKind: String, CaseIterable, Sendable {
    /// The customer came through a referral by the related one (who is then their referrer).
    case referredBy = "referred-by"
    /// The related organisation is the customer's parent company.
    case parentCompany = "parent-company"
}

/// A relation as seen from one customer: outgoing (this customer → related) or incoming.
public struct CustomerRelation: Sendable, Hashable {
    public let kind: RelationKind
    /// True when the other customer points at this one (e.g. they were referred by this customer).
    public let incoming: Bool
    public let other: Customer
}

/// Relations between customers: referrals (the enthusiastic customers of 002 who bring others)
/// and company groups.
public struct CustomerRelations: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    public func add(_ kind: RelationKind, from customerId: Int64, to relatedId: Int64, by principal: Principal) async throws {
        try principal.require(.customersWrite, to: "relate customers")
        guard customerId != relatedId else {
            throw StoreError.invalid(ValidationError(field: "relatedId", reason: "a customer cannot be related to itself", code: "relation.self"))
        }
        let customers = CustomerRepository(database)
        let customer = try await customers.get(customerId, by: principal)
        let related: Customer
        do { related = try await customers.get(relatedId, by: principal) } catch StoreError.notFound {
            throw StoreError.invalid(ValidationError(field: "relatedId", reason: "no customer has this id", code: "ref.unknown"))
        }
        if customer.isDeleted || related.isDeleted { throw StoreError.conflict("deleted customers cannot be related; restore them first") }
        if kind == .parentCompany, customer.fields.kind != .organisation || related.fields.kind != .organisation {
            throw StoreError.invalid(ValidationError(field: "kind", reason: "a parent company relates two organisations", code: "relation.parentKinds"))
        }
        try await database.transaction { db in
            let exists = try await db.raw("""
                SELECT 1 AS x FROM customer_relations WHERE customer_id = \(bind: customerId) AND kind = \(bind: kind.rawValue)
                  AND related_id = \(bind: relatedId)
                """).first()
            if exists != nil { return }
            if kind == .parentCompany {
                // No cycles: the parent may not (indirectly) be owned by the customer.
                var cursor: Int64? = relatedId
                var steps = 0
                while let current = cursor, steps < 50 {
                    if current == customerId { throw StoreError.invalid(ValidationError(field: "relatedId", reason: "this would make a company its own parent", code: "relation.cycle")) }
                    cursor = try await db.raw("""
                        SELECT related_id FROM customer_relations WHERE customer_id = \(bind: current) AND kind = 'parent-company' LIMIT 1
                        """).first()?.decode(column: "related_id", as: Int64.self)
                    steps += 1
                }
            }
            let now = Clock.nowMillis()
            try await db.raw("""
                INSERT INTO customer_relations (customer_id, related_id, kind, created_at)
                VALUES (\(bind: customerId), \(bind: relatedId), \(bind: kind.rawValue), \(bind: now))
                """).run()
            try await AuditLog.record(db, entity: "customer", entityId: customerId, by: principal, action: "relate",
                                      field: kind.rawValue, after: "\(related.fields.name) #\(relatedId)", at: now)
            // A referral counts for the referrer's satisfaction class.
            if kind == .referredBy { try await SatisfactionAssessment.reassess(db, customerId: relatedId, cause: "referral") }
        }
    }

    public func remove(_ kind: RelationKind, from customerId: Int64, to relatedId: Int64, by principal: Principal) async throws {
        try principal.require(.customersWrite, to: "relate customers")
        _ = try await CustomerRepository(database).get(customerId, by: principal)
        try await database.transaction { db in
            let exists = try await db.raw("""
                SELECT 1 AS x FROM customer_relations WHERE customer_id = \(bind: customerId) AND kind = \(bind: kind.rawValue)
                  AND related_id = \(bind: relatedId)
                """).first()
            guard exists != nil else { throw StoreError.notFound(entity: "relation", id: "\(customerId)-\(kind.rawValue)-\(relatedId)") }
            try await db.raw("""
                DELETE FROM customer_relations WHERE customer_id = \(bind: customerId) AND kind = \(bind: kind.rawValue) AND related_id = \(bind: relatedId)
                """).run()
            try await AuditLog.record(db, entity: "customer", entityId: customerId, by: principal, action: "unrelate",
                                      field: kind.rawValue, before: "#\(relatedId)", at: Clock.nowMillis())
            if kind == .referredBy { try await SatisfactionAssessment.reassess(db, customerId: relatedId, cause: "referral") }
        }
    }

    /// Both directions, the other customers within the person's scope only.
    public func list(of customerId: Int64, by principal: Principal) async throws -> [CustomerRelation] {
        _ = try await CustomerRepository(database).get(customerId, by: principal)
        let rows = try await database.sql.raw("""
            SELECT related_id AS other, kind, 0 AS incoming FROM customer_relations WHERE customer_id = \(bind: customerId)
            UNION ALL
            SELECT customer_id AS other, kind, 1 AS incoming FROM customer_relations WHERE related_id = \(bind: customerId)
            LIMIT 500
            """).all()
        var result: [CustomerRelation] = []
        for row in rows {
            guard let kind = RelationKind(rawValue: try row.decode(column: "kind", as: String.self)),
                  let other = try? await CustomerRepository(database).get(try row.decode(column: "other", as: Int64.self), by: principal)
            else { continue }
            result.append(CustomerRelation(kind: kind, incoming: try row.decode(column: "incoming", as: Int.self) == 1, other: other))
        }
        return result
    }
}
