import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/products`, `/api/v1/price-lists`, `/api/v1/exchange-rates`.
struct ProductsController {
    let products: ProductRepository
    let rates: ExchangeRates

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("products", use: list)
        group.post("products", use: create)
        group.get("products/:id", use: show)
        group.patch("products/:id", use: update)
        group.get("price-lists", use: priceLists)
        group.post("price-lists", use: createPriceList)
        group.get("exchange-rates", use: exchangeRates)
        group.post("exchange-rates", use: setExchangeRate)
    }

    static let fields: Set<String> = ["sku", "name", "kind", "unit", "category", "cost", "active", "prices"]

    static func input(_ body: inout JSONBody, sku: String?) -> ProductInput {
        body.allow(only: fields)
        let skuValue = sku ?? body.string("sku")
        if skuValue == nil { body.append(FieldIssue(field: "sku", reason: "is required", code: "required")) }
        var input = ProductInput(sku: skuValue ?? "", name: body.string("name") ?? "", kind: body.string("kind"), unit: body.string("unit"),
                                 category: body.string("category"), cost: body.decimal("cost"), active: body.bool("active"))
        if let cost = input.cost, cost.trimmingCharacters(in: .whitespaces).isEmpty {
            body.append(FieldIssue(field: "cost", reason: "must be a decimal string", code: "json.decimal"))
        }
        if case .object(let prices)? = body.object["prices"] {
            for (list, value) in prices {
                switch value {
                case .string(let s): input.prices[list] = s
                case .number(let n) where n.isFinite: input.prices[list] = n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
                default: body.append(FieldIssue(field: "prices.\(list)", reason: "must be a decimal string", code: "json.decimal"))
                }
            }
        } else if body.has("prices"), !body.isNull("prices") {
            body.append(FieldIssue(field: "prices", reason: "must be an object of price list name to unit price", code: "json.stringMap"))
        }
        return input
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var body = try await JSONBody.read(request, context)
        let input = Self.input(&body, sku: nil)
        if input.name.isEmpty, !body.has("name") { body.append(FieldIssue(field: "name", reason: "is required", code: "required")) }
        try body.check()
        let product = try await products.save(input, by: try context.principal())
        return try JSONResponse.make(ProductDTO(product), status: .created, headers: [.location: "/api/v1/products/\(product.id)"])
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let current = try await products.get(try RouteID.require(context, resource: "product"))
        var body = try await JSONBody.read(request, context)
        if let sku = body.string("sku"), sku != current.sku { body.append(FieldIssue(field: "sku", reason: "a product's SKU does not change", code: "product.skuFixed")) }
        var input = Self.input(&body, sku: current.sku)
        if !body.has("name") { input.name = current.name }
        if !body.has("kind") { input.kind = current.kind.rawValue }
        if !body.has("unit") { input.unit = current.unit }
        if !body.has("category") { input.category = current.category }
        if !body.has("cost") { input.cost = current.cost.majorString }
        if !body.has("active") { input.active = current.active }
        try body.check()
        return try JSONResponse.make(ProductDTO(try await products.save(input, upsert: true, by: try context.principal())))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.principal()
        return try JSONResponse.make(ProductDTO(try await products.get(try RouteID.require(context, resource: "product"))))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.principal()
        let query = FormData.query(request)
        if let q = query.get("q"), q.count > 200 { throw Problem.badRequest("q must be at most 200 characters", field: "q") }
        let archived = query.get("archived")
        guard archived == nil || archived == "true" || archived == "false" else {
            throw Problem.badRequest("archived must be true or false", field: "archived")
        }
        let after = try ListQuery.after(request, Cursor.decodeText)
        let page = try await products.list(q: query.get("q"), includeArchived: archived == "true",
                                           after: after, limit: try ListQuery.limit(request))
        return try JSONResponse.make(ListBody(items: page.items.map(ProductDTO.init), next: page.next.map { Cursor.encodeText($0) }))
    }

    @Sendable func priceLists(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.principal()
        return try JSONResponse.make(ListBody(items: try await products.priceLists().map(PriceListDTO.init), next: nil))
    }

    @Sendable func createPriceList(_ request: Request, context: AppRequestContext) async throws -> Response {
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["name", "currency"])
        let name = body.string("name"), currency = body.string("currency")
        if name == nil { body.append(FieldIssue(field: "name", reason: "is required", code: "required")) }
        if currency == nil { body.append(FieldIssue(field: "currency", reason: "is required", code: "required")) }
        try body.check()
        let list = try await products.createPriceList(name: name ?? "", currency: currency ?? "", by: try context.principal())
        return try JSONResponse.make(PriceListDTO(list), status: .created)
    }

    @Sendable func exchangeRates(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.principal()
        return try JSONResponse.make(ListBody(items: try await rates.list().map(ExchangeRateDTO.init), next: nil))
    }

    @Sendable func setExchangeRate(_ request: Request, context: AppRequestContext) async throws -> Response {
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["currency", "rate", "effectiveOn"])
        let currency = body.string("currency"), rate = body.decimal("rate")
        if currency == nil { body.append(FieldIssue(field: "currency", reason: "is required", code: "required")) }
        if rate == nil { body.append(FieldIssue(field: "rate", reason: "is required", code: "required")) }
        var day = Date()
        if let text = body.string("effectiveOn") {
            if let d = FormDates.parse(text, timeZone: TimeZone(secondsFromGMT: 0)!) { day = d } else {
                body.append(FieldIssue(field: "effectiveOn", reason: "must be a date: 2026-03-21 or ۱۴۰۵/۰۱/۰۱", code: "date.invalid"))
            }
        }
        try body.check()
        let entry = try await rates.set(currency ?? "", rate: rate ?? "", on: day, by: try context.principal())
        return try JSONResponse.make(ExchangeRateDTO(entry), status: .created)
    }
}
