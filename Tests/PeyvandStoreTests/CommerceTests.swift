import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import Testing

@Suite("Orders, invoices, payments and returns")
struct CommerceTests {
    static func setUp(_ db: Database) async throws -> (Principal, Customer, Product, Product) {
        let admin = try await TestDatabase.admin(db)
        let customer = try await CustomerRepository(db).create(CustomerInput(name: "مریم احمدی", phones: ["09121234567"]), by: admin)
        let products = ProductRepository(db)
        _ = try await products.createPriceList(name: "retail", currency: "IRR", by: admin)
        let tea = try await products.save(ProductInput(sku: "TEA-1", name: "چای ممتاز", unit: "kg", category: "food", cost: "600000",
                                                       prices: ["retail": "1,000,000"]), by: admin)
        let cup = try await products.save(ProductInput(sku: "CUP-2", name: "Cup", cost: "50000", prices: ["retail": "120000"]), by: admin)
        return (admin, customer, tea, cup)
    }

    @Test("an order is shipped in two parts, invoiced, paid partly by cheque, a line returned with a credit note; value follows", arguments: TestDatabase.kinds)
    func wholeFlow(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, customer, tea, cup) = try await Self.setUp(db)
            let orders = OrderRepository(db)
            let (order, created) = try await orders.create(customerId: customer.id, OrderInput(lines: [
                OrderLineInput(productId: tea.id, quantity: "۲", discountPercent: "10", taxRate: "10"),
                OrderLineInput(sku: "CUP-2", quantity: "6", taxRate: "10"),
            ]), by: admin)
            #expect(created)
            #expect(order.status == .draft)
            // 2 × 1,000,000 − 10% = 1,800,000 + 10% tax; 6 × 120,000 = 720,000 + 72,000.
            #expect(order.net.minorUnits == 2_520_000)
            #expect(order.tax.minorUnits == 252_000)
            #expect(order.total.minorUnits == 2_772_000)
            await #expect(throws: StoreError.self) { _ = try await InvoiceRepository(db).invoice(orderId: order.id, by: admin) }
            _ = try await orders.apply(.confirm, to: order.id, by: admin)
            let teaLine = order.lines[0], cupLine = order.lines[1]
            let part = try await orders.ship(order.id, ShipmentInput(carrier: "پست", tracking: "TR1", lines: [teaLine.id: "2", cupLine.id: "2"]), by: admin)
            #expect(part.status == .partiallyFulfilled)
            await #expect(throws: StoreError.self) {
                _ = try await orders.ship(order.id, ShipmentInput(lines: [cupLine.id: "5"]), by: admin)
            }
            let full = try await orders.ship(order.id, ShipmentInput(carrier: "تیپاکس"), by: admin)
            #expect(full.status == .fulfilled)
            #expect(full.shipments.count == 2)
            #expect(full.shipments[1].lines == [cupLine.id: try Quantity("4")])

            let invoices = InvoiceRepository(db)
            let invoice = try await invoices.invoice(orderId: order.id, termsDays: 30, by: admin)
            #expect(invoice.total.minorUnits == 2_772_000)
            #expect(invoice.number.hasSuffix("-000001"))
            await #expect(throws: StoreError.self) { _ = try await invoices.invoice(orderId: order.id, by: admin) }
            let cheque = try await invoices.pay(invoice.id, PaymentInput(amount: "1000000", method: "cheque", reference: "123456",
                                                                        chequeBank: "ملت", chequeDueDate: Date().addingTimeInterval(30 * 86_400)), by: admin)
            #expect(cheque.method.kind == "cheque")
            // Paying more than is due is refused and names what is due.
            do {
                _ = try await invoices.pay(invoice.id, PaymentInput(amount: "1772001", method: "cash"), by: admin)
                Issue.record("overpayment accepted")
            } catch StoreError.invalid(let error) {
                #expect(error.reasons(for: "amount").first?.contains("1772000") == true)
            }
            // Return 2 cups (not restocked): credit note of 2 × 120,000 + 10%.
            let returned = try await orders.returnLine(order.id, ReturnInput(orderLineId: cupLine.id, quantity: "2", reason: "broken", restock: false), by: admin)
            let note = try #require(returned.invoices.first { $0.kind == .creditNote })
            #expect(note.total.minorUnits == 264_000)
            #expect(note.number.hasPrefix("CN-"))
            let after = try await invoices.get(invoice.id, by: admin)
            #expect(after.outstanding.minorUnits == 2_772_000 - 1_000_000 - 264_000)
            await #expect(throws: StoreError.self) {
                _ = try await orders.returnLine(order.id, ReturnInput(orderLineId: cupLine.id, quantity: "5", reason: "more", restock: true), by: admin)
            }
            // Value: revenue 2,520,000 − 240,000; goods 2 × 600,000 + 6 × 50,000 (the broken cups were not restocked).
            let value = try await CustomerValueQuery(db).value(of: customer.id, by: admin)
            #expect(value.value.revenue.minorUnits == 2_280_000)
            #expect(value.value.costOfGoods.minorUnits == 1_500_000)
            #expect(value.value.profit.minorUnits == 780_000)
            // Every step is on the timeline.
            let timeline = try await Timeline(db, sources: [InteractionRepository(db), CommerceEvents(db)])
                .page(of: customer.id, InteractionQuery(limit: 50), by: admin)
            let kinds = Set(timeline.items.map(\.kind))
            #expect(kinds.isSuperset(of: ["order", "order-confirmed", "shipment", "invoice", "payment", "return", "credit-note"]))
            // A posted invoice's order cannot be cancelled.
            await #expect(throws: StoreError.self) { _ = try await orders.apply(.cancel, to: order.id, by: admin) }
        }
    }

    @Test("bad orders are refused with the line and field, and store nothing", arguments: TestDatabase.kinds)
    func badInput(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, customer, tea, _) = try await Self.setUp(db)
            let orders = OrderRepository(db)
            do {
                _ = try await orders.create(customerId: customer.id, OrderInput(lines: [
                    OrderLineInput(productId: tea.id, quantity: "0"),
                    OrderLineInput(sku: "NOPE", quantity: "1"),
                    OrderLineInput(description: "free text", quantity: "1"),
                    OrderLineInput(productId: tea.id, quantity: "1", discount: "5000000"),
                ]), by: admin)
                Issue.record("accepted")
            } catch StoreError.invalid(let error) {
                let fields = Set(error.issues.map(\.field))
                #expect(fields.isSuperset(of: ["lines[0].quantity", "lines[1].sku", "lines[2].unitPrice", "lines[3].discount"]))
            }
            // A currency without a rate for the day.
            do {
                _ = try await orders.create(customerId: customer.id, OrderInput(currency: "USD", lines: [OrderLineInput(description: "x", quantity: "1", unitPrice: "10")]), by: admin)
                Issue.record("accepted")
            } catch StoreError.invalid(let error) {
                #expect(error.reasons(for: "currency").first?.contains("no exchange rate for USD") == true)
            }
            #expect(try await orders.list(customerId: customer.id, by: admin).items.isEmpty)
            // With a rate it is taken, and valued in Rials.
            _ = try await ExchangeRates(db).set("usd", rate: "1050000", on: Date().addingTimeInterval(-86_400), by: admin)
            let (usd, _) = try await orders.create(customerId: customer.id, OrderInput(currency: "USD", externalRef: "shop-1",
                lines: [OrderLineInput(description: "consulting", quantity: "1.5", unitPrice: "10.00")], confirm: true), by: admin)
            #expect(usd.total.majorString == "15.00")
            let (again, created) = try await orders.create(customerId: customer.id, OrderInput(currency: "USD", externalRef: "shop-1",
                lines: [OrderLineInput(description: "consulting", quantity: "1.5", unitPrice: "10.00")], confirm: true), by: admin)
            #expect(!created && again.id == usd.id)
            let value = try await CustomerValueQuery(db).value(of: customer.id, by: admin)
            #expect(value.value.revenue == Money(minorUnits: 15_750_000, currency: .irr))
            // Cancelled orders are not invoiced.
            _ = try await orders.apply(.cancel, to: usd.id, by: admin)
            do {
                _ = try await InvoiceRepository(db).invoice(orderId: usd.id, by: admin)
                Issue.record("invoiced a cancelled order")
            } catch StoreError.invalid(let error) {
                #expect(error.reasons(for: "orderId") == ["a cancelled order cannot be invoiced"])
            }
        }
    }

    @Test("concurrent payments never exceed what is due; invoice numbers have no gaps", arguments: TestDatabase.kinds)
    func concurrency(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, customer, tea, _) = try await Self.setUp(db)
            let orders = OrderRepository(db)
            var invoiceIds: [Int64] = []
            for _ in 0..<4 {
                let (order, _) = try await orders.create(customerId: customer.id, OrderInput(lines: [OrderLineInput(productId: tea.id, quantity: "1")], confirm: true), by: admin)
                invoiceIds.append(try await InvoiceRepository(db).invoice(orderId: order.id, by: admin).id)
            }
            let numbers = try await invoiceIds.asyncMapForTests { try await InvoiceRepository(db).get($0, by: admin).number }
            #expect(numbers.map { Int($0.suffix(6))! } == [1, 2, 3, 4])
            let first = invoiceIds[0]
            let accepted = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<6 {
                    group.addTask { (try? await InvoiceRepository(db).pay(first, PaymentInput(amount: "300000", method: "card"), by: admin)) != nil }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(accepted == 3)
            let invoice = try await InvoiceRepository(db).get(invoiceIds[0], by: admin)
            #expect(invoice.paid.minorUnits == 900_000)
            #expect(try await InvoiceRepository(db).payments(of: invoiceIds[0], by: admin).count == 3)
        }
    }

    @Test("ageing buckets and the overdue list", arguments: TestDatabase.kinds)
    func ageing(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, customer, tea, _) = try await Self.setUp(db)
            let orders = OrderRepository(db)
            let day = 86_400.0
            for (issuedDaysAgo, terms) in [(10, 30), (45, 7), (100, 30), (200, 0)] {
                let (order, _) = try await orders.create(customerId: customer.id, OrderInput(orderedAt: Date().addingTimeInterval(-Double(issuedDaysAgo) * day),
                    lines: [OrderLineInput(productId: tea.id, quantity: "1")], confirm: true), by: admin)
                _ = try await InvoiceRepository(db).invoice(orderId: order.id, termsDays: terms, issuedAt: Date().addingTimeInterval(-Double(issuedDaysAgo) * day), by: admin)
            }
            let report = try await Receivables(db).ageing(by: admin)
            let irr = report.totals(in: .irr)
            #expect(irr[.notDue].minorUnits == 1_000_000)
            #expect(irr[.overdue31To60].minorUnits == 1_000_000)
            #expect(irr[.overdue61To90].minorUnits == 1_000_000)
            #expect(irr[.overdueOver90].minorUnits == 1_000_000)
            #expect(irr.total.minorUnits == 4_000_000)
            let overdue = try await Receivables(db).overdue(by: admin)
            #expect(overdue.items.map(\.daysPastDue) == [200, 70, 38])
        }
    }
}

extension Array {
    func asyncMapForTests<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
