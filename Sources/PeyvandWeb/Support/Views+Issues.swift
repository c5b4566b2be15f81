import PeyvandCore

extension Views {
    /// A field's problem in the reader's language: the catalog's message for its code
    /// (`issue_<code>`) with its parameters filled in — counts in the reader's digits, what the
    /// person typed as typed — else, for reasons that have no code yet, the English reason.
    func issueText(_ issue: FieldIssue, _ lang: Language) -> String {
        issue.code.flatMap { message($0, issue.params ?? [:], lang) } ?? issue.reason
    }

    static func money(_ text: String) -> Money? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let currency = try? Currency(code: String(parts[1])) else { return nil }
        return try? Money(major: String(parts[0]), currency: currency)
    }

    private func message(_ code: String, _ params: [String: String], _ lang: Language) -> String? {
        let key = "issue_" + code.replacingOccurrences(of: ".", with: "_")
        var text = catalogs.text(key, lang)
        guard text != key else { return nil }
        for (name, value) in params where name != "detail" {
            var shown = name != "value" && lang == .fa ? PersianText.persianDigits(value) : value
            // `money` is "<major units> <currency code>": written as the reader writes amounts.
            if name == "money", let money = Self.money(value) { shown = money.formatted(language: lang.rawValue) }
            // What the person typed or the file held, as it was: isolated (FSI … PDI), so a Latin
            // value never scrambles a Persian sentence, nor a Persian one an English sentence.
            if name == "value" || name == "sku" { shown = "\u{2068}" + shown + "\u{2069}" }
            text = text.replacingOccurrences(of: "{\(name)}", with: shown)
        }
        if let detail = params["detail"], text.contains("{detail}") {
            var inner = params
            inner["detail"] = nil
            text = text.replacingOccurrences(of: "{detail}", with: message(detail, inner, lang) ?? "")
        }
        return text
    }
}
