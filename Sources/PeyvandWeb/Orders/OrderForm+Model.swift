import Foundation
import PeyvandCore
import PeyvandStore

/// What the new-order form (`order-form.mustache`) renders: as many lines as the order needs (one
/// to start, one more on "add a line"), each starting at the default VAT rate, the products with
/// their price on the default price list (the page's script keeps a running total from them), the
/// currency, the note, and each problem the store found.
struct OrderFormModel {
    struct CustomerLink { let id: Int64, name: String }
    struct Product { let value: String, label: String, selected: Bool, price: String }
    struct Line {
        let n: Int, number: String, products: [Product], quantity: String, unitPrice: String, discountPercent: String, taxRate: String
        let description: String
    }

    let customer: CustomerLink
    let lines: [Line]
    let currency: String
    /// The currency as the reader names it (ریال, Rial, …) and what the running total divides
    /// by to show it (10 for Rial amounts shown in Toman).
    let currencyLabel: String
    let totalDivisor: Int
    let defaultTaxRate: String
    let note: String
    let confirm: Bool
    let errors: [FieldError]
}

extension OrderFormModel {
    /// The most lines one order form holds (the store allows 500).
    static let maxLines = 200

    /// The line numbers a posted form used (`sku3`, `description3`, … → 3), in order.
    static func lineIndices(_ form: FormData) -> [Int] {
        var indices = Set<Int>()
        for (name, _) in form.pairs {
            for prefix in ["sku", "description", "quantity", "unitPrice", "discountPercent", "taxRate"] where name.hasPrefix(prefix) {
                if let i = Int(name.dropFirst(prefix.count)), (0..<maxLines).contains(i) { indices.insert(i) }
            }
        }
        return indices.sorted()
    }

    /// `form`: what was sent (nil for a new, empty form); `addLine`: show one more empty line.
    init(_ data: OrderFormData, form: FormData?, addLine: Bool = false, issues: [FieldIssue], text x: PageText) {
        customer = CustomerLink(id: data.customer.id, name: data.customer.fields.name)
        let listId = data.defaults.priceList?.id
        let rate = data.defaults.taxRate.percentString
        let used = form.map(Self.lineIndices) ?? []
        let count = min(Self.maxLines, max(1, (used.last.map { $0 + 1 } ?? 0) + (addLine ? 1 : 0)))
        lines = (0..<count).map { i in
            let sku = form?["sku\(i)"] ?? ""
            let typed = used.contains(i)
            return Line(n: i, number: x.number(i + 1),
                        products: data.products.filter(\.active).map { p in
                            Product(value: p.sku, label: "\(p.sku) — \(p.name)", selected: p.sku == sku,
                                    price: p.prices.first { $0.priceListId == listId }?.unitPrice.majorString ?? "")
                        },
                        quantity: form?["quantity\(i)"] ?? "", unitPrice: form?["unitPrice\(i)"] ?? "",
                        discountPercent: form?["discountPercent\(i)"] ?? "", taxRate: typed ? (form?["taxRate\(i)"] ?? "") : rate,
                        description: form?["description\(i)"] ?? "")
        }
        currency = form?["currency"] ?? data.defaults.currency.rawValue
        let shown = x.money(Money(minorUnits: 0, currency: Currency(rawValue: currency)))
        currencyLabel = String(shown.split(separator: " ", maxSplits: 1).last ?? "")
        totalDivisor = x.toman && currency == "IRR" ? 10 : 1
        defaultTaxRate = rate
        note = form?["note"] ?? ""
        confirm = form == nil || form?.has("confirm") == true
        errors = x.fieldErrorList(issues, labelled: true)
    }
}
