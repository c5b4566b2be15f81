import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

/// The start page's figures, counted from data made here, for a manager and for a sales rep.
@Suite struct DashboardTests {
    static let day: TimeInterval = 86_400

    /// Customers A (the rep's), B, C (merged into B today), D (last in touch 100 days ago), E (in touch 5 days ago);
    /// A ordered this month, B last month (invoiced 60 days ago on 30-day terms: overdue); A and B on the keep list.
    static func setUp(_ db: Database, now: Date) async throws -> (admin: Principal, rep: Principal, ids: [String: Int64]) {
        let admin = try await TestDatabase.admin(db)
        let repUser = try await UserRepository(db).create(email: "rep@example.test", name: "Rep", role: .salesRep, password: "long enough pw")
        let customers = CustomerRepository(db)
        var ids: [String: Int64] = [:]
        for (key, name, owner) in [("A", "آرش", String(repUser.id)), ("B", "بهار", nil), ("C", "بهار رضایی", nil), ("D", "دارا", nil), ("E", "الهه", nil)] {
            ids[key] = try await customers.create(CustomerInput(name: name, ownerId: owner), by: admin).id
        }
        let products = ProductRepository(db)
        _ = try await products.createPriceList(name: "retail", currency: "IRR", by: admin)
        let tea = try await products.save(ProductInput(sku: "TEA-1", name: "چای", cost: "600000", prices: ["retail": "1,000,000"]), by: admin)
        let orders = OrderRepository(db)
        func order(_ key: String, qty: String, at: Date, confirm: Bool = true) async throws -> Order {
            try await orders.create(customerId: ids[key]!, OrderInput(orderedAt: at, lines: [OrderLineInput(productId: tea.id, quantity: qty, taxRate: "0")],
                                                                     confirm: confirm), by: admin).order
        }
        _ = try await order("A", qty: "1", at: now.addingTimeInterval(-1 * day))
        let lastMonth = try await order("B", qty: "2", at: now.addingTimeInterval(-20 * day))
        _ = try await order("B", qty: "5", at: now.addingTimeInterval(-2 * day), confirm: false) // a draft: not revenue
        _ = try await orders.ship(lastMonth.id, ShipmentInput(), by: admin)
        _ = try await InvoiceRepository(db).invoice(orderId: lastMonth.id, termsDays: 30, issuedAt: now.addingTimeInterval(-60 * day), by: admin)
        let interactions = InteractionRepository(db)
        _ = try await interactions.create(customerId: ids["D"]!, InteractionInput(kind: "call", occurredAt: now.addingTimeInterval(-100 * day)), by: admin)
        _ = try await interactions.create(customerId: ids["E"]!, InteractionInput(kind: "call", occurredAt: now.addingTimeInterval(-5 * day)), by: admin)
        for (list, rank, key) in [("keep", 1, "A"), ("keep", 2, "B"), ("win-back", 1, "D")] {
            try await db.sql.raw("""
                INSERT INTO retention_entries (list, rank, customer_id, value_minor, churn_risk, recency_days, reason, action)
                VALUES (\(bind: list), \(bind: Int64(rank)), \(bind: ids[key]!), 1000, 0.8, 40, 'high-value-high-risk', 'retention-offer')
                """).run()
        }
        // Everything so far happened a year ago, as imported history does; then B absorbs C today, and
        // an imported row is written last with a time in 2024.
        try await db.sql.raw("UPDATE audit_log SET at = at - \(bind: Int64(365 * day * 1000))").run()
        _ = try await MergeService(db).merge(ids["C"]!, into: ids["B"]!, by: admin)
        try await db.sql.raw("""
            INSERT INTO audit_log (entity, entity_id, at, actor_name, action) VALUES ('customer', \(bind: ids["D"]!), 1718000000000, 'import', 'create')
            """).run()
        return (admin, repUser.principal, ids)
    }

    static func period(_ now: Date) -> DashboardPeriod {
        DashboardPeriod(now: now, thisMonthStart: now.addingTimeInterval(-10 * day), lastMonthStart: now.addingTimeInterval(-40 * day),
                        activeSince: now.addingTimeInterval(-90 * day))
    }

    @Test("a manager's dashboard counts customers, the active, this month's and last month's sales, what is overdue and who is at risk",
          arguments: TestDatabase.kinds)
    func managersFigures(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let now = Date()
            let (admin, _, ids) = try await Self.setUp(db, now: now)
            let f = try await Dashboard(db).figures(Self.period(now), by: admin)
            #expect(f.customers == 4) // C was merged
            #expect(f.active == 3) // A, B bought; E was in touch; D's call is too old
            #expect(f.revenueThisMonth == Money(minorUnits: 1_000_000, currency: .irr))
            #expect(f.revenueLastMonth == Money(minorUnits: 2_000_000, currency: .irr))
            #expect(f.overdueInvoices == 1)
            #expect(f.overdueAmounts == [Money(minorUnits: 2_000_000, currency: .irr)])
            #expect(f.atRisk == 2)
            // Newest first by time: today's merge on top, the 2024 import row last, whatever their ids.
            #expect(f.recent.first?.customerId == ids["B"] && f.recent.first?.action == "merge")
            #expect(f.recent.map(\.at) == f.recent.map(\.at).sorted(by: >))
            #expect(!f.recent.contains { $0.customerId == ids["C"] })
            let all = try await Dashboard(db).recentChanges(limit: 100, by: admin)
            #expect(all.last?.customerId == ids["D"] && all.last?.actorName == "import")
        }
    }

    @Test("a sales rep's dashboard counts only their own customers", arguments: TestDatabase.kinds)
    func repsFigures(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let now = Date()
            let (_, rep, ids) = try await Self.setUp(db, now: now)
            let f = try await Dashboard(db).figures(Self.period(now), by: rep)
            #expect(f.customers == 1)
            #expect(f.active == 1)
            #expect(f.revenueThisMonth.minorUnits == 1_000_000)
            #expect(f.revenueLastMonth.minorUnits == 0)
            #expect(f.overdueInvoices == 0 && f.overdueAmounts.isEmpty)
            #expect(f.atRisk == 1)
            #expect(!f.recent.isEmpty && f.recent.allSatisfy { $0.customerId == ids["A"] })
        }
    }

    @Test("recent interactions across customers: the rep's only, newest first, filtered, page after page", arguments: TestDatabase.kinds)
    func recentInteractions(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let now = Date()
            let (admin, rep, ids) = try await Self.setUp(db, now: now)
            let interactions = InteractionRepository(db)
            for (n, key) in ["A", "B", "A", "A", "E"].enumerated() {
                _ = try await interactions.create(customerId: ids[key]!, InteractionInput(kind: n == 3 ? "email" : "call",
                                                                                          occurredAt: now.addingTimeInterval(-Double(n) * 3600), subject: "\(n)"), by: admin)
            }
            let everyone = try await interactions.recent(InteractionQuery(limit: 50), by: admin).items
            #expect(everyone.count == 7)
            #expect(everyone.map { $0.interaction.fields.occurredAt } == everyone.map { $0.interaction.fields.occurredAt }.sorted(by: >))
            // The rep reaches A only; two a page, the cursor continuing where the page stopped.
            var seen: [String] = []
            var query = InteractionQuery(limit: 2)
            while true {
                let page = try await interactions.recent(query, by: rep)
                #expect(page.items.allSatisfy { $0.interaction.customerId == ids["A"] && $0.customerName == "آرش" })
                seen += page.items.compactMap { $0.interaction.fields.subject }
                guard let next = page.next else { break }
                query.before = TimelineCursor.decode(next)
            }
            #expect(seen == ["0", "2", "3"])
            var calls = InteractionQuery(kind: .call, limit: 50)
            #expect(try await interactions.recent(calls, by: rep).items.compactMap { $0.interaction.fields.subject } == ["0", "2"])
            calls.from = now.addingTimeInterval(-7 * Self.day)
            #expect(try await interactions.recent(calls, by: admin).items.count == 5) // 0, 1, 2, 4 and E's of 5 days ago; not D's of 100 days
        }
    }
}
