import Foundation
import PeyvandCore
import SQLKit

/// Order history for demo customers, written in bulk: products and price lists, then for each
/// customer a pattern of buying that follows its lifecycle stage (`DemoOrder.plan`) — none, once,
/// now and then, loyal repeat buyer, lapsing, lapsed, won back, or a large account — each around
/// an order size of its own, with more orders around Nowruz and Yalda, shipments, invoices numbered without gaps
/// per Jalali year, payments (cash, card, transfer, post-dated cheques), some left overdue, some
/// returns with credit notes and a few cancellations. Amounts are exact, priced by `LinePricing`.
public struct DemoCommerce: Sendable {
    let database: Database
    let seed: UInt64

    public init(database: Database, seed: UInt64) {
        self.database = database
        self.seed = seed
    }

    enum Pattern: CaseIterable { case none, once, sometimes, loyal, lapsed, large }

    struct Rows {
        var orders: [[any Encodable & Sendable]] = []
        var lines: [[any Encodable & Sendable]] = []
        var shipments: [[any Encodable & Sendable]] = []
        var shipmentLines: [[any Encodable & Sendable]] = []
        var invoices: [[any Encodable & Sendable]] = []
        var payments: [[any Encodable & Sendable]] = []
        var returns: [[any Encodable & Sendable]] = []
        var events: [[any Encodable & Sendable]] = []
    }

    /// Adds history for every customer after `afterCustomer`, a batch at a time; reports the
    /// number of customers done and the order lines written so far.
    public func run(afterCustomer: Int64 = 0, batchSize: Int = 1000, now: Date = Date(),
                    progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws {
        let products = try await Self.catalogue(database)
        let admin = try await database.sql.raw("SELECT id FROM users WHERE role = 'administrator' ORDER BY id LIMIT 1").first()?
            .decode(column: "id", as: Int64.self)
        var sequences: [Int: Int] = [:]
        // Invoice series by year, credit notes by minus the year.
        for row in try await database.sql.raw("SELECT series, year, last FROM number_sequences").all() {
            let year = Int(try row.decode(column: "year", as: Int64.self))
            let key = try row.decode(column: "series", as: String.self) == "credit-note" ? -year : year
            sequences[key] = Int(try row.decode(column: "last", as: Int64.self))
        }
        var after = afterCustomer
        var done = 0, lineCount = 0
        var random = SeededRandom(demoSeed: seed &+ 0x5EED)
        let nowMillis = Clock.millis(now)
        while true {
            let customers = try await database.sql.raw("""
                SELECT id, created_at, stage FROM customers WHERE id > \(bind: after) AND deleted_at IS NULL ORDER BY id LIMIT \(bind: batchSize)
                """).all().map { (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "created_at", as: Int64.self),
                                 LifecycleStage(rawValue: try $0.decode(column: "stage", as: String.self)) ?? .customer) }
            guard let last = customers.last else { break }
            let batchRandom = random
            _ = random.next()
            let startSequences = sequences
            let (written, lines, newSequences) = try await database.transaction { db in
                var r = batchRandom
                var seq = startSequences
                var plan: [(Int64, [DemoOrder])] = []
                var orderCount = 0
                for (customer, created, stage) in customers {
                    let orders = DemoOrder.plan(&r, stage: stage, since: Clock.date(created), now: now, products: products)
                    orderCount += orders.count
                    plan.append((customer, orders))
                }
                var ids = try await CustomerRepository.reserveIDs(db, count: orderCount, table: "orders")[...]
                var rows = Rows()
                for (customer, orders) in plan {
                    for order in orders {
                        try order.write(id: ids.removeFirst(), customer: customer, staff: admin, now: nowMillis, sequences: &seq, into: &rows)
                    }
                }
                try await Self.flush(db, rows)
                return (orderCount, rows.lines.count, seq)
            }
            _ = written
            sequences = newSequences
            lineCount += lines
            done += customers.count
            after = last.0
            progress(done, lineCount)
        }
    }

    /// The highest customer id with an order (0 when none): where adding history resumes.
    public func lastCustomerWithOrders() async throws -> Int64 {
        try await database.sql.raw("SELECT COALESCE(MAX(customer_id), 0) AS top FROM orders").first()?.decode(column: "top", as: Int64.self) ?? 0
    }

    static func flush(_ db: any SQLDatabase, _ rows: Rows) async throws {
        try await db.insertMany("""
            orders (id, customer_id, status, currency, rate, price_list_id, channel, external_ref, ordered_at, note, net_minor, tax_minor,
              total_minor, version, created_by, created_at, updated_at)
            """, rows.orders)
        let lineIds = try await CustomerRepository.reserveIDs(db, count: rows.lines.count, table: "order_lines")
        try await db.insertMany("""
            order_lines (id, order_id, line_no, product_id, description, quantity_milli, unit_price_minor, discount_minor, tax_bp, net_minor,
              tax_minor, total_minor, unit_cost_minor, base_net_minor, base_cost_minor, shipped_milli, returned_milli)
            """, zip(lineIds, rows.lines).map { [$0] + $1 })
        // Shipment, shipment line and return rows refer to lines by their index in this batch.
        let shipmentIds = try await CustomerRepository.reserveIDs(db, count: rows.shipments.count, table: "shipments")
        try await db.insertMany("shipments (id, order_id, carrier, tracking, shipped_at, delivered_at, created_by, created_at)",
                                                zip(shipmentIds, rows.shipments).map { [$0] + $1 })
        try await db.insertMany("shipment_lines (shipment_id, order_line_id, quantity_milli)", rows.shipmentLines.map { row in
            [shipmentIds[row[0] as! Int], lineIds[row[1] as! Int], row[2]]
        })
        let invoiceIds = try await CustomerRepository.reserveIDs(db, count: rows.invoices.count, table: "invoices")
        try await db.insertMany("""
            invoices (id, number, kind, order_id, customer_id, credits_invoice_id, currency, issued_at, due_at, terms_days, net_minor, tax_minor,
              total_minor, paid_minor, credited_minor, settled_at, version, created_by, created_at)
            """, zip(invoiceIds, rows.invoices).map { id, row in
                var row = row
                if let credits = row[4] as? Int { row[4] = invoiceIds[credits] } else { row[4] = Int64?.none }
                return [id] + row
            })
        var owed: [[String]: Int64] = [:]
        for row in rows.invoices where (row[1] as? String) == "invoice" {
            // number, kind, order, customer, credits, currency, issued, due, terms, net, tax, total, paid, credited, …
            let due = row[7] as! Int64, total = row[11] as! Int64, paid = row[12] as! Int64, credited = row[13] as! Int64
            owed[[row[5] as! String, String((due + Receivables.tehranOffsetMillis) / 86_400_000)], default: 0] += total - paid - credited
        }
        for (key, amount) in owed where amount != 0 {
            try await Receivables.adjust(db, currency: Currency(rawValue: key[0]), dueAt: Int64(key[1])! * 86_400_000 - Receivables.tehranOffsetMillis,
                                         by: amount)
        }
        try await db.insertMany("""
            payments (invoice_id, customer_id, amount_minor, currency, method, reference, cheque_bank, cheque_due_at, received_at, created_by, created_at)
            """, rows.payments.map { row in [invoiceIds[row[0] as! Int]] + row.dropFirst() })
        try await db.insertMany("""
            returns (order_id, order_line_id, customer_id, quantity_milli, reason, restock, credit_note_id, net_minor, tax_minor, base_net_minor,
              base_cost_minor, returned_at, created_by, created_at)
            """, rows.returns.map { row in
                var row = row
                row[1] = lineIds[row[1] as! Int]
                row[6] = invoiceIds[row[6] as! Int]
                return row
            })
        try await db.insertMany("""
            commerce_events (customer_id, at, kind, order_id, invoice_id, title, amount_minor, currency, staff_id)
            """, rows.events)
        var years: [[String]: Int64] = [:]
        for row in rows.invoices {
            let number = row[0] as! String
            let series = number.hasPrefix("CN-") ? "credit-note" : "invoice"
            if let parsed = try? InvoiceNumber.parse(String(number.dropFirst(series == "invoice" ? 0 : 3))) {
                years[[series, String(parsed.year)]] = max(years[[series, String(parsed.year)]] ?? 0, Int64(parsed.sequence))
            }
        }
        for (key, last) in years {
            let (series, year) = (key[0], Int64(key[1]) ?? 0)
            try await db.raw("""
                INSERT INTO number_sequences (series, year, last) VALUES (\(bind: series), \(bind: year), \(bind: last))
                ON CONFLICT (series, year) DO UPDATE SET last = CASE WHEN number_sequences.last > \(bind: last) THEN number_sequences.last ELSE \(bind: last) END
                """).run()
        }
    }

    /// The demo products and a retail price list, created once.
    static func catalogue(_ database: Database) async throws -> [DemoOrder.Product] {
        try await database.transaction { db in
            var listId = try await db.raw("SELECT id FROM price_lists WHERE name = 'retail'").first()?.decode(column: "id", as: Int64.self)
            if listId == nil {
                listId = try await db.raw("""
                    INSERT INTO price_lists (name, currency, created_at) VALUES ('retail', 'IRR', \(bind: Clock.nowMillis())) RETURNING id
                    """).first()?.decode(column: "id", as: Int64.self)
            }
            var result: [DemoOrder.Product] = []
            for item in DemoCatalog.items {
                var id = try await db.raw("SELECT id FROM products WHERE sku = \(bind: item.sku)").first()?.decode(column: "id", as: Int64.self)
                if id == nil {
                    let now = Clock.nowMillis()
                    id = try await db.raw("""
                        INSERT INTO products (sku, name, kind, unit, category, cost_minor, active, version, created_at, updated_at)
                        VALUES (\(bind: item.sku), \(bind: item.name), \(bind: item.kind.rawValue), \(bind: item.unit), \(bind: item.category),
                                \(bind: item.cost), \(bind: true), 1, \(bind: now), \(bind: now)) RETURNING id
                        """).first()?.decode(column: "id", as: Int64.self)
                    try await db.raw("""
                        INSERT INTO product_prices (price_list_id, product_id, unit_price_minor) VALUES (\(bind: listId), \(bind: id), \(bind: item.price))
                        """).run()
                }
                result.append(DemoOrder.Product(id: id ?? 0, item: item, priceListId: listId ?? 0))
            }
            return result
        }
    }
}
