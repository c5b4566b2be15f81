import Foundation
import PeyvandCore
import SQLKit

/// Reads an order with everything that belongs to it.
enum OrderReader {
    static let columns = """
        o.id, o.customer_id, o.status, o.currency, o.rate, o.price_list_id, o.channel, o.external_ref, o.ordered_at, o.note,
        o.net_minor, o.tax_minor, o.total_minor, o.version, o.created_at, o.updated_at
        """

    static func order(_ db: any SQLDatabase, _ row: any SQLRow) async throws -> Order {
        try await orders(db, [row])[0]
    }

    /// The orders of `rows` with their lines, shipments, returns and invoices: a fixed number of
    /// queries (one per kind, `IN (…)` over the page's ids) however many orders there are.
    static func orders(_ db: any SQLDatabase, _ rows: [any SQLRow]) async throws -> [Order] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.decode(column: "id", as: Int64.self) }
        let currencies = try Dictionary(uniqueKeysWithValues: rows.map {
            (try $0.decode(column: "id", as: Int64.self), Currency(rawValue: try $0.decode(column: "currency", as: String.self)))
        })
        let base = try await Settings.baseCurrency(db)
        var lines: [Int64: [OrderLine]] = [:]
        for l in try await db.raw("""
            SELECT id, order_id, line_no, product_id, description, quantity_milli, unit_price_minor, discount_minor, tax_bp, net_minor, tax_minor,
              total_minor, unit_cost_minor, shipped_milli, returned_milli
            FROM order_lines WHERE order_id IN (\(binds: ids)) ORDER BY order_id, line_no
            """).all() {
            let orderId = try l.decode(column: "order_id", as: Int64.self)
            let currency = currencies[orderId] ?? base
            func m(_ c: String, in other: Currency? = nil) throws -> Money {
                Money(minorUnits: try l.decode(column: c, as: Int64.self), currency: other ?? currency)
            }
            func q(_ c: String) throws -> Quantity { Quantity(stored: try l.decode(column: c, as: Int64.self)) }
            lines[orderId, default: []].append(OrderLine(
                id: try l.decode(column: "id", as: Int64.self), lineNo: Int(try l.decode(column: "line_no", as: Int64.self)),
                productId: try l.decode(column: "product_id", as: Int64?.self), description: try l.decode(column: "description", as: String.self),
                quantity: try q("quantity_milli"), unitPrice: try m("unit_price_minor"), discount: try m("discount_minor"),
                taxRate: BasisPoints(stored: try l.decode(column: "tax_bp", as: Int64.self)), net: try m("net_minor"),
                tax: try m("tax_minor"), total: try m("total_minor"), unitCost: try m("unit_cost_minor", in: base),
                shipped: try q("shipped_milli"), returned: try q("returned_milli")))
        }
        var perShipment: [Int64: [Int64: Quantity]] = [:]
        for l in try await db.raw("""
            SELECT sl.shipment_id, sl.order_line_id, sl.quantity_milli FROM shipment_lines sl
            JOIN shipments s ON s.id = sl.shipment_id WHERE s.order_id IN (\(binds: ids))
            """).all() {
            perShipment[try l.decode(column: "shipment_id", as: Int64.self), default: [:]][try l.decode(column: "order_line_id", as: Int64.self)] =
                Quantity(stored: try l.decode(column: "quantity_milli", as: Int64.self))
        }
        var shipments: [Int64: [Shipment]] = [:]
        for s in try await db.raw("""
            SELECT id, order_id, carrier, tracking, shipped_at, delivered_at FROM shipments WHERE order_id IN (\(binds: ids)) ORDER BY id
            """).all() {
            let sid = try s.decode(column: "id", as: Int64.self)
            let orderId = try s.decode(column: "order_id", as: Int64.self)
            shipments[orderId, default: []].append(Shipment(
                id: sid, orderId: orderId, carrier: try s.decode(column: "carrier", as: String?.self),
                tracking: try s.decode(column: "tracking", as: String?.self),
                shippedAt: Clock.date(try s.decode(column: "shipped_at", as: Int64.self)),
                deliveredAt: try s.decode(column: "delivered_at", as: Int64?.self).map(Clock.date), lines: perShipment[sid] ?? [:]))
        }
        var returns: [Int64: [ReturnRecord]] = [:]
        for r in try await db.raw("""
            SELECT id, order_id, order_line_id, quantity_milli, reason, restock, credit_note_id, net_minor, tax_minor, returned_at
            FROM returns WHERE order_id IN (\(binds: ids)) ORDER BY id
            """).all() {
            let orderId = try r.decode(column: "order_id", as: Int64.self)
            let currency = currencies[orderId] ?? base
            returns[orderId, default: []].append(ReturnRecord(
                id: try r.decode(column: "id", as: Int64.self), orderId: orderId, orderLineId: try r.decode(column: "order_line_id", as: Int64.self),
                quantity: Quantity(stored: try r.decode(column: "quantity_milli", as: Int64.self)),
                reason: try r.decode(column: "reason", as: String.self), restock: try r.decode(column: "restock", as: Bool.self),
                creditNoteId: try r.decode(column: "credit_note_id", as: Int64?.self),
                net: Money(minorUnits: try r.decode(column: "net_minor", as: Int64.self), currency: currency),
                tax: Money(minorUnits: try r.decode(column: "tax_minor", as: Int64.self), currency: currency),
                returnedAt: Clock.date(try r.decode(column: "returned_at", as: Int64.self))))
        }
        var invoices: [Int64: [Invoice]] = [:]
        for invoice in try await db.raw("""
            SELECT \(unsafeRaw: InvoiceRepository.columns) FROM invoices i WHERE i.order_id IN (\(binds: ids)) ORDER BY i.id
            """).all().map(InvoiceRepository.invoice) {
            invoices[invoice.orderId, default: []].append(invoice)
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: Int64.self)
            let currency = currencies[id] ?? base
            func money(_ column: String) throws -> Money { Money(minorUnits: try row.decode(column: column, as: Int64.self), currency: currency) }
            return Order(
                id: id, customerId: try row.decode(column: "customer_id", as: Int64.self),
                status: OrderStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft, currency: currency,
                rate: (try? ExchangeRate(try row.decode(column: "rate", as: String.self))) ?? .one,
                priceListId: try row.decode(column: "price_list_id", as: Int64?.self), channel: try row.decode(column: "channel", as: String.self),
                externalRef: try row.decode(column: "external_ref", as: String?.self),
                orderedAt: Clock.date(try row.decode(column: "ordered_at", as: Int64.self)), note: try row.decode(column: "note", as: String?.self),
                net: try money("net_minor"), tax: try money("tax_minor"), total: try money("total_minor"), lines: lines[id] ?? [],
                shipments: shipments[id] ?? [], returns: returns[id] ?? [], invoices: invoices[id] ?? [],
                version: Int(try row.decode(column: "version", as: Int64.self)),
                createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
                updatedAt: Clock.date(try row.decode(column: "updated_at", as: Int64.self)))
        }
    }
}
