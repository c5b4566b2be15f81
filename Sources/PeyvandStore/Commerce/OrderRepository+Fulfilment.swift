import Foundation
import PeyvandCore
import SQLKit

extension OrderRepository {
    /// Records a shipment of some or all of what remains; the order becomes partially or fully
    /// fulfilled. Shipping more than remains, from a draft, a cancelled or a closed order is refused.
    public func ship(_ orderId: Int64, _ input: ShipmentInput, by principal: Principal) async throws -> Order {
        try principal.require(.ordersWrite)
        let order = try await get(orderId, by: principal)
        var issues: [FieldIssue] = []
        var quantities: [Int64: Quantity] = [:]
        if input.lines.isEmpty {
            for line in order.lines where line.quantity > line.shipped {
                quantities[line.id] = Quantity(stored: line.quantity.thousandths - line.shipped.thousandths)
            }
            if quantities.isEmpty { issues.append(FieldIssue(field: "lines", reason: "everything on this order has shipped", code: "shipment.nothingLeft")) }
        } else {
            for (lineId, text) in input.lines.sorted(by: { $0.key < $1.key }) {
                do { quantities[lineId] = try Quantity(text) } catch {
                    issues += error.issues.map { $0.at("lines.\(lineId)") }
                }
            }
        }
        if let c = input.carrier, c.count > 100 { issues.append(FieldIssue(field: "carrier", reason: "at most 100 characters", code: "text.tooLong", params: ["max": "100"])) }
        if let t = input.tracking, t.count > 100 { issues.append(FieldIssue(field: "tracking", reason: "at most 100 characters", code: "text.tooLong", params: ["max": "100"])) }
        guard issues.isEmpty else { throw StoreError.invalid(ValidationError(issues)) }
        let after: FulfilmentLedger
        let next: OrderStatus
        do throws(ValidationError) {
            after = try order.ledger.recordingShipment(quantities)
            guard let extent = after.shipmentExtent else { throw ValidationError(field: "lines", reason: "nothing to ship", code: "shipment.nothingLeft") }
            next = try order.status.applying(.ship(extent))
        } catch { throw StoreError.invalid(error) }
        let shippedAt = input.shippedAt ?? Date()
        let shipping = quantities
        try await database.transaction { db in
            let now = Clock.nowMillis()
            let row = try await db.raw("""
                INSERT INTO shipments (order_id, carrier, tracking, shipped_at, created_by, created_at)
                VALUES (\(bind: orderId), \(bind: input.carrier), \(bind: input.tracking), \(bind: Clock.millis(shippedAt)),
                        \(bind: principal.userId), \(bind: now))
                RETURNING id
                """).first()
            let shipmentId = try row?.decode(column: "id", as: Int64.self) ?? 0
            for (lineId, quantity) in shipping.sorted(by: { $0.key < $1.key }) {
                try await db.raw("""
                    INSERT INTO shipment_lines (shipment_id, order_line_id, quantity_milli)
                    VALUES (\(bind: shipmentId), \(bind: lineId), \(bind: quantity.thousandths))
                    """).run()
                try await db.raw("""
                    UPDATE order_lines SET shipped_milli = shipped_milli + \(bind: quantity.thousandths) WHERE id = \(bind: lineId)
                    """).run()
            }
            try await Self.setStatus(db, order, next)
            let what = [input.carrier, input.tracking].compactMap { $0 }.joined(separator: " ")
            try await CommerceEvents.record(db, customerId: order.customerId, at: Clock.millis(shippedAt), kind: "shipment", orderId: orderId,
                                            title: "order #\(orderId) shipped \(next == .fulfilled ? "in full" : "in part")\(what.isEmpty ? "" : " — " + what)",
                                            by: principal)
            try await AuditLog.record(db, entity: "order", entityId: orderId, by: principal, action: "ship", field: "status",
                                      before: order.status.rawValue, after: next.rawValue, at: now)
        }
        return try await get(orderId, by: principal)
    }

    /// Marks a shipment delivered; a recent delivery sends its survey in the same transaction.
    public func deliver(_ orderId: Int64, shipment shipmentId: Int64, at: Date? = nil, by principal: Principal) async throws -> Order {
        try principal.require(.ordersWrite)
        let order = try await get(orderId, by: principal)
        guard let shipment = order.shipments.first(where: { $0.id == shipmentId }) else {
            throw StoreError.notFound(entity: "shipment", id: String(shipmentId))
        }
        guard shipment.deliveredAt == nil else { throw StoreError.conflict("shipment \(shipmentId) is delivered already") }
        let when = at ?? Date()
        guard when >= shipment.shippedAt else {
            throw StoreError.invalid(ValidationError(field: "deliveredAt", reason: "is before the shipment left", code: "delivery.beforeShipment"))
        }
        try await database.transaction { db in
            try await db.raw("UPDATE shipments SET delivered_at = \(bind: Clock.millis(when)) WHERE id = \(bind: shipmentId)").run()
            try await CommerceEvents.record(db, customerId: order.customerId, at: Clock.millis(when), kind: "delivery", orderId: orderId,
                                            title: "order #\(orderId) delivered", by: principal)
            // The customer is asked how the delivery went, once per shipment (when the settings ask for it).
            try await SurveySender.afterDelivery(db, orderId: orderId, shipmentId: shipmentId, customerId: order.customerId, deliveredAt: when,
                                                 now: Date())
        }
        return try await get(orderId, by: principal)
    }

    /// Takes back part of a shipped line with a reason; restocked or not. When the order is
    /// invoiced, a credit note for the returned part is issued at once.
    public func returnLine(_ orderId: Int64, _ input: ReturnInput, by principal: Principal) async throws -> Order {
        try principal.require(.ordersWrite)
        let order = try await get(orderId, by: principal)
        var issues: [FieldIssue] = []
        let line = order.lines.first { $0.id == input.orderLineId }
        if line == nil { issues.append(FieldIssue(field: "orderLineId", reason: "this order has no such line", code: "ref.unknown")) }
        var quantity: Quantity?
        do { quantity = try Quantity(input.quantity) } catch { issues += error.issues.map { $0.at("quantity") } }
        let reason = input.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty || reason.count > 500 { issues.append(FieldIssue(field: "reason", reason: "must be 1 to 500 characters", code: "text.length", params: ["max": "500"])) }
        if order.status == .cancelled { issues.append(FieldIssue(field: "orderId", reason: "the order is cancelled", code: "order.cancelled")) }
        guard issues.isEmpty, let line, let quantity else { throw StoreError.invalid(ValidationError(issues)) }
        do { try order.ledger.validateReturn(line: line.id, quantity: quantity) } catch { throw StoreError.invalid(error) }
        let net = line.net.share(quantity, of: line.quantity)
        let tax = line.tax.share(quantity, of: line.quantity)
        let base = line.unitCost.currency
        let baseNet = try order.rate.convert(net, to: base)
        let baseCost = input.restock ? try LinePricing(quantity: quantity, unitPrice: line.unitCost).gross : .zero(base)
        let returnedAt = input.returnedAt ?? Date()
        let invoice = order.invoices.first { $0.kind == .invoice }
        try await database.transaction { db in
            let now = Clock.nowMillis()
            let moved = try await db.raw("""
                UPDATE order_lines SET returned_milli = returned_milli + \(bind: quantity.thousandths)
                WHERE id = \(bind: line.id) AND returned_milli + \(bind: quantity.thousandths) <= shipped_milli
                RETURNING id
                """).first()
            guard moved != nil else { throw StoreError.conflict("the line changed meanwhile; reload and try again") }
            var creditNoteId: Int64?
            if let invoice {
                creditNoteId = try await InvoiceRepository.issueCreditNote(db, for: invoice, order: order, net: net, tax: tax, at: returnedAt, by: principal)
            }
            try await db.raw("""
                INSERT INTO returns (order_id, order_line_id, customer_id, quantity_milli, reason, restock, credit_note_id, net_minor, tax_minor,
                  base_net_minor, base_cost_minor, returned_at, created_by, created_at)
                VALUES (\(bind: orderId), \(bind: line.id), \(bind: order.customerId), \(bind: quantity.thousandths), \(bind: reason),
                  \(bind: input.restock), \(bind: creditNoteId), \(bind: net.minorUnits), \(bind: tax.minorUnits), \(bind: baseNet.minorUnits),
                  \(bind: baseCost.minorUnits), \(bind: Clock.millis(returnedAt)), \(bind: principal.userId), \(bind: now))
                """).run()
            try await db.raw("UPDATE orders SET version = version + 1, updated_at = \(bind: now) WHERE id = \(bind: orderId)").run()
            try await CommerceEvents.record(db, customerId: order.customerId, at: Clock.millis(returnedAt), kind: "return", orderId: orderId,
                                            title: "\(quantity) × \(line.description) returned: \(reason)", amount: try net.adding(tax), by: principal)
            try await AuditLog.record(db, entity: "order", entityId: orderId, by: principal, action: "return", field: "line \(line.lineNo)",
                                      after: "\(quantity)", at: now)
            try await SatisfactionAssessment.reassess(db, customerId: order.customerId, cause: "return")  // satisfaction classes
        }
        return try await get(orderId, by: principal)
    }
}
