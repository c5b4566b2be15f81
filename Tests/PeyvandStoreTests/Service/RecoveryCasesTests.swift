import Foundation
import PeyvandCore
@testable import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

/// Recovery cases worked by hand: opened, changed with the version read, compensated (a discount,
/// points, a replacement order for a return), closed as recovered with the class measured.
@Suite("Service: recovery cases")
struct RecoveryCasesTests {
    /// A confirmed, shipped order of the customer with one line returned; the return's id.
    static func returned(_ db: Database, customerId: Int64, by admin: Principal) async throws -> Int64 {
        let orders = OrderRepository(db)
        let (order, _) = try await orders.create(customerId: customerId, OrderInput(lines: [
            OrderLineInput(description: "کتری برقی", quantity: "2", unitPrice: "1500000"),
        ], confirm: true), by: admin)
        _ = try await orders.ship(order.id, ShipmentInput(), by: admin)
        _ = try await orders.returnLine(order.id, ReturnInput(orderLineId: order.lines[0].id, quantity: "1", reason: "خراب", restock: false), by: admin)
        return try #require(try await db.sql.raw("SELECT id FROM returns WHERE order_id = \(bind: order.id)").first()?.decode(column: "id", as: Int64.self))
    }

    static func invalid(_ field: String, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("accepted")
        } catch StoreError.invalid(let error) {
            #expect(error.issues.contains { $0.field == field }, "\(error.issues)")
        } catch { Issue.record("\(error)") }
    }

    @Test("opened by hand, changed with the version read, compensated, closed as recovered with the class measured; closed twice is a conflict",
          arguments: TestDatabase.kinds)
    func workCase(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (f, manager) = try await SatisfactionResponseTests.withManager(db)
            let cases = RecoveryCases(db)
            let ticket = try await Tickets(db).open(TicketInput(customerId: String(f.customer.id), subject: "بسته ناقص"), by: f.admin)
            var c = try await cases.open(customerId: f.customer.id, ticketId: ticket.id, cause: "  ", by: f.admin)
            #expect(c.status == .open && c.ticketId == ticket.id && c.cause == nil && c.version == 1)
            // One open case per customer.
            await #expect(throws: StoreError.self) { _ = try await cases.open(customerId: f.customer.id, ticketId: nil, cause: nil, by: f.admin) }
            // A ticket of another customer is refused.
            let other = try await CustomerRepository(db).create(CustomerInput(name: "علی رضایی"), by: f.admin)
            await Self.invalid("ticketId") { _ = try await cases.open(customerId: other.id, ticketId: ticket.id, cause: nil, by: f.admin) }

            c = try await cases.update(c.id, RecoveryCaseChange(cause: "بسته‌بندی ناقص", remedy: "ارسال دوباره", ownerId: manager.id,
                                                                 compensationKind: .discount, compensationAmount: "۵۰۰۰۰۰"),
                                       expectedVersion: 1, by: f.admin)
            #expect(c.version == 2 && c.ownerId == manager.id && c.compensationAmount == Money(minorUnits: 500_000, currency: .irr))
            // A stale version changes nothing.
            await #expect(throws: StoreError.versionMismatch(current: 2)) {
                _ = try await cases.update(c.id, RecoveryCaseChange(remedy: "x"), expectedVersion: 1, by: f.admin)
            }
            // Negative, another currency, points out of range, unknown and foreign returns: 422, nothing stored.
            await Self.invalid("compensationAmount") {
                _ = try await cases.update(c.id, RecoveryCaseChange(compensationKind: .discount, compensationAmount: "-1"), expectedVersion: 2, by: f.admin)
            }
            await Self.invalid("compensationAmount") {
                _ = try await cases.update(c.id, RecoveryCaseChange(compensationKind: .discount, compensationAmount: "10", compensationCurrency: "USD"),
                                           expectedVersion: 2, by: f.admin)
            }
            await Self.invalid("compensationPoints") {
                _ = try await cases.update(c.id, RecoveryCaseChange(compensationKind: .points, compensationPoints: -5), expectedVersion: 2, by: f.admin)
            }
            await Self.invalid("returnId") {
                _ = try await cases.update(c.id, RecoveryCaseChange(compensationKind: .replacement, returnId: 999_999), expectedVersion: 2, by: f.admin)
            }
            let foreign = try await Self.returned(db, customerId: other.id, by: f.admin)
            await Self.invalid("returnId") {
                _ = try await cases.update(c.id, RecoveryCaseChange(compensationKind: .replacement, returnId: foreign), expectedVersion: 2, by: f.admin)
            }
            #expect(try await cases.get(c.id, by: f.admin) == c, "a refused change stores nothing")
            let ordersBefore = try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM orders")

            // Points, then a replacement for the customer's own return: a confirmed order of the returned goods at price 0.
            c = try await cases.update(c.id, RecoveryCaseChange(compensationKind: .points, compensationPoints: 200), expectedVersion: 2, by: f.admin)
            #expect(c.compensationPoints == 200 && c.compensationAmount == nil)
            let own = try await Self.returned(db, customerId: f.customer.id, by: f.admin)
            c = try await cases.update(c.id, RecoveryCaseChange(compensationKind: .replacement, returnId: own), expectedVersion: 3, by: f.admin)
            let orderId = try #require(c.replacementOrderId)
            #expect(c.returnId == own && c.compensationPoints == nil)
            let order = try await OrderRepository(db).get(orderId, by: f.admin)
            #expect(order.customerId == f.customer.id && order.status == .confirmed && order.total.minorUnits == 0)
            #expect(order.lines.count == 1 && order.lines[0].description == "کتری برقی")
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM orders") == ordersBefore + 2, "the own return's order and the replacement")
            // Saving again makes no second order; another kind is refused once the order exists.
            c = try await cases.update(c.id, RecoveryCaseChange(outcome: "در راه"), expectedVersion: 4, by: f.admin)
            #expect(c.replacementOrderId == orderId)
            await Self.invalid("compensationKind") {
                _ = try await cases.update(c.id, RecoveryCaseChange(compensationKind: CompensationKind.none), expectedVersion: 5, by: f.admin)
            }

            // Closing as recovered reassesses the customer (evidence up to the recovery no longer
            // makes them unhappy) and records the class the engine measured as the class after.
            await #expect(throws: StoreError.versionMismatch(current: 5)) {
                _ = try await cases.close(c.id, recovered: true, outcome: nil, expectedVersion: 4, by: f.admin)
            }
            c = try await cases.close(c.id, recovered: true, outcome: "مشتری راضی شد", expectedVersion: 5, by: f.admin)
            let measured = try await db.sql.raw("SELECT class FROM customer_satisfaction WHERE customer_id = \(bind: f.customer.id)").first()?
                .decode(column: "class", as: String?.self)
            #expect(c.status == .recovered && c.closedAt != nil && c.measuredAt != nil && c.outcome == "مشتری راضی شد")
            #expect(c.classAfter?.rawValue == measured && c.classAfter != .angry && c.classAfter != .dissatisfied, "the return before the recovery no longer counts")
            await #expect(throws: StoreError.self) { _ = try await cases.close(c.id, recovered: false, outcome: nil, expectedVersion: nil, by: f.admin) }
            await #expect(throws: StoreError.self) { _ = try await cases.update(c.id, RecoveryCaseChange(remedy: "x"), expectedVersion: nil, by: f.admin) }
            // Closed, another case may be opened.
            let next = try await cases.open(customerId: f.customer.id, ticketId: nil, cause: nil, by: f.admin)
            #expect(next.number != c.number)
        }
    }

    @Test("reading is tickets.read; working a case is recovery.manage", arguments: TestDatabase.kinds)
    func permissions(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (f, _) = try await SatisfactionResponseTests.withManager(db)
            let c = try await RecoveryCases(db).open(customerId: f.customer.id, ticketId: nil, cause: nil, by: f.admin)
            let analyst = Principal(userId: 9_999, name: "Analyst", role: .crmAnalyst)
            #expect(try await RecoveryCases(db).get(c.id, by: analyst).id == c.id)
            await #expect(throws: StoreError.self) {
                _ = try await RecoveryCases(db).update(c.id, RecoveryCaseChange(remedy: "x"), expectedVersion: nil, by: analyst)
            }
            let partner = Principal(userId: 9_998, name: "Partner", role: .partner)
            await #expect(throws: StoreError.self) { _ = try await RecoveryCases(db).get(c.id, by: partner) }
        }
    }
}
