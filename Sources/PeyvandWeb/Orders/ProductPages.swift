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
        let params = FormData.query(request)
        let data = try await ProductsQuery(products: products, rates: rates).read(q: params.get("q"), after: params.get("after"))
        let model = ProductsModel(data, q: params.get("q"), principal: principal, form: form, issues: issues,
                                  text: PageText(views: views, lang: context.language, toman: context.toman))
        return views.page("products", request, context, title: views.t("products_title", context), current: "orders", status: status, model: model)
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
                    throw StoreError.invalid(ValidationError([FieldIssue(field: "effectiveOn", reason: "must be a date such as 2026-11-23 or 1405/09/02", code: "date.format")]))
                }
                day = d
            }
            _ = try await rates.set(form["rateCurrency"] ?? "", rate: form["rate"] ?? "", on: day, by: try context.principal())
        }
    }
}
