import Foundation
import PeyvandAnalytics
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

/// Random sequences of orders, shipments, invoices, payments and returns through the store, some
/// of them bad on purpose; after each run the stored ledger must add up exactly.
@Suite("Commerce ledger under random operations")
struct CommercePropertyTests {
    @Test("stored totals, payments and quantities add up after random operations", arguments: TestDatabase.kinds)
    func ledgerAddsUp(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, customer, tea, cup) = try await CommerceTests.setUp(db)
            let orders = OrderRepository(db), invoices = InvoiceRepository(db)
            var random = SplitMix64(seed: 2026)
            var orderIds: [Int64] = [], invoiceIds: [Int64] = []
            var accepted = 0, refused = 0
            var expectedPaid: [Int64: Int64] = [:]
            for _ in 0..<80 {
                do {
                    switch Int.random(in: 0..<6, using: &random) {
                    case 0:
                        let (order, _) = try await orders.create(customerId: customer.id, OrderInput(lines: [
                            OrderLineInput(productId: tea.id, quantity: String(Int.random(in: 1...4, using: &random)), taxRate: "9"),
                            OrderLineInput(productId: cup.id, quantity: "\(Int.random(in: 1...5, using: &random)).5", discountPercent: "7.5"),
                        ], confirm: true), by: admin)
                        orderIds.append(order.id)
                    case 1, 2:
                        guard let id = orderIds.randomElement(using: &random) else { continue }
                        let order = try await orders.get(id, by: admin)
                        let line = order.lines.randomElement(using: &random)!
                        _ = try await orders.ship(id, ShipmentInput(lines: [line.id: String(Int.random(in: 1...3, using: &random))]), by: admin)
                    case 3:
                        guard let id = orderIds.randomElement(using: &random) else { continue }
                        invoiceIds.append(try await invoices.invoice(orderId: id, by: admin).id)
                    case 4:
                        guard let id = invoiceIds.randomElement(using: &random) else { continue }
                        let amount = Int64.random(in: 1...1_500_000, using: &random)
                        _ = try await invoices.pay(id, PaymentInput(amount: String(amount), method: "cash"), by: admin)
                        expectedPaid[id, default: 0] += amount
                    default:
                        guard let id = orderIds.randomElement(using: &random) else { continue }
                        let order = try await orders.get(id, by: admin)
                        let line = order.lines.randomElement(using: &random)!
                        _ = try await orders.returnLine(id, ReturnInput(orderLineId: line.id, quantity: "1", reason: "test", restock: Bool.random(using: &random)), by: admin)
                    }
                    accepted += 1
                } catch is StoreError {
                    refused += 1
                }
            }
            #expect(accepted > 20 && refused > 5)
            let sql = db.sql
            func count(_ query: SQLQueryString) async throws -> Int64 {
                try await sql.raw(query).first()?.decode(column: "n", as: Int64.self) ?? -1
            }
            // Order totals are the sums of their lines; lines never ship or return more than they may.
            #expect(try await count("SELECT COUNT(*) AS n FROM orders o WHERE o.total_minor <> (SELECT SUM(total_minor) FROM order_lines l WHERE l.order_id = o.id)") == 0)
            #expect(try await count("SELECT COUNT(*) AS n FROM order_lines WHERE shipped_milli > quantity_milli OR returned_milli > shipped_milli") == 0)
            #expect(try await count("""
                SELECT COUNT(*) AS n FROM order_lines l WHERE l.shipped_milli <> COALESCE((SELECT SUM(quantity_milli) FROM shipment_lines s WHERE s.order_line_id = l.id), 0)
                """) == 0)
            #expect(try await count("""
                SELECT COUNT(*) AS n FROM order_lines l WHERE l.returned_milli <> COALESCE((SELECT SUM(quantity_milli) FROM returns r WHERE r.order_line_id = l.id), 0)
                """) == 0)
            // Paid is what the payments add up to; nothing is ever paid beyond what is due.
            for id in invoiceIds {
                let invoice = try await invoices.get(id, by: admin)
                #expect(invoice.paid.minorUnits == expectedPaid[id, default: 0])
                #expect(invoice.total.minorUnits - invoice.paid.minorUnits - invoice.credited.minorUnits >= 0)
                #expect(try await invoices.payments(of: id, by: admin).reduce(0) { $0 + $1.amount.minorUnits } == invoice.paid.minorUnits)
            }
            // Credit notes equal the returns they were issued for.
            #expect(try await count("""
                SELECT COUNT(*) AS n FROM invoices c WHERE c.kind = 'credit-note'
                  AND c.total_minor <> (SELECT SUM(r.net_minor + r.tax_minor) FROM returns r WHERE r.credit_note_id = c.id)
                """) == 0)
            // The ageing report's running sums equal what the open invoices owe.
            let report = try await Receivables(db).ageing(by: admin)
            let owed = try await count("SELECT CAST(COALESCE(SUM(total_minor - paid_minor - credited_minor), 0) AS BIGINT) AS n FROM invoices WHERE kind = 'invoice'")
            #expect(report.totals(in: .irr).total.minorUnits == owed)
            // Invoice numbers run 1…n without gaps.
            let numbers = try await sql.raw("SELECT number FROM invoices WHERE kind = 'invoice' ORDER BY id").all()
                .map { Int(try $0.decode(column: "number", as: String.self).suffix(6))! }
            #expect(numbers == Array(1...max(1, numbers.count)).prefix(numbers.count).map { $0 })
        }
    }
}
