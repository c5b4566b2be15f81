import Foundation
import PeyvandCore
import SQLKit

/// Service-recovery cases: read with `tickets.read` (for the customers in reach), opened by hand,
/// changed (with the version read) and closed with `recovery.manage`. Every write is audited and
/// done in one transaction with what goes with it (a replacement order, the class measured).
public struct RecoveryCases: Sendable {
    public let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    static let columns = """
        r.id, r.number, r.customer_id, c.name AS customer_name, r.ticket_id, t.number AS ticket_number, t.subject AS ticket_subject,
        r.change_id, r.status, r.priority, r.owner_id, u.name AS owner_name, r.class_before, r.class_after, r.cause, r.remedy,
        r.compensation_kind, r.compensation_minor, r.compensation_currency, r.compensation_points, r.return_id, r.replacement_order_id,
        r.outcome, r.opened_at, r.closed_at, r.measured_at, r.version, r.updated_at
        """
    static let from = """
        FROM recovery_cases r JOIN customers c ON c.id = r.customer_id LEFT JOIN tickets t ON t.id = r.ticket_id
        LEFT JOIN users u ON u.id = r.owner_id
        """

    static func scope(_ principal: Principal) -> SQLQueryString {
        guard principal.customerScope == .ownedOrShared else { return "" }
        return " AND (r.owner_id = \(bind: principal.userId) OR \(SalesReach.customer("r.customer_id", principal)))"
    }

    public func get(_ id: Int64, by principal: Principal) async throws -> RecoveryCase {
        try principal.require(.ticketsRead, to: "read recovery cases")
        guard let row = try await database.sql.raw("SELECT \(unsafeRaw: Self.columns) \(unsafeRaw: Self.from) WHERE r.id = \(bind: id)"
                                                   + Self.scope(principal)).first()
        else { throw StoreError.notFound(entity: "recovery case", id: String(id)) }
        return try Self.recoveryCase(row)
    }

    /// Newest first, keyset-paginated by id.
    public func list(_ query: RecoveryQuery, by principal: Principal) async throws -> Page<RecoveryCase> {
        try principal.require(.ticketsRead, to: "read recovery cases")
        let limit = max(1, min(query.limit, Page<RecoveryCase>.maxLimit))
        var sql: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) \(unsafeRaw: Self.from) WHERE 1 = 1" + Self.scope(principal)
        if let s = query.status { sql += " AND r.status = \(bind: s.rawValue)" }
        if let v = query.ownerId { sql += " AND r.owner_id = \(bind: v)" }
        if let v = query.customerId { sql += " AND r.customer_id = \(bind: v)" }
        if let after = query.after { sql += " AND r.id < \(bind: after)" }
        sql += " ORDER BY r.id DESC LIMIT \(bind: limit + 1)"
        let rows = try await database.sql.raw(sql).all().map(Self.recoveryCase)
        let items = Array(rows.prefix(limit))
        return Page(items: items, next: rows.count > limit ? items.last.map { Cursor.encode($0.id) } : nil)
    }

    /// Opens a case by hand for a customer in reach, optionally about one of their tickets; a
    /// customer with an open case already is a conflict naming it.
    public func open(customerId: Int64, ticketId: Int64?, cause: String?, by principal: Principal, now: Date = Date()) async throws -> RecoveryCase {
        try principal.require(.recoveryManage, to: "open recovery cases")
        let cause = try Self.text(cause, field: "cause")
        let id = try await database.transaction { db -> Int64 in
            guard let customer = try await db.raw("""
                SELECT id, deleted_at FROM customers WHERE id = \(bind: customerId) AND \(SalesReach.customer("id", principal))
                """).first() else {
                throw StoreError.invalid(ValidationError(field: "customerId", reason: "no customer in reach has this id", code: "ref.unknown"))
            }
            if try customer.decode(column: "deleted_at", as: Int64?.self) != nil {
                throw StoreError.conflict("customer \(customerId) is deleted; restore them first")
            }
            if let ticketId, try await db.raw("""
                SELECT id FROM tickets WHERE id = \(bind: ticketId) AND customer_id = \(bind: customerId) AND deleted_at IS NULL
                """).first() == nil {
                throw StoreError.invalid(ValidationError(field: "ticketId", reason: "no ticket of this customer has this id", code: "ref.unknown"))
            }
            if let open = try await Self.openCase(db, customerId: customerId) {
                throw StoreError.conflict("the customer already has an open recovery case, \(open.number)")
            }
            let classBefore: String? = try await db.raw("SELECT class FROM customer_satisfaction WHERE customer_id = \(bind: customerId)").first()?
                .decode(column: "class", as: String?.self) ?? nil
            guard let id = try await Self.insert(db, customerId: customerId, ticketId: ticketId, changeId: nil, classBefore: classBefore,
                                                 priority: classBefore == SatisfactionClass.angry.rawValue ? "urgent" : "normal",
                                                 ownerId: principal.userId > 0 ? principal.userId : nil, cause: cause,
                                                 createdBy: principal.userId > 0 ? principal.userId : nil, now: now)
            else { throw StoreError.conflict("the customer already has an open recovery case") }
            try await AuditLog.record(db, entity: "recovery-case", entityId: id, by: principal, action: "create", after: "customer \(customerId)",
                                      at: Clock.millis(now))
            return id
        }
        return try await Self.fetch(database.sql, id)
    }

    /// The customer's open case, if any.
    static func openCase(_ db: any SQLDatabase, customerId: Int64) async throws -> (id: Int64, number: String)? {
        guard let row = try await db.raw("""
            SELECT id, number FROM recovery_cases WHERE customer_id = \(bind: customerId) AND status = 'open'
            """).first() else { return nil }
        return (try row.decode(column: "id", as: Int64.self), try row.decode(column: "number", as: String.self))
    }

    /// Inserts an open case with the next `RC-` number; nil when another transaction opened one
    /// for the customer meanwhile (the partial unique index).
    static func insert(_ db: any SQLDatabase, customerId: Int64, ticketId: Int64?, changeId: Int64?, classBefore: String?, priority: String,
                       ownerId: Int64?, cause: String?, createdBy: Int64?, now: Date) async throws -> Int64? {
        let number = String(format: "RC-%06d", try await NumberSequence.next(db, series: "recovery", year: 0))
        let at = Clock.millis(now)
        return try await db.raw("""
            INSERT INTO recovery_cases (number, customer_id, ticket_id, change_id, status, priority, owner_id, class_before, cause,
              compensation_kind, opened_at, created_by, version, created_at, updated_at)
            VALUES (\(bind: number), \(bind: customerId), \(bind: ticketId), \(bind: changeId), 'open', \(bind: priority), \(bind: ownerId),
              \(bind: classBefore), \(bind: cause), 'none', \(bind: at), \(bind: createdBy), 1, \(bind: at), \(bind: at))
            ON CONFLICT DO NOTHING
            RETURNING id
            """).first()?.decode(column: "id", as: Int64.self)
    }

    /// A free text field: trimmed, empty as nil, at most 4000 characters.
    static func text(_ value: String?, field: String) throws -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        guard value.count <= 4000 else {
            throw StoreError.invalid(ValidationError(field: field, reason: "at most 4000 characters", code: "text.tooLong", params: ["max": "4000"]))
        }
        return value
    }

    static func fetch(_ db: any SQLDatabase, _ id: Int64) async throws -> RecoveryCase {
        guard let row = try await db.raw("SELECT \(unsafeRaw: columns) \(unsafeRaw: from) WHERE r.id = \(bind: id)").first() else {
            throw StoreError.notFound(entity: "recovery case", id: String(id))
        }
        return try recoveryCase(row)
    }

    static func recoveryCase(_ row: any SQLRow) throws -> RecoveryCase {
        func date(_ column: String) throws -> Date? { try row.decode(column: column, as: Int64?.self).map(Clock.date) }
        func klass(_ column: String) throws -> SatisfactionClass? { try row.decode(column: column, as: String?.self).flatMap(SatisfactionClass.init) }
        let minor = try row.decode(column: "compensation_minor", as: Int64?.self)
        let currency = try row.decode(column: "compensation_currency", as: String?.self)
        return RecoveryCase(
            id: try row.decode(column: "id", as: Int64.self), number: try row.decode(column: "number", as: String.self),
            customerId: try row.decode(column: "customer_id", as: Int64.self), customerName: try row.decode(column: "customer_name", as: String.self),
            ticketId: try row.decode(column: "ticket_id", as: Int64?.self), ticketNumber: try row.decode(column: "ticket_number", as: String?.self),
            ticketSubject: try row.decode(column: "ticket_subject", as: String?.self), changeId: try row.decode(column: "change_id", as: Int64?.self),
            status: RecoveryStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
            priority: try row.decode(column: "priority", as: String.self),
            ownerId: try row.decode(column: "owner_id", as: Int64?.self), ownerName: try row.decode(column: "owner_name", as: String?.self),
            classBefore: try klass("class_before"), classAfter: try klass("class_after"),
            cause: try row.decode(column: "cause", as: String?.self), remedy: try row.decode(column: "remedy", as: String?.self),
            compensationKind: CompensationKind(rawValue: try row.decode(column: "compensation_kind", as: String.self)) ?? CompensationKind.none,
            compensationAmount: minor.flatMap { m in currency.map { Money(minorUnits: m, currency: Currency(rawValue: $0)) } },
            compensationPoints: try row.decode(column: "compensation_points", as: Int64?.self),
            returnId: try row.decode(column: "return_id", as: Int64?.self),
            replacementOrderId: try row.decode(column: "replacement_order_id", as: Int64?.self),
            outcome: try row.decode(column: "outcome", as: String?.self),
            openedAt: Clock.date(try row.decode(column: "opened_at", as: Int64.self)), closedAt: try date("closed_at"),
            measuredAt: try date("measured_at"), version: Int(try row.decode(column: "version", as: Int64.self)),
            updatedAt: Clock.date(try row.decode(column: "updated_at", as: Int64.self)))
    }
}
