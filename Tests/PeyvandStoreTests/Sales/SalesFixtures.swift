import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit

/// A customer who takes email, two products on the retail list, and a deal with two lines
/// (tea 2 × 1,000,000 less 200,000; cups 6 × 120,000), inserted as the deals area stores them.
struct SalesFixture {
    let admin: Principal
    let customer: Customer
    let tea: Product
    let cup: Product
    let dealId: Int64

    static func make(_ db: Database) async throws -> SalesFixture {
        let admin = try await TestDatabase.admin(db)
        let customer = try await CustomerRepository(db).create(CustomerInput(name: "مریم احمدی", phones: ["09121234567"], emails: ["maryam@example.test"],
                                                                            preferredChannel: "email", consents: ["email": true]), by: admin)
        let products = ProductRepository(db)
        _ = try await products.createPriceList(name: "retail", currency: "IRR", by: admin)
        let tea = try await products.save(ProductInput(sku: "TEA-1", name: "چای ممتاز", unit: "kg", cost: "600000", prices: ["retail": "1000000"]), by: admin)
        let cup = try await products.save(ProductInput(sku: "CUP-2", name: "Cup", cost: "50000", prices: ["retail": "120000"]), by: admin)
        let dealId = try await deal(db, customerId: customer.id, ownerId: admin.userId, lines: [
            (tea.id, "چای ممتاز", 2_000, 1_000_000, 200_000), (cup.id, "Cup", 6_000, 120_000, 0),
        ])
        return SalesFixture(admin: admin, customer: customer, tea: tea, cup: cup, dealId: dealId)
    }

    /// A deal row and its lines: (product, description, quantity in thousandths, unit price, discount).
    static func deal(_ db: Database, customerId: Int64, ownerId: Int64, lines: [(Int64?, String, Int64, Int64, Int64)]) async throws -> Int64 {
        let row = try await db.sql.raw("""
            INSERT INTO deals (pipeline_id, stage_id, status, title, customer_id, owner_id, currency, amount_minor, amount_base_minor,
              stage_entered_at, created_at, updated_at)
            VALUES (1, 3, 'open', 'چای برای دفتر', \(bind: customerId), \(bind: ownerId), 'IRR', 2520000, 2520000, 0, 0, 0) RETURNING id
            """).first()
        let dealId = try row!.decode(column: "id", as: Int64.self)
        for (n, line) in lines.enumerated() {
            try await db.sql.raw("""
                INSERT INTO deal_lines (deal_id, line_no, product_id, description, quantity_milli, unit_price_minor, discount_minor)
                VALUES (\(bind: dealId), \(bind: n + 1), \(bind: line.0), \(bind: line.1), \(bind: line.2), \(bind: line.3), \(bind: line.4))
                """).run()
        }
        return dealId
    }

    static func count(_ db: Database, _ table: String) async throws -> Int {
        try await db.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()!.decode(column: "n", as: Int.self)
    }
}
