import Foundation
import PeyvandCore
import SQLKit

/// How a payment dispute ended.
public enum PaymentDisputeOutcome: String, CaseIterable, Sendable, Codable {
    /// The customer was right: the money went back.
    case refunded
    /// The payment stood.
    case rejected
    /// The customer dropped it.
    case withdrawn
}

/// A payment the customer contested (a chargeback, a disputed invoice): evidence for the
/// satisfaction classes — an open dispute makes the customer angry, one opened in the last 180
/// days dissatisfied.
public struct PaymentDispute: Sendable, Hashable {
    public let id: Int64
    public let paymentId: Int64
    public let invoiceId: Int64
    public let invoiceNumber: String
    public let customerId: Int64
    public let reason: String
    public let openedAt: Date
    public let closedAt: Date?
    public let outcome: PaymentDisputeOutcome?
    public let version: Int

    public var isOpen: Bool { closedAt == nil }
}

/// Opening and closing payment disputes, each in one transaction with the customer's reassessment.
/// For those who record payments (`finance.write`); read by those who reach the customer.
public struct PaymentDisputes: Sendable {
    let database: Database
    public static let reasonLimit = 1000

    public init(_ database: Database) {
        self.database = database
    }

    static let columns = """
        d.id, d.payment_id, p.invoice_id, i.number AS invoice_number, d.customer_id, d.reason, d.opened_at, d.closed_at, d.outcome, d.version
        FROM payment_disputes d JOIN payments p ON p.id = d.payment_id JOIN invoices i ON i.id = p.invoice_id
        """

    static func dispute(_ row: any SQLRow) throws -> PaymentDispute {
        PaymentDispute(
            id: try row.decode(column: "id", as: Int64.self), paymentId: try row.decode(column: "payment_id", as: Int64.self),
            invoiceId: try row.decode(column: "invoice_id", as: Int64.self), invoiceNumber: try row.decode(column: "invoice_number", as: String.self),
            customerId: try row.decode(column: "customer_id", as: Int64.self), reason: try row.decode(column: "reason", as: String.self),
            openedAt: Clock.date(try row.decode(column: "opened_at", as: Int64.self)),
            closedAt: try row.decode(column: "closed_at", as: Int64?.self).map(Clock.date),
            outcome: try row.decode(column: "outcome", as: String?.self).flatMap(PaymentDisputeOutcome.init(rawValue:)),
            version: try row.decode(column: "version", as: Int.self))
    }

    /// Opens a dispute on a payment. A payment with an open dispute already: 409.
    public func open(paymentId: Int64, reason: String, by principal: Principal, now: Date = Date()) async throws -> PaymentDispute {
        try principal.require(.financeWrite, to: "record payment disputes")
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { throw StoreError.invalid(ValidationError(field: "reason", reason: "is required", code: "required")) }
        if reason.count > Self.reasonLimit {
            throw StoreError.invalid(ValidationError(field: "reason", reason: "must be at most \(Self.reasonLimit) characters", code: "text.tooLong",
                                                     params: ["max": String(Self.reasonLimit)]))
        }
        guard let payment = try await database.sql.raw("SELECT customer_id FROM payments WHERE id = \(bind: paymentId)").first() else {
            throw StoreError.notFound(entity: "payment", id: String(paymentId))
        }
        let customerId = try payment.decode(column: "customer_id", as: Int64.self)
        do { _ = try await CustomerRepository(database).get(customerId, by: principal) } catch StoreError.notFound {
            throw StoreError.notFound(entity: "payment", id: String(paymentId))
        }
        let id = try await database.transaction { db -> Int64 in
            let at = Clock.millis(now)
            // The unique index of open disputes decides between two at once.
            guard let row = try await db.raw("""
                INSERT INTO payment_disputes (payment_id, customer_id, reason, opened_at, created_by, created_at, updated_at)
                VALUES (\(bind: paymentId), \(bind: customerId), \(bind: reason), \(bind: at), \(bind: principal.userId > 0 ? principal.userId : nil),
                  \(bind: at), \(bind: at))
                ON CONFLICT DO NOTHING RETURNING id
                """).first() else { throw StoreError.conflict("payment \(paymentId) already has an open dispute; close it first") }
            let id = try row.decode(column: "id", as: Int64.self)
            try await AuditLog.record(db, entity: "payment", entityId: paymentId, by: principal, action: "dispute", field: "dispute",
                                      after: String(reason.prefix(200)), at: at)
            try await SatisfactionAssessment.reassess(db, customerId: customerId, cause: "dispute", now: now)
            return id
        }
        return try await get(id, by: principal)
    }

    /// Closes an open dispute with its outcome; with `expectedVersion`, refuses a lost update (412).
    /// A dispute closed already: 409.
    public func close(_ id: Int64, outcome: String?, expectedVersion: Int?, by principal: Principal, now: Date = Date()) async throws -> PaymentDispute {
        try principal.require(.financeWrite, to: "record payment disputes")
        guard let outcome = outcome.flatMap(PaymentDisputeOutcome.init(rawValue:)) else {
            let all = PaymentDisputeOutcome.allCases.map(\.rawValue).joined(separator: ", ")
            throw StoreError.invalid(ValidationError(field: "outcome", reason: "must be one of \(all)", code: "choice.unknown", params: ["allowed": all]))
        }
        let old = try await get(id, by: principal)
        try await database.transaction { db in
            let at = Clock.millis(now)
            let lock: SQLQueryString = db.storeDialect == .postgres ? " FOR UPDATE" : ""
            guard let row = try await db.raw("SELECT version, closed_at FROM payment_disputes WHERE id = \(bind: id)" + lock).first() else {
                throw StoreError.notFound(entity: "payment dispute", id: String(id))
            }
            let version = try row.decode(column: "version", as: Int.self)
            if let expectedVersion, expectedVersion != version { throw StoreError.versionMismatch(current: version) }
            if try row.decode(column: "closed_at", as: Int64?.self) != nil { throw StoreError.conflict("dispute \(id) is closed already") }
            try await db.raw("""
                UPDATE payment_disputes SET closed_at = \(bind: at), outcome = \(bind: outcome.rawValue), version = version + 1, updated_at = \(bind: at)
                WHERE id = \(bind: id)
                """).run()
            try await AuditLog.record(db, entity: "payment", entityId: old.paymentId, by: principal, action: "dispute-close", field: "dispute",
                                      before: "open", after: outcome.rawValue, at: at)
            try await SatisfactionAssessment.reassess(db, customerId: old.customerId, cause: "dispute", now: now)
        }
        return try await get(id, by: principal)
    }

    public func get(_ id: Int64, by principal: Principal) async throws -> PaymentDispute {
        guard let row = try await database.sql.raw("SELECT \(unsafeRaw: Self.columns) WHERE d.id = \(bind: id)").first() else {
            throw StoreError.notFound(entity: "payment dispute", id: String(id))
        }
        let dispute = try Self.dispute(row)
        do { _ = try await CustomerRepository(database).get(dispute.customerId, by: principal) } catch StoreError.notFound {
            throw StoreError.notFound(entity: "payment dispute", id: String(id))
        }
        return dispute
    }

    /// Disputes newest first: of one customer, or of every customer the person reaches; only the
    /// open (or only the closed) ones when `open` is given. Keyset pages by id.
    public func list(customerId: Int64?, open: Bool?, before: Int64? = nil, limit: Int = 50, by principal: Principal) async throws -> [PaymentDispute] {
        try principal.require(.customersRead)
        var sql: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) WHERE 1 = 1"
        if let customerId {
            _ = try await CustomerRepository(database).get(customerId, by: principal)
            sql += " AND d.customer_id = \(bind: customerId)"
        } else if principal.customerScope == .ownedOrShared {
            sql += " AND \(SalesReach.customer("d.customer_id", principal))"
        }
        if let open { sql += open ? " AND d.closed_at IS NULL" : " AND d.closed_at IS NOT NULL" }
        if let before { sql += " AND d.id < \(bind: before)" }
        sql += " ORDER BY d.id DESC LIMIT \(bind: max(1, min(limit, 200)))"
        return try await database.sql.raw(sql).all().map(Self.dispute)
    }

    /// The disputes of the payments of one invoice (for its page), oldest first.
    public func of(invoiceId: Int64, by principal: Principal) async throws -> [PaymentDispute] {
        _ = try await InvoiceRepository(database).get(invoiceId, by: principal)
        return try await database.sql.raw("SELECT \(unsafeRaw: Self.columns) WHERE p.invoice_id = \(bind: invoiceId) ORDER BY d.id").all().map(Self.dispute)
    }
}
