import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import Testing

@Suite("Who reaches orders, invoices and receivables")
struct CommerceAccessTests {
    @Test("a sales rep reaches the orders and receivables of their own customers only; an analyst may not take orders", arguments: TestDatabase.kinds)
    func scoped(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, other, tea, _) = try await CommerceTests.setUp(db)
            let users = UserRepository(db)
            let rep = try await users.create(email: "rep@example.test", name: "Rep", role: .salesRep, password: "long enough pw").principal
            let analyst = try await users.create(email: "analyst@example.test", name: "Analyst", role: .crmAnalyst, password: "long enough pw").principal
            let mine = try await CustomerRepository(db).create(CustomerInput(name: "Mine", ownerId: String(rep.userId)), by: admin)
            let orders = OrderRepository(db), invoices = InvoiceRepository(db)
            let (myOrder, _) = try await orders.create(customerId: mine.id, OrderInput(lines: [OrderLineInput(productId: tea.id, quantity: "1")], confirm: true), by: rep)
            let (theirOrder, _) = try await orders.create(customerId: other.id, OrderInput(lines: [OrderLineInput(productId: tea.id, quantity: "2")], confirm: true), by: admin)
            _ = try await invoices.invoice(orderId: myOrder.id, by: rep)
            let theirInvoice = try await invoices.invoice(orderId: theirOrder.id, by: admin)
            // The other customer's order and invoice are out of reach, as if they did not exist.
            await #expect(throws: StoreError.notFound(entity: "order", id: String(theirOrder.id))) { _ = try await orders.get(theirOrder.id, by: rep) }
            await #expect(throws: StoreError.notFound(entity: "invoice", id: String(theirInvoice.id))) { _ = try await invoices.get(theirInvoice.id, by: rep) }
            await #expect(throws: StoreError.self) { _ = try await invoices.pay(theirInvoice.id, PaymentInput(amount: "1", method: "cash"), by: rep) }
            #expect(try await orders.summaries(by: rep).items.map(\.id) == [myOrder.id])
            // Receivables: the rep sees what their customer owes; the administrator sees everything.
            #expect(try await Receivables(db).ageing(by: rep).totals(in: .irr).total.minorUnits == 1_000_000)
            #expect(try await Receivables(db).ageing(by: admin).totals(in: .irr).total.minorUnits == 3_000_000)
            // Reading is not taking orders.
            await #expect(throws: StoreError.self) {
                _ = try await orders.create(customerId: other.id, OrderInput(lines: [OrderLineInput(productId: tea.id, quantity: "1")]), by: analyst)
            }
            await #expect(throws: StoreError.self) { _ = try await invoices.pay(theirInvoice.id, PaymentInput(amount: "1", method: "cash"), by: analyst) }
        }
    }
}
