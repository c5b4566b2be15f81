import Foundation
import PeyvandCore
import PeyvandStore

/// What the quote form (`quote-form.mustache`) renders, new or a draft's change: the customer (and
/// deal) it is for, its lines (a product, a description, quantity, unit price and the amount off),
/// its validity, VAT rate, language, notes and terms, as typed when a problem sends it back.
struct QuoteFormModel {
    struct Product { let value: String, label: String, selected: Bool }
    struct Line { let n: Int, number: String, products: [Product], description: String, quantity: String, unitPrice: String, discount: String }

    let action: String
    let heading: String
    let customerId: Int64
    let customerName: String
    let dealId: String
    let dealTitle: String?
    let currency: String
    let lines: [Line]
    let validUntil: String
    let taxRate: String
    let languages: [Choice]
    let notes: String
    let terms: String
    let version: String
    let errors: [FieldError]
}

extension QuoteFormModel {
    static let maxLines = 100

    /// The line numbers a posted form used (`description3`, … → 3), in order.
    static func lineIndices(_ form: FormData) -> [Int] {
        var indices = Set<Int>()
        for (name, _) in form.pairs {
            for prefix in ["product", "description", "quantity", "unitPrice", "discount"] where name.hasPrefix(prefix) {
                if let i = Int(name.dropFirst(prefix.count)), (0..<maxLines).contains(i) { indices.insert(i) }
            }
        }
        return indices.sorted()
    }

    /// The form's starting values: a deal's or a draft's lines, or what was posted.
    struct Start {
        var customerId: Int64
        var customerName: String
        var dealId: Int64?
        var dealTitle: String?
        var currency: Currency
        var lines: [OrderLineInput]
        var validUntil: JalaliDate?
        var taxRate: BasisPoints
        var language: String
        var notes: String?
        var terms: String?
        var version: Int?
    }

    init(action: String, heading: String, start s: Start, products: [Product], form: FormData?, addLine: Bool, issues: [FieldIssue], text x: PageText) {
        self.action = action
        self.heading = heading
        customerId = s.customerId
        customerName = s.customerName
        dealId = s.dealId.map(String.init) ?? ""
        dealTitle = s.dealTitle
        let shown = x.money(Money(minorUnits: 0, currency: s.currency))
        currency = String(shown.split(separator: " ", maxSplits: 1).last ?? Substring(s.currency.rawValue))
        let used = form.map(Self.lineIndices) ?? []
        let startCount = form == nil ? s.lines.count : (used.last.map { $0 + 1 } ?? 0)
        let count = min(Self.maxLines, max(1, startCount + (addLine ? 1 : 0)))
        lines = (0..<count).map { i in
            let given = i < s.lines.count && form == nil ? s.lines[i] : nil
            let product = form?["product\(i)"] ?? given?.productId.map(String.init) ?? ""
            var options = [Product(value: "", label: "—", selected: product.isEmpty)]
            options += products.map { Product(value: $0.value, label: $0.label, selected: $0.value == product) }
            if !product.isEmpty, !products.contains(where: { $0.value == product }) {
                options.append(Product(value: product, label: "#" + x.digits(product), selected: true))
            }
            return Line(n: i, number: x.number(i + 1), products: options,
                        description: form?["description\(i)"] ?? given?.description ?? "",
                        quantity: form?["quantity\(i)"] ?? given?.quantity ?? "", unitPrice: form?["unitPrice\(i)"] ?? given?.unitPrice ?? "",
                        discount: form?["discount\(i)"] ?? given?.discount ?? "")
        }
        validUntil = form?["validUntil"] ?? s.validUntil.map { x.views.formatting.day($0, x.lang) } ?? ""
        taxRate = form?["taxRate"] ?? s.taxRate.percentString
        let language = form?["language"] ?? s.language
        languages = ["fa", "en"].map { x.choice($0, "language", selected: $0 == language) }
        notes = form?["notes"] ?? s.notes ?? ""
        terms = form?["terms"] ?? s.terms ?? ""
        version = s.version.map(String.init) ?? ""
        errors = x.fieldErrorList(issues, labelled: true)
    }
}
