import Foundation
import PeyvandCore
import SQLKit

/// A few quotes and contracts on the first demo customers: a deal's quote in draft, one sent, one
/// accepted (its order made the way a customer's yes makes it), one declined; contracts active,
/// one ending within the month, one ended; and the seller's details the quotes print.
public struct DemoQuotes: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func run() async throws {
        let db = database.sql
        guard try await db.raw("SELECT id FROM quotes LIMIT 1").first() == nil,
              let adminRow = try await db.raw("SELECT id, name FROM users WHERE role = 'administrator' ORDER BY id LIMIT 1").first() else { return }
        let admin = Principal(userId: try adminRow.decode(column: "id", as: Int64.self), name: try adminRow.decode(column: "name", as: String.self),
                              role: .administrator)
        let products = try await db.raw("SELECT id, name FROM products WHERE active = \(bind: true) ORDER BY id LIMIT 3").all()
            .map { (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "name", as: String.self)) }
        let customers = try await db.raw("SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY id LIMIT 5").all()
            .map { try $0.decode(column: "id", as: Int64.self) }
        guard products.count >= 2, customers.count >= 5 else { return }
        let settings = QuoteSettingsStore(database)
        if try await settings.read().sellerName.isEmpty {
            _ = try await settings.update(sellerName: "شرکت بازرگانی پیوند", sellerAddress: "تهران، خیابان ولیعصر، پلاک ۱۲۳۴",
                                          sellerNationalId: "10103456789", sellerEconomicCode: "411123456789", sellerPhone: "02188776655",
                                          taxRate: "10", validDays: "30", by: admin)
        }
        let quotes = QuoteRepository(database)
        var prices: [String] = []
        for product in products.prefix(2) {
            let minor = try await db.raw("SELECT MIN(unit_price_minor) AS p FROM product_prices WHERE product_id = \(bind: product.0)").first()?
                .decode(column: "p", as: Int64?.self) ?? 1_000_000
            prices.append(String(minor))
        }
        let lines = [OrderLineInput(productId: products[0].0, quantity: "3", unitPrice: prices[0], discountPercent: "5"),
                     OrderLineInput(productId: products[1].0, quantity: "10", unitPrice: prices[1])]
        // A deal with lines, where the deals area has made none.
        let dealId = try await demoDeal(customerId: customers[0], ownerId: admin.userId, products: products)
        _ = try await quotes.create(QuoteInput(dealId: dealId, notes: "تحویل در انبار خریدار"), by: admin)
        let sent = try await quotes.create(QuoteInput(customerId: customers[1], terms: "پیش‌پرداخت ۳۰٪، مانده پس از تحویل", lines: lines), by: admin)
        try await db.raw("""
            UPDATE quotes SET status = 'sent', sent_at = \(bind: Clock.nowMillis()), sent_channel = 'email', version = version + 1 WHERE id = \(bind: sent.id)
            """).run()
        let won = try await quotes.create(QuoteInput(customerId: customers[2], language: "en", lines: lines), by: admin)
        _ = try await quotes.accept(won.id, expectedVersion: nil, by: admin)
        let lost = try await quotes.create(QuoteInput(customerId: customers[3], lines: lines), by: admin)
        _ = try await quotes.decline(lost.id, reason: "قیمت رقیب پایین‌تر بود", expectedVersion: nil, by: admin)

        let contracts = ContractRepository(database)
        let today = Tehran.day(of: Date())
        _ = try await contracts.create(ContractInput(customerId: customers[0], title: "قرارداد پشتیبانی سالانه", parties: "شرکت بازرگانی پیوند\nمدیرعامل خریدار",
                                                     value: "480000000", start: today.adding(days: -345), end: today.adding(days: 20),
                                                     terms: "پشتیبانی تلفنی و حضوری در ساعات اداری؛ پرداخت ماهانه.", activate: true), by: admin)
        _ = try await contracts.create(ContractInput(customerId: customers[2], title: "Annual supply agreement", parties: "Peyvand Trading",
                                                     value: "1200000000", start: today.adding(days: -30), end: today.adding(days: 335),
                                                     terms: "Monthly deliveries; payment within 30 days.", activate: true), by: admin)
        let old = try await contracts.create(ContractInput(customerId: customers[4], title: "قرارداد تأمین کالا ۱۴۰۳", value: "250000000",
                                                           start: today.adding(days: -500), end: today.adding(days: -135), activate: true), by: admin)
        _ = try await contracts.end(old.id, expectedVersion: nil, by: admin)
    }

    /// The deal the first quote is built from: an open deal of the customer with lines, or a new one.
    func demoDeal(customerId: Int64, ownerId: Int64, products: [(Int64, String)]) async throws -> Int64 {
        let db = database.sql
        if let row = try await db.raw("""
            SELECT d.id FROM deals d WHERE d.deleted_at IS NULL AND EXISTS (SELECT 1 FROM deal_lines l WHERE l.deal_id = d.id) ORDER BY d.id LIMIT 1
            """).first() {
            return try row.decode(column: "id", as: Int64.self)
        }
        return try await database.transaction { db in
            let now = Clock.nowMillis()
            guard let row = try await db.raw("""
                INSERT INTO deals (pipeline_id, stage_id, status, title, customer_id, owner_id, currency, amount_minor, amount_base_minor,
                  stage_entered_at, created_by, created_at, updated_at)
                SELECT 1, MIN(id), 'open', 'تجهیز دفتر مرکزی', \(bind: customerId), \(bind: ownerId), 'IRR', 0, 0, \(bind: now), \(bind: ownerId),
                  \(bind: now), \(bind: now) FROM pipeline_stages WHERE pipeline_id = 1
                RETURNING id
                """).first() else { throw StoreError.conflict("the demo deal was not stored") }
            let dealId = try row.decode(column: "id", as: Int64.self)
            for (n, product) in products.prefix(2).enumerated() {
                let price = try await db.raw("SELECT MIN(unit_price_minor) AS p FROM product_prices WHERE product_id = \(bind: product.0)").first()?
                    .decode(column: "p", as: Int64?.self) ?? 1_000_000
                try await db.raw("""
                    INSERT INTO deal_lines (deal_id, line_no, product_id, description, quantity_milli, unit_price_minor, discount_minor)
                    VALUES (\(bind: dealId), \(bind: n + 1), \(bind: product.0), \(bind: product.1), \(bind: Int64((n + 1) * 2000)), \(bind: price),
                            \(bind: n == 0 ? price / 10 : 0))
                    """).run()
            }
            return dealId
        }
    }
}
