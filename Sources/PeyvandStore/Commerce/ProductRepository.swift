import Foundation
import PeyvandCore
import SQLKit

/// Products, services and their prices per price list.
public struct ProductRepository: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// Creates a product, or updates the one with the same SKU when `upsert` (CSV import).
    @discardableResult
    public func save(_ input: ProductInput, upsert: Bool = false, by principal: Principal) async throws -> Product {
        try principal.require(.productsManage, to: "manage products")
        let id = try await database.transaction { db in try await Self.save(db, input, upsert: upsert, by: principal) }
        guard let product = try await Self.fetch(database.sql, id: id) else { throw StoreError.notFound(entity: "product", id: String(id)) }
        return product
    }

    static func save(_ db: any SQLDatabase, _ input: ProductInput, upsert: Bool, by principal: Principal) async throws -> Int64 {
        let base = try await Settings.baseCurrency(db)
        let (valid, problems) = input.validated(base: base)
        var issues = problems
        var prices: [(PriceList, Int64)] = []
        for (listName, text) in input.prices.sorted(by: { $0.key < $1.key }) {
            guard let list = try await priceList(db, named: listName) else {
                issues.append(FieldIssue(field: "prices.\(listName)", reason: "no price list has this name", code: "ref.unknown"))
                continue
            }
            do {
                let money = try Money(major: text, currency: list.currency)
                if money.isNegative { issues.append(FieldIssue(field: "prices.\(listName)", reason: "must not be negative", code: "amount.negative")) }
                prices.append((list, money.minorUnits))
            } catch { issues += error.issues.map { $0.at("prices.\(listName)") } }
        }
        guard issues.isEmpty, let v = valid else { throw StoreError.invalid(ValidationError(issues)) }
        let now = Clock.nowMillis()
        let existing = try await db.raw("SELECT id FROM products WHERE sku = \(bind: v.sku)").first()?.decode(column: "id", as: Int64.self)
        let id: Int64
        if let existing {
            guard upsert else { throw StoreError.invalid(ValidationError(field: "sku", reason: "another product has SKU \(v.sku)", code: "product.skuTaken", params: ["sku": v.sku])) }
            id = existing
            try await db.raw("""
                UPDATE products SET name = \(bind: v.name), kind = \(bind: v.kind.rawValue), unit = \(bind: v.unit), category = \(bind: v.category),
                  cost_minor = \(bind: v.costMinor), active = \(bind: v.active), version = version + 1, updated_at = \(bind: now)
                WHERE id = \(bind: id)
                """).run()
        } else {
            let row = try await db.raw("""
                INSERT INTO products (sku, name, kind, unit, category, cost_minor, active, version, created_at, updated_at)
                VALUES (\(bind: v.sku), \(bind: v.name), \(bind: v.kind.rawValue), \(bind: v.unit), \(bind: v.category), \(bind: v.costMinor),
                        \(bind: v.active), 1, \(bind: now), \(bind: now))
                RETURNING id
                """).first()
            id = try row?.decode(column: "id", as: Int64.self) ?? 0
        }
        for (list, minor) in prices {
            try await db.raw("DELETE FROM product_prices WHERE price_list_id = \(bind: list.id) AND product_id = \(bind: id)").run()
            try await db.raw("""
                INSERT INTO product_prices (price_list_id, product_id, unit_price_minor) VALUES (\(bind: list.id), \(bind: id), \(bind: minor))
                """).run()
        }
        try await AuditLog.record(db, entity: "product", entityId: id, by: principal, action: existing == nil ? "create" : "update",
                                  after: v.sku, at: now)
        return id
    }

    /// Archives or brings back a product: archived products stay on old orders but cannot be sold.
    public func setActive(_ id: Int64, _ active: Bool, by principal: Principal) async throws -> Product {
        try principal.require(.productsManage, to: "manage products")
        try await database.transaction { db in
            let changed = try await db.raw("""
                UPDATE products SET active = \(bind: active), version = version + 1, updated_at = \(bind: Clock.nowMillis())
                WHERE id = \(bind: id) RETURNING id
                """).first()
            guard changed != nil else { throw StoreError.notFound(entity: "product", id: String(id)) }
            try await AuditLog.record(db, entity: "product", entityId: id, by: principal, action: active ? "restore" : "archive", at: Clock.nowMillis())
        }
        return try await get(id)
    }

    public func get(_ id: Int64) async throws -> Product {
        guard let product = try await Self.fetch(database.sql, id: id) else { throw StoreError.notFound(entity: "product", id: String(id)) }
        return product
    }

    /// Products by SKU order; `q` matches SKU, name or category (Persian-normalised).
    public func list(q: String? = nil, includeArchived: Bool = false, after: String? = nil, limit: Int = 50) async throws -> Page<Product> {
        var sql: SQLQueryString = "SELECT id FROM products WHERE 1 = 1"
        if !includeArchived { sql += " AND active = \(bind: true)" }
        if let after { sql += " AND sku > \(bind: after)" }
        if let q, !q.isEmpty {
            let like = "%" + CustomerRepository.escapeLike(q) + "%"
            sql += " AND (sku LIKE \(bind: like) ESCAPE '\\' OR name LIKE \(bind: like) ESCAPE '\\' OR category LIKE \(bind: like) ESCAPE '\\')"
        }
        let n = max(1, min(limit, Page<Product>.maxLimit))
        sql += " ORDER BY sku LIMIT \(bind: n + 1)"
        let ids = try await database.sql.raw(sql).all().map { try $0.decode(column: "id", as: Int64.self) }
        var products: [Product] = []
        for id in ids.prefix(n) { if let p = try await Self.fetch(database.sql, id: id) { products.append(p) } }
        return Page(items: products, next: ids.count > n ? products.last?.sku : nil)
    }

    // MARK: price lists

    public func createPriceList(name: String, currency: String, by principal: Principal) async throws -> PriceList {
        try principal.require(.productsManage, to: "manage products")
        var issues: [FieldIssue] = []
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.count > 100 { issues.append(FieldIssue(field: "name", reason: "must be 1 to 100 characters", code: "text.length", params: ["max": "100"])) }
        var code: Currency?
        do { code = try Currency(code: currency) } catch { issues += error.issues }
        guard issues.isEmpty, let code else { throw StoreError.invalid(ValidationError(issues)) }
        return try await database.transaction { db in
            if try await Self.priceList(db, named: trimmed) != nil {
                throw StoreError.invalid(ValidationError(field: "name", reason: "another price list has this name", code: "priceList.nameTaken"))
            }
            let row = try await db.raw("""
                INSERT INTO price_lists (name, currency, created_at) VALUES (\(bind: trimmed), \(bind: code.rawValue), \(bind: Clock.nowMillis()))
                RETURNING id
                """).first()
            return PriceList(id: try row?.decode(column: "id", as: Int64.self) ?? 0, name: trimmed, currency: code)
        }
    }

    public func priceLists() async throws -> [PriceList] {
        try await database.sql.raw("SELECT id, name, currency FROM price_lists ORDER BY id").all().map(Self.priceList)
    }

    static func priceList(_ row: any SQLRow) throws -> PriceList {
        PriceList(id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                  currency: Currency(rawValue: try row.decode(column: "currency", as: String.self)))
    }

    static func priceList(_ db: any SQLDatabase, _ id: Int64) async throws -> PriceList? {
        try await db.raw("SELECT id, name, currency FROM price_lists WHERE id = \(bind: id)").first().map(priceList)
    }

    static func priceList(_ db: any SQLDatabase, named name: String) async throws -> PriceList? {
        try await db.raw("SELECT id, name, currency FROM price_lists WHERE name = \(bind: name)").first().map(priceList)
    }

    /// The first price list in `currency`, used when an order names none.
    static func defaultPriceList(_ db: any SQLDatabase, _ currency: Currency) async throws -> PriceList? {
        try await db.raw("SELECT id, name, currency FROM price_lists WHERE currency = \(bind: currency.rawValue) ORDER BY id LIMIT 1")
            .first().map(priceList)
    }

    static func fetch(_ db: any SQLDatabase, id: Int64) async throws -> Product? {
        try await fetch(db, where: "p.id = \(bind: id)")
    }

    static func fetch(_ db: any SQLDatabase, sku: String) async throws -> Product? {
        try await fetch(db, where: "p.sku = \(bind: sku.trimmingCharacters(in: .whitespaces))")
    }

    private static func fetch(_ db: any SQLDatabase, where condition: SQLQueryString) async throws -> Product? {
        guard let row = try await db.raw("""
            SELECT p.id, p.sku, p.name, p.kind, p.unit, p.category, p.cost_minor, p.active, p.version, p.created_at, p.updated_at
            FROM products p WHERE \(condition)
            """).first() else { return nil }
        let id = try row.decode(column: "id", as: Int64.self)
        let base = try await Settings.baseCurrency(db)
        let prices = try await db.raw("""
            SELECT pl.id, pl.name, pl.currency, pp.unit_price_minor FROM product_prices pp JOIN price_lists pl ON pl.id = pp.price_list_id
            WHERE pp.product_id = \(bind: id) ORDER BY pl.id
            """).all().map { r in
                ProductPrice(priceListId: try r.decode(column: "id", as: Int64.self), priceListName: try r.decode(column: "name", as: String.self),
                             unitPrice: Money(minorUnits: try r.decode(column: "unit_price_minor", as: Int64.self),
                                              currency: Currency(rawValue: try r.decode(column: "currency", as: String.self))))
            }
        return Product(
            id: id, sku: try row.decode(column: "sku", as: String.self), name: try row.decode(column: "name", as: String.self),
            kind: Product.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .goods,
            unit: try row.decode(column: "unit", as: String.self), category: try row.decode(column: "category", as: String?.self),
            cost: Money(minorUnits: try row.decode(column: "cost_minor", as: Int64.self), currency: base),
            active: try row.decode(column: "active", as: Bool.self), prices: prices, version: Int(try row.decode(column: "version", as: Int64.self)),
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Clock.date(try row.decode(column: "updated_at", as: Int64.self)))
    }
}
