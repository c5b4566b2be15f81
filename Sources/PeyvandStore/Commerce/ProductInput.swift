import PeyvandCore

/// A product as typed in a form, an API body or a CSV row.
public struct ProductInput: Sendable, Hashable {
    public var sku: String
    public var name: String
    public var kind: String?
    public var unit: String?
    public var category: String?
    /// Unit cost in the organisation's currency, as text.
    public var cost: String?
    public var active: Bool?
    /// Price list name → unit price as text.
    public var prices: [String: String]

    public init(sku: String, name: String, kind: String? = nil, unit: String? = nil, category: String? = nil, cost: String? = nil,
                active: Bool? = nil, prices: [String: String] = [:]) {
        self.sku = sku
        self.name = name
        self.kind = kind
        self.unit = unit
        self.category = category
        self.cost = cost
        self.active = active
        self.prices = prices
    }

    struct Valid {
        var sku: String
        var name: String
        var kind: Product.Kind
        var unit: String
        var category: String?
        var costMinor: Int64
        var active: Bool
    }

    func validated(base: Currency) -> (Valid?, [FieldIssue]) {
        var issues: [FieldIssue] = []
        let sku = self.sku.trimmingCharacters(in: .whitespacesAndNewlines)
        if sku.isEmpty || sku.count > 64 { issues.append(FieldIssue(field: "sku", reason: "must be 1 to 64 characters", code: "text.length", params: ["max": "64"])) }
        if sku.contains(where: { $0.isWhitespace }) { issues.append(FieldIssue(field: "sku", reason: "must not contain spaces", code: "text.spaces")) }
        let name = self.name.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 200 { issues.append(FieldIssue(field: "name", reason: "must be 1 to 200 characters", code: "text.length", params: ["max": "200"])) }
        let kind = Product.Kind(rawValue: self.kind ?? "goods")
        if kind == nil { issues.append(FieldIssue(field: "kind", reason: "must be goods or service", code: "choice.unknown")) }
        let unit = (self.unit?.trimmingCharacters(in: .whitespaces)).flatMap { $0.isEmpty ? nil : $0 } ?? (kind == .service ? "hour" : "piece")
        if unit.count > 32 { issues.append(FieldIssue(field: "unit", reason: "at most 32 characters", code: "text.tooLong", params: ["max": "32"])) }
        let category = (self.category?.trimmingCharacters(in: .whitespaces)).flatMap { $0.isEmpty ? nil : $0 }
        if let c = category, c.count > 100 { issues.append(FieldIssue(field: "category", reason: "at most 100 characters", code: "text.tooLong", params: ["max": "100"])) }
        var cost: Int64 = 0
        if let text = self.cost, !text.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                let money = try Money(major: text, currency: base)
                if money.isNegative { issues.append(FieldIssue(field: "cost", reason: "must not be negative", code: "amount.negative")) }
                cost = money.minorUnits
            } catch { issues += error.issues.map { $0.at("cost") } }
        }
        guard issues.isEmpty, let kind else { return (nil, issues) }
        return (Valid(sku: sku, name: name, kind: kind, unit: unit, category: category, costMinor: cost, active: active ?? true), [])
    }
}
