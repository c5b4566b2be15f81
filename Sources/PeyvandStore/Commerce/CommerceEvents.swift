import Foundation
import PeyvandCore
import SQLKit

/// Every change to an order, invoice, payment or return, written in the same transaction as the
/// change, and read back as the customer's commerce timeline.
public struct CommerceEvents: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// Records a change and, unless it is history being imported (`publish: false`), tells the
    /// webhook subscribers of its event type, in the same transaction.
    static func record(_ db: any SQLDatabase, customerId: Int64, at: Int64, kind: String, orderId: Int64?, invoiceId: Int64? = nil,
                       title: String, amount: Money? = nil, by principal: Principal, publish: Bool = true) async throws {
        try await db.raw("""
            INSERT INTO commerce_events (customer_id, at, kind, order_id, invoice_id, title, amount_minor, currency, staff_id)
            VALUES (\(bind: customerId), \(bind: at), \(bind: kind), \(bind: orderId), \(bind: invoiceId), \(bind: title),
                    \(bind: amount?.minorUnits), \(bind: amount?.currency.rawValue), \(bind: principal.userId))
            """).run()
        guard publish, let type = eventTypes[kind] else { return }
        try await Self.publish(db, type, customerId: customerId, orderId: orderId, invoiceId: invoiceId, amount: amount)
    }

    /// Tells the subscribers of `type` about a commerce change.
    static func publish(_ db: any SQLDatabase, _ type: String, customerId: Int64, orderId: Int64?, invoiceId: Int64? = nil,
                        amount: Money?) async throws {
        var data = ["customerId": String(customerId)]
        if let orderId { data["orderId"] = String(orderId) }
        if let invoiceId { data["invoiceId"] = String(invoiceId) }
        if let amount { data["amount"] = amount.majorString; data["currency"] = amount.currency.rawValue }
        try await DomainEvents.publish(db, type, customerId: customerId, data: data)
    }

    /// The webhook event type of each kind of commerce change.
    static let eventTypes = [
        "order": "order.created", "order-confirmed": "order.confirmed", "shipment": "order.shipped", "delivery": "order.delivered",
        "order-cancelled": "order.cancelled", "order-closed": "order.closed", "return": "order.returned",
        "invoice": "invoice.issued", "credit-note": "invoice.credited", "payment": "payment.received",
    ]
}

extension CommerceEvents: TimelineSource {
    /// Kinds: `order`, `order-confirmed`, `shipment`, `delivery`, `order-cancelled`, `order-closed`,
    /// `invoice`, `payment`, `return`, `credit-note`. Filters by interaction kind or channel do
    /// not apply to them, so such a filter leaves them out.
    public func entries(customerIds: [Int64], _ query: InteractionQuery) async throws -> [TimelineEntry] {
        guard query.kind == nil, query.channel == nil, !customerIds.isEmpty else { return [] }
        let sql: SQLQueryString = """
            SELECT e.id, e.customer_id, e.at, e.kind, e.order_id, e.title, e.amount_minor, e.currency, e.staff_id, u.name AS staff_name
            FROM commerce_events e LEFT JOIN users u ON u.id = e.staff_id
            WHERE e.customer_id IN (\(binds: customerIds))
            """ + query.window(time: "e.at", id: "e.id", staff: "e.staff_id")
        return try await database.sql.raw(sql).all().map { row in
            let amount = try row.decode(column: "amount_minor", as: Int64?.self)
            let currency = try row.decode(column: "currency", as: String?.self)
            return TimelineEntry(
                source: "commerce", id: try row.decode(column: "id", as: Int64.self),
                customerId: try row.decode(column: "customer_id", as: Int64.self),
                at: Clock.date(try row.decode(column: "at", as: Int64.self)), kind: try row.decode(column: "kind", as: String.self),
                channel: nil, direction: nil, staffId: try row.decode(column: "staff_id", as: Int64?.self),
                staffName: try row.decode(column: "staff_name", as: String?.self), title: try row.decode(column: "title", as: String.self),
                detail: try row.decode(column: "order_id", as: Int64?.self).map { "order \($0)" }, outcome: nil, durationSeconds: nil,
                cost: amount.flatMap { a in currency.map { Money(minorUnits: a, currency: Currency(rawValue: $0)) } })
        }
    }
}
