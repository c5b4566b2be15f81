import Foundation
import PeyvandCore
import PeyvandStore

/// What the new-order form (`order-form.mustache`) renders: five lines as typed, the currency,
/// the note, and each problem the store found.
struct OrderFormModel {
    struct CustomerLink { let id: Int64, name: String }
    struct Line {
        let n: Int, number: String, products: [Choice], quantity: String, unitPrice: String, discountPercent: String, taxRate: String
        let description: String
    }

    let customer: CustomerLink
    let lines: [Line]
    let currency: String
    let note: String
    let confirm: Bool
    let errors: [FieldError]
}

extension OrderFormModel {
    /// `form`: what was sent (nil for a new, empty form).
    init(_ data: OrderFormData, form: FormData?, issues: [FieldIssue], text x: PageText) {
        customer = CustomerLink(id: data.customer.id, name: data.customer.fields.name)
        lines = (0..<5).map { i in
            let sku = form?["sku\(i)"] ?? ""
            return Line(n: i, number: x.number(i + 1),
                        products: data.products.map { Choice(value: $0.sku, label: "\($0.sku) — \($0.name)", selected: $0.sku == sku) },
                        quantity: form?["quantity\(i)"] ?? "", unitPrice: form?["unitPrice\(i)"] ?? "",
                        discountPercent: form?["discountPercent\(i)"] ?? "", taxRate: form?["taxRate\(i)"] ?? (i == 0 && form == nil ? "10" : ""),
                        description: form?["description\(i)"] ?? "")
        }
        currency = form?["currency"] ?? "IRR"
        note = form?["note"] ?? ""
        confirm = form == nil || form?.has("confirm") == true
        errors = x.fieldErrorList(issues, labelled: true)
    }
}
