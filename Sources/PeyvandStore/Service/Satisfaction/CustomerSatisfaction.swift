import Foundation
import PeyvandCore
import SQLKit

/// A customer's stored class: `class` nil when there is not enough evidence yet.
public struct CustomerSatisfaction: Sendable, Hashable {
    public let customerId: Int64
    public let `class`: SatisfactionClass?
    /// Why, the deciding rule first; each reason may carry `ref` (`ticket:12`, `survey:5`,
    /// `order:7`, `invoice:3` for a disputed payment): the record it points to.
    public let reasons: [SatisfactionReason]
    public let since: Date
    public let assessedAt: Date
    public let nextCheckAt: Date?
}

/// What the pages show of an angry customer wherever they appear: the banner, linking to the
/// open service-recovery case when there is one.
public struct AngryCustomer: Sendable, Hashable {
    public let customerId: Int64
    public let since: Date
    public let recoveryCaseId: Int64?
    public let recoveryCaseNumber: String?
}

/// The satisfaction classes as the pages and the API read them, and "reassess now".
public struct Satisfaction: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// The customer's class (nil when never assessed), for those who reach the customer.
    public func current(of customerId: Int64, by principal: Principal) async throws -> CustomerSatisfaction? {
        _ = try await CustomerRepository(database).get(customerId, by: principal)
        return try await Self.current(database.sql, customerId)
    }

    public static func current(_ db: any SQLDatabase, _ customerId: Int64) async throws -> CustomerSatisfaction? {
        guard let row = try await db.raw("""
            SELECT customer_id, class, reasons, since, assessed_at, next_check_at FROM customer_satisfaction WHERE customer_id = \(bind: customerId)
            """).first() else { return nil }
        return CustomerSatisfaction(
            customerId: customerId,
            class: try row.decode(column: "class", as: String?.self).flatMap(SatisfactionClass.init(rawValue:)),
            reasons: JSONText.decode([SatisfactionReason].self, try row.decode(column: "reasons", as: String.self)) ?? [],
            since: Clock.date(try row.decode(column: "since", as: Int64.self)),
            assessedAt: Clock.date(try row.decode(column: "assessed_at", as: Int64.self)),
            nextCheckAt: try row.decode(column: "next_check_at", as: Int64?.self).map(Clock.date))
    }

    /// The customer's changes of class, newest first.
    public func changes(of customerId: Int64, limit: Int = 20, by principal: Principal) async throws -> [SatisfactionChange] {
        _ = try await CustomerRepository(database).get(customerId, by: principal)
        return try await changesUnchecked(of: customerId, limit: limit)
    }

    /// The changes of a customer the caller already read (and so checked against the person's scope).
    public func changesUnchecked(of customerId: Int64, limit: Int = 20) async throws -> [SatisfactionChange] {
        try await database.sql.raw("""
            SELECT id, customer_id, from_class, to_class, reasons, cause, at FROM satisfaction_changes
            WHERE customer_id = \(bind: customerId) ORDER BY at DESC, id DESC LIMIT \(bind: max(1, min(limit, 200)))
            """).all().map(Self.change)
    }

    static func change(_ row: any SQLRow) throws -> SatisfactionChange {
        SatisfactionChange(
            id: try row.decode(column: "id", as: Int64.self), customerId: try row.decode(column: "customer_id", as: Int64.self),
            from: try row.decode(column: "from_class", as: String?.self).flatMap(SatisfactionClass.init(rawValue:)),
            to: try row.decode(column: "to_class", as: String?.self).flatMap(SatisfactionClass.init(rawValue:)),
            reasons: JSONText.decode([SatisfactionReason].self, try row.decode(column: "reasons", as: String.self)) ?? [],
            cause: try row.decode(column: "cause", as: String.self), at: Clock.date(try row.decode(column: "at", as: Int64.self)))
    }

    /// Reassesses the customer now (cause `manual`), for those who may edit them.
    @discardableResult
    public func assess(_ customerId: Int64, by principal: Principal, now: Date = Date()) async throws -> CustomerSatisfaction? {
        try principal.require(.customersWrite, to: "reassess a customer's satisfaction")
        let customer = try await CustomerRepository(database).get(customerId, by: principal)
        if customer.isDeleted { throw StoreError.conflict("the customer is deleted; restore them first") }
        try await database.transaction { db in
            try await SatisfactionAssessment.reassess(db, customerId: customerId, cause: "manual", now: now)
        }
        return try await Self.current(database.sql, customerId)
    }

    /// The banner of an angry customer (nil for any other class). No scope check: the caller shows
    /// it on a page of a record it already read.
    public func angry(_ customerId: Int64) async throws -> AngryCustomer? {
        guard let row = try await database.sql.raw("""
            SELECT s.since, r.id AS case_id, r.number AS case_number FROM customer_satisfaction s
            LEFT JOIN recovery_cases r ON r.customer_id = s.customer_id AND r.status = 'open'
            WHERE s.customer_id = \(bind: customerId) AND s.class = 'angry'
            """).first() else { return nil }
        return AngryCustomer(customerId: customerId, since: Clock.date(try row.decode(column: "since", as: Int64.self)),
                             recoveryCaseId: try row.decode(column: "case_id", as: Int64?.self),
                             recoveryCaseNumber: try row.decode(column: "case_number", as: String?.self))
    }

    /// The classes of some customers (those with one) and since when, for list rows and the
    /// customer representation: one lookup by primary key.
    public func classes(of customerIds: [Int64]) async throws -> [Int64: (value: SatisfactionClass, since: Date)] {
        guard !customerIds.isEmpty else { return [:] }
        var classes: [Int64: (value: SatisfactionClass, since: Date)] = [:]
        for row in try await database.sql.raw("""
            SELECT customer_id, class, since FROM customer_satisfaction WHERE customer_id IN (\(binds: Array(Set(customerIds)))) AND class IS NOT NULL
            """).all() {
            if let c = SatisfactionClass(rawValue: try row.decode(column: "class", as: String.self)) {
                classes[try row.decode(column: "customer_id", as: Int64.self)] = (c, Clock.date(try row.decode(column: "since", as: Int64.self)))
            }
        }
        return classes
    }
}
