import Foundation
import PeyvandCore
import PeyvandTestSupport
import SQLKit
import Testing
@testable import PeyvandStore

/// Commerce and interaction changes reach the webhook subscribers of their event type, in the
/// transaction of the change; imported history does not.
@Suite("webhook events of every area")
struct WebhookEventsTests {
    @Test("an order's life, its invoice, a payment and an interaction each queue their event", arguments: TestDatabase.kinds)
    func commerceEvents(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, customer, tea, _) = try await CommerceTests.setUp(db)
            let wanted = ["order.created", "order.confirmed", "invoice.issued", "payment.received", "interaction.created"]
            _ = try await WebhookSubscriptions(db).create(url: "http://127.0.0.1:9/hook", eventTypes: wanted, by: admin)
            let orders = OrderRepository(db)
            let (order, _) = try await orders.create(customerId: customer.id, OrderInput(lines: [OrderLineInput(productId: tea.id, quantity: "1")]), by: admin)
            _ = try await orders.apply(.confirm, to: order.id, by: admin)
            _ = try await orders.apply(.cancel, to: order.id, by: admin)
            let (second, _) = try await orders.create(customerId: customer.id, OrderInput(lines: [OrderLineInput(productId: tea.id, quantity: "1")],
                                                                                         confirm: true), by: admin)
            let invoice = try await InvoiceRepository(db).invoice(orderId: second.id, by: admin)
            _ = try await InvoiceRepository(db).pay(invoice.id, PaymentInput(amount: "100000", method: "cash"), by: admin)
            _ = try await InteractionRepository(db).create(customerId: customer.id, InteractionInput(kind: "call", direction: "in"), by: admin)
            let rows = try await db.sql.raw("SELECT event_type, payload FROM outbox_messages WHERE channel = 'webhook' ORDER BY id").all()
            let types = try rows.map { try $0.decode(column: "event_type", as: String.self) }
            #expect(types == ["order.created", "order.confirmed", "order.created", "order.confirmed", "invoice.issued", "payment.received",
                              "interaction.created"],
                    "the cancellation was not subscribed to; an order created confirmed is both created and confirmed")
            let payment = try #require(try rows.first { try $0.decode(column: "event_type", as: String.self) == "payment.received" })
            let body = try payment.decode(column: "payload", as: String.self)
            #expect(body.contains("\"invoiceId\":\"\(invoice.id)\"") && body.contains("\"amount\":\"100000\""))
        }
    }
}
