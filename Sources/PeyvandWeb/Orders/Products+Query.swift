import Foundation
import PeyvandCore
import PeyvandStore

/// What the products page reads: a page of the catalogue, the price lists and the latest exchange
/// rates, at once.
struct ProductsData: Sendable {
    let page: Page<Product>
    let priceLists: [PriceList]
    let rates: [ExchangeRates.Entry]
    /// The organisation's own currency, which the rates convert into.
    let base: Currency
}

struct ProductsQuery: Sendable {
    let products: ProductRepository
    let rates: ExchangeRates

    func read(q: String?, after: String?) async throws -> ProductsData {
        async let page = products.list(q: q, includeArchived: true, after: after, limit: 100)
        async let lists = products.priceLists()
        async let rates = rates.list(limit: 20)
        async let defaults = products.orderDefaults()
        return ProductsData(page: try await page, priceLists: try await lists, rates: try await rates, base: try await defaults.currency)
    }
}
