import PeyvandCore

/// One field's problem as every form shows it (`templates/field-error.mustache`): which field,
/// the field's name in the reader's language when the catalog has one, and the message in the
/// reader's language (`Views.issueText`: the catalog's message when the issue has a code).
struct FieldError {
    let field: String
    let fieldLabel: String?
    let message: String
}

extension PageText {
    /// Every issue as the partial shows it in a list at the top of a form, in order. `labelled`:
    /// prefix the field's name (the catalog's `field_<name>`, else the field's path as sent).
    func fieldErrorList(_ issues: [FieldIssue], labelled: Bool = false, message: (FieldIssue) -> String? = { _ in nil }) -> [FieldError] {
        issues.map { issue in
            FieldError(field: issue.field, fieldLabel: labelled ? fieldLabel(issue.field) : nil,
                       message: message(issue) ?? views.issueText(issue, lang))
        }
    }

    /// A field's name for the reader: `unitPrice` → "بهای واحد"; `lines[1].unitPrice` → "ردیف ۲،
    /// بهای واحد"; `prices.retail` → "قیمت‌ها (retail)"; an unknown name as it is.
    func fieldLabel(_ path: String) -> String {
        func named(_ name: String) -> String? {
            let key = "field_\(name)"
            let text = t(key)
            return text == key ? nil : text
        }
        let components = path.split(separator: ".").map(String.init)
        var parts: [String] = []
        for component in components.dropLast() {
            if component.hasPrefix("lines["), let index = Int(component.dropFirst(6).dropLast()) {
                parts.append(t("order_line") + " " + number(index + 1))
            }
        }
        let leaf = components.last ?? path
        let leafName = leaf.split(separator: "[").first.map(String.init) ?? leaf
        if let label = named(leafName) {
            parts.append(label)
        } else if let first = components.first, components.count > 1, let label = named(first) {
            parts.append("\(label) (\(leaf))")
        } else {
            parts.append(leaf)
        }
        return parts.joined(separator: lang == .fa ? "، " : ", ")
    }

    /// The issues by field, for forms that show each problem beside its field (the field's name is
    /// already on the page): `phones[1]` counts as `phones`, several reasons of a field are joined.
    func fieldErrorMap(_ issues: [FieldIssue]) -> [String: FieldError] {
        var texts: [String: [String]] = [:]
        for issue in issues {
            let field = issue.field.split(separator: "[").first.map(String.init) ?? issue.field
            texts[field, default: []].append(views.issueText(issue, lang))
        }
        return texts.reduce(into: [:]) { map, entry in
            map[entry.key] = FieldError(field: entry.key, fieldLabel: nil, message: entry.value.joined(separator: lang == .fa ? "؛ " : "; "))
        }
    }
}
