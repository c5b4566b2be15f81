import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/products`: the catalogue with prices per price list, a form for a new product, price lists
/// and exchange rates.
struct ProductPages {
    let views: Views
    let products: ProductRepository
    let rates: ExchangeRates

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("products", use: list)
        group.post("products", use: create)
        group.post("products/:id/active", use: setActive)
        group.post("price-lists", use: createPriceList)
        group.post("exchange-rates", use: setRate)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await render(request, context, form: nil, issues: [])
    }

    func render(_ request: Request, _ context: AppRequestContext, form: FormData?, issues: [FieldIssue],
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let lang = context.language
        let params = FormData.query(request)
        let page = try await products.list(q: params.get("q"), includeArchived: true, after: params.get("after"), limit: 100)
        let lists = try await products.priceLists()
        let rows: [[String: Any]] = page.items.map { p in
            ["id": p.id, "sku": p.sku, "name": p.name, "unit": p.unit, "category": p.category ?? "", "active": p.active,
             "cost": views.money(p.cost, context),
             "prices": p.prices.map { "\($0.priceListName): \(views.money($0.unitPrice, context))" }.joined(separator: " · ")]
        }
        let rateRows: [[String: Any]] = try await rates.list(limit: 20).map { r in
            ["currency": r.currency.rawValue, "rate": r.rate.description, "from": views.formatting.dateTime(r.effectiveOn, lang)]
        }
        return views.page("products", request, context, title: views.t("products_title", context), current: "orders", status: status, [
            "products": rows, "priceLists": lists.map { ["id": $0.id, "name": $0.name, "currency": $0.currency.rawValue] },
            "rates": rateRows, "q": params.get("q") ?? "", "next": page.next.map { "/products?after=\($0)" } ?? false,
            "canManage": principal.may(.productsManage), "canSetRates": principal.may(.ratesManage),
            "form": ["sku": form?["sku"] ?? "", "name": form?["name"] ?? "", "unit": form?["unit"] ?? "", "category": form?["category"] ?? "",
                     "cost": form?["cost"] ?? "", "price": form?["price"] ?? ""] as [String: Any],
            "errors": issues.map { ["field": $0.field, "reason": $0.reason] },
        ])
    }

    func attempt(_ request: Request, _ context: AppRequestContext, _ form: FormData, _ action: () async throws -> Void) async throws -> Response {
        do {
            try await action()
            return .redirect("/products?saved=1")
        } catch StoreError.invalid(let error) {
            return try await render(request, context, form: form, issues: error.issues, status: .unprocessableContent)
        }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        var prices: [String: String] = [:]
        if let list = form["priceList"], let price = form["price"], !price.trimmingCharacters(in: .whitespaces).isEmpty { prices[list] = price }
        let input = ProductInput(sku: form["sku"] ?? "", name: form["name"] ?? "", kind: form["kind"], unit: form["unit"],
                                 category: form["category"], cost: form["cost"], prices: prices)
        return try await attempt(request, context, form) { _ = try await products.save(input, by: try context.principal()) }
    }

    @Sendable func setActive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "product")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        _ = try await products.setActive(id, form["active"] == "true", by: try context.principal())
        return .redirect("/products")
    }

    @Sendable func createPriceList(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, form) {
            _ = try await products.createPriceList(name: form["listName"] ?? "", currency: form["listCurrency"] ?? "", by: try context.principal())
        }
    }

    @Sendable func setRate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, form) {
            var day = Date()
            if let text = form["effectiveOn"], !text.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let d = FormDates.parse(text, timeZone: TimeZone(secondsFromGMT: 0)!) else {
                    throw StoreError.invalid(ValidationError(field: "effectiveOn", reason: views.t("date_format_hint", context)))
                }
                day = d
            }
            _ = try await rates.set(form["rateCurrency"] ?? "", rate: form["rate"] ?? "", on: day, by: try context.principal())
        }
    }
}
