import Foundation
import PeyvandCore
import SQLKit

/// Orders of customers the person may see: taken by hand, posted by a shop, imported; confirmed,
/// cancelled, closed; every change recorded on the customer's timeline and in the audit log.
public struct OrderRepository: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// Stores a new order. With an `externalRef` already stored for this customer, returns that
    /// order instead (`created` false), so a shop may safely post a sale again.
    public func create(customerId: Int64, _ input: OrderInput, by principal: Principal) async throws -> (order: Order, created: Bool) {
        try principal.require(.ordersWrite)
        let customer = try await CustomerRepository(database).get(customerId, by: principal)
        guard !customer.isDeleted else { throw StoreError.conflict("customer \(customerId) is deleted; restore them before taking an order") }
        if let ref = input.externalRef {
            // Only this customer's orders answer for a reference, so a caller learns nothing of
            // orders outside their reach; a reference taken elsewhere is refused without naming it.
            if let existing = try await database.sql.raw("""
                SELECT id FROM orders WHERE external_ref = \(bind: ref) AND customer_id = \(bind: customerId)
                """).first()?.decode(column: "id", as: Int64.self) {
                // A retry must still be a valid order: an invalid body is 422 even under a known reference.
                _ = try await OrderDraft.validate(database.sql, input)
                return (try await get(existing, by: principal), false)
            }
            if try await orderId(externalRef: ref) != nil {
                throw StoreError.conflict("externalRef is already used by another order; references are unique across the organisation")
            }
        }
        let id = try await database.transaction { db in
            let draft = try await OrderDraft.validate(db, input)
            let status: OrderStatus = input.confirm ? .confirmed : .draft
            let id = try await Self.insert(db, customerId: customerId, draft, status: status, externalRef: input.externalRef, note: input.note,
                                           by: principal)
            let now = Clock.nowMillis()
            let at = Clock.millis(draft.orderedAt)
            try await CommerceEvents.record(db, customerId: customerId, at: at, kind: input.confirm ? "order-confirmed" : "order",
                                            orderId: id, title: "order #\(id)", amount: draft.totals.total, by: principal, publish: false)
            // A new order is news to both kinds of subscriber, even when it is confirmed at once.
            for type in input.confirm ? ["order.created", "order.confirmed"] : ["order.created"] {
                try await CommerceEvents.publish(db, type, customerId: customerId, orderId: id, amount: draft.totals.total)
            }
            try await AuditLog.record(db, entity: "order", entityId: id, by: principal, action: "create", after: status.rawValue, at: now)
            return id
        }
        return (try await get(id, by: principal), true)
    }

    /// Writes an order and its lines inside the caller's transaction; lines are marked shipped
    /// in full when `status` says the goods have gone (imported history).
    static func insert(_ db: any SQLDatabase, customerId: Int64, _ draft: OrderDraft, status: OrderStatus, externalRef: String?, note: String?,
                       by principal: Principal) async throws -> Int64 {
        let now = Clock.nowMillis()
        let at = Clock.millis(draft.orderedAt)
        let row = try await db.raw("""
            INSERT INTO orders (customer_id, status, currency, rate, price_list_id, channel, external_ref, ordered_at, note,
              net_minor, tax_minor, total_minor, version, created_by, created_at, updated_at)
            VALUES (\(bind: customerId), \(bind: status.rawValue), \(bind: draft.currency.rawValue), \(bind: draft.rate.description),
              \(bind: draft.priceListId), \(bind: draft.channel), \(bind: externalRef), \(bind: at), \(bind: note),
              \(bind: draft.totals.net.minorUnits), \(bind: draft.totals.tax.minorUnits), \(bind: draft.totals.total.minorUnits),
              1, \(bind: principal.userId), \(bind: now), \(bind: now))
            RETURNING id
            """).first()
        guard let id = try row?.decode(column: "id", as: Int64.self) else { throw StoreError.conflict("the order was not stored") }
        try await insertLines(db, orderId: id, draft, shipped: status == .fulfilled || status == .closed)
        return id
    }

    static func insertLines(_ db: any SQLDatabase, orderId: Int64, _ draft: OrderDraft, shipped: Bool = false) async throws {
        var rows: [[any Encodable & Sendable]] = []
        for (n, line) in draft.lines.enumerated() {
            let p = line.pricing
            rows.append([orderId, Int64(n + 1), line.productId, line.description, p.quantity.thousandths, p.unitPrice.minorUnits,
                         p.discountAmount.minorUnits, p.taxRate.value, p.net.minorUnits, p.tax.minorUnits, p.total.minorUnits,
                         line.unitCost.minorUnits, line.baseNet.minorUnits, line.baseCost.minorUnits,
                         shipped ? p.quantity.thousandths : Int64(0), Int64(0)])
        }
        try await db.insertMany("""
            order_lines (order_id, line_no, product_id, description, quantity_milli, unit_price_minor, discount_minor, tax_bp,
              net_minor, tax_minor, total_minor, unit_cost_minor, base_net_minor, base_cost_minor, shipped_milli, returned_milli)
            """, rows)
    }

    public func get(_ id: Int64, by principal: Principal) async throws -> Order {
        guard let row = try await database.sql.raw("SELECT \(unsafeRaw: OrderReader.columns) FROM orders o WHERE o.id = \(bind: id)").first() else {
            throw StoreError.notFound(entity: "order", id: String(id))
        }
        let customerId = try row.decode(column: "customer_id", as: Int64.self)
        do { _ = try await CustomerRepository(database).get(customerId, by: principal) } catch StoreError.notFound {
            throw StoreError.notFound(entity: "order", id: String(id))
        }
        return try await OrderReader.order(database.sql, row)
    }

    /// A customer's orders, newest first (`before` is the last order of the previous page).
    public func list(customerId: Int64, before: TimelineCursor? = nil, limit: Int = 50, by principal: Principal) async throws -> Page<Order> {
        _ = try await CustomerRepository(database).get(customerId, by: principal)
        var sql: SQLQueryString = "SELECT \(unsafeRaw: OrderReader.columns) FROM orders o WHERE o.customer_id = \(bind: customerId)"
        if let before {
            sql += " AND (o.ordered_at < \(bind: before.at) OR (o.ordered_at = \(bind: before.at) AND o.id < \(bind: before.id)))"
        }
        let n = max(1, min(limit, Page<Order>.maxLimit))
        sql += " ORDER BY o.ordered_at DESC, o.id DESC LIMIT \(bind: n + 1)"
        let rows = try await database.sql.raw(sql).all()
        let orders = try await OrderReader.orders(database.sql, Array(rows.prefix(n)))
        let next = rows.count > n ? orders.last.map { TimelineCursor(at: Clock.millis($0.orderedAt), id: $0.id).encoded } : nil
        return Page(items: orders, next: next)
    }

    /// One line about an order, for lists that need no lines or invoices.
    public struct Summary: Sendable, Hashable {
        public let id: Int64
        public let customerId: Int64
        public let customerName: String
        public let status: OrderStatus
        public let total: Money
        public let orderedAt: Date
    }

    /// A customer's latest orders in one indexed query (the 360 page).
    public func summaries(customerId: Int64, limit: Int = 5, by principal: Principal) async throws -> [Summary] {
        try await summaries(of: try await CustomerRepository(database).get(customerId, by: principal), limit: limit)
    }

    /// The latest orders of a customer already read (and so already checked against the person's reach).
    public func summaries(of customer: Customer, limit: Int = 5) async throws -> [Summary] {
        let customerId = customer.id
        return try await database.sql.raw("""
            SELECT o.id, o.customer_id, c.name, o.status, o.currency, o.total_minor, o.ordered_at FROM orders o
            JOIN customers c ON c.id = o.customer_id WHERE o.customer_id = \(bind: customerId)
            ORDER BY o.ordered_at DESC, o.id DESC LIMIT \(bind: max(1, min(limit, 100)))
            """).all().map(Self.summary)
    }

    /// Orders of every customer in reach, newest first, one line each (the orders page).
    public func summaries(status: OrderStatus? = nil, after: Int64? = nil, limit: Int = 50, by principal: Principal) async throws -> Page<Summary> {
        try principal.require(.customersRead)
        var sql: SQLQueryString = """
            SELECT o.id, o.customer_id, c.name, o.status, o.currency, o.total_minor, o.ordered_at FROM orders o
            JOIN customers c ON c.id = o.customer_id WHERE 1 = 1
            """
        if let status { sql += " AND o.status = \(bind: status.rawValue)" }
        if let after { sql += " AND o.id < \(bind: after)" }
        sql += CustomerRepository(database).scopeFilter(principal)
        let n = max(1, min(limit, Page<Summary>.maxLimit))
        sql += " ORDER BY o.id DESC LIMIT \(bind: n + 1)"
        let rows = try await database.sql.raw(sql).all().map(Self.summary)
        return Page(items: Array(rows.prefix(n)), next: rows.count > n ? rows.prefix(n).last.map { Cursor.encode($0.id) } : nil)
    }

    static func summary(_ row: any SQLRow) throws -> Summary {
        Summary(id: try row.decode(column: "id", as: Int64.self), customerId: try row.decode(column: "customer_id", as: Int64.self),
                customerName: try row.decode(column: "name", as: String.self),
                status: OrderStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
                total: Money(minorUnits: try row.decode(column: "total_minor", as: Int64.self),
                             currency: Currency(rawValue: try row.decode(column: "currency", as: String.self))),
                orderedAt: Clock.date(try row.decode(column: "ordered_at", as: Int64.self)))
    }

    /// Orders of every customer in reach, newest first, optionally of one status.
    public func list(status: OrderStatus? = nil, after: Int64? = nil, limit: Int = 50, by principal: Principal) async throws -> Page<Order> {
        try principal.require(.customersRead)
        var sql: SQLQueryString = "SELECT \(unsafeRaw: OrderReader.columns) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE 1 = 1"
        if let status { sql += " AND o.status = \(bind: status.rawValue)" }
        if let after { sql += " AND o.id < \(bind: after)" }
        sql += CustomerRepository(database).scopeFilter(principal)
        let n = max(1, min(limit, Page<Order>.maxLimit))
        sql += " ORDER BY o.id DESC LIMIT \(bind: n + 1)"
        let rows = try await database.sql.raw(sql).all()
        let orders = try await OrderReader.orders(database.sql, Array(rows.prefix(n)))
        let next = rows.count > n ? orders.last.map { Cursor.encode($0.id) } : nil
        return Page(items: orders, next: next)
    }

    /// Confirms a draft, cancels an order nothing of which has shipped, or closes a fulfilled one.
    public func apply(_ event: OrderEvent, to id: Int64, expectedVersion: Int? = nil, by principal: Principal) async throws -> Order {
        try principal.require(.ordersWrite)
        if case .ship = event { throw StoreError.invalid(ValidationError(field: "status", reason: "record a shipment to ship an order", code: "order.shipWithShipment")) }
        let order = try await get(id, by: principal)
        if let expectedVersion, expectedVersion != order.version { throw StoreError.versionMismatch(current: order.version) }
        let next: OrderStatus
        do { next = try order.status.applying(event) } catch { throw StoreError.invalid(error) }
        if case .cancel = event, order.invoices.contains(where: { $0.kind == .invoice }) {
            throw StoreError.conflict("order \(id) is invoiced; issue a credit note instead of cancelling it")
        }
        try await database.transaction { db in
            try await Self.setStatus(db, order, next)
            let kind = switch event { case .confirm: "order-confirmed"; case .cancel: "order-cancelled"; case .close: "order-closed"; case .ship: "shipment" }
            let now = Clock.nowMillis()
            try await CommerceEvents.record(db, customerId: order.customerId, at: now, kind: kind, orderId: id,
                                            title: "order #\(id) \(next.rawValue)", amount: order.total, by: principal)
            try await AuditLog.record(db, entity: "order", entityId: id, by: principal, action: "status", field: "status",
                                      before: order.status.rawValue, after: next.rawValue, at: now)
        }
        return try await get(id, by: principal)
    }

    /// Moves `order` to `status` if nobody changed it meanwhile.
    static func setStatus(_ db: any SQLDatabase, _ order: Order, _ status: OrderStatus) async throws {
        let changed = try await db.raw("""
            UPDATE orders SET status = \(bind: status.rawValue), version = version + 1, updated_at = \(bind: Clock.nowMillis())
            WHERE id = \(bind: order.id) AND version = \(bind: order.version)
            RETURNING version
            """).first()
        guard changed != nil else { throw StoreError.conflict("order \(order.id) was changed meanwhile; reload and try again") }
    }

    func orderId(externalRef: String) async throws -> Int64? {
        try await database.sql.raw("SELECT id FROM orders WHERE external_ref = \(bind: externalRef)").first()?
            .decode(column: "id", as: Int64.self)
    }

}
