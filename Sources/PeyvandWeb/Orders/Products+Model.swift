import Foundation
import PeyvandCore
import PeyvandStore

/// What the products page (`products.mustache`) renders: the catalogue with prices, the new-product
/// form as typed, price lists and exchange rates.
struct ProductsModel {
    struct Price { let list: String, amount: String }
    struct Row { let id: Int64, sku: String, name: String, unit: String, category: String, active: Bool, cost: String, prices: [Price] }
    struct PriceListRow { let id: Int64, name: String, currency: String }
    /// `1 USD = 1,050,000 IRR`, in the reader's digits, and the day it applies from.
    struct RateRow { let equation: String, from: String }
    struct Form { let sku: String, name: String, unit: String, category: String, cost: String, price: String }

    let products: [Row]
    let priceLists: [PriceListRow]
    let rates: [RateRow]
    let q: String
    let next: String?
    let canManage: Bool
    let canSetRates: Bool
    let form: Form
    let errors: [FieldError]
}

extension ProductsModel {
    init(_ data: ProductsData, q: String?, principal: Principal, form: FormData?, issues: [FieldIssue], text x: PageText) {
        products = data.page.items.map { p in
            Row(id: p.id, sku: p.sku, name: p.name, unit: x.unit(p.unit), category: p.category ?? "", active: p.active, cost: x.money(p.cost),
                prices: p.prices.map { Price(list: $0.priceListName, amount: x.money($0.unitPrice)) })
        }
        priceLists = data.priceLists.map { PriceListRow(id: $0.id, name: $0.name, currency: $0.currency.rawValue) }
        rates = data.rates.map {
            RateRow(equation: "\(x.number(1)) \($0.currency.rawValue) = \(x.decimal($0.rate.description)) \(data.base.rawValue)", from: x.day($0.effectiveOn))
        }
        self.q = q ?? ""
        next = data.page.next.map { "/products?after=\($0)" }
        canManage = principal.may(.productsManage)
        canSetRates = principal.may(.ratesManage)
        self.form = Form(sku: form?["sku"] ?? "", name: form?["name"] ?? "", unit: form?["unit"] ?? "", category: form?["category"] ?? "",
                         cost: form?["cost"] ?? "", price: form?["price"] ?? "")
        errors = x.fieldErrorList(issues, labelled: true)
    }
}
