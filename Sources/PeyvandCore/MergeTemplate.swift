/// A message template with merge fields: `{{customer.salutation}}، سفارش {{order.last.number}}…`.
/// Parsed once, when it is saved: an unknown field or an unclosed `{{` is refused then, with the
/// field named, never found later in a customer's inbox. Rendering is one pass over the parts.
public struct MergeTemplate: Sendable, Hashable {
    public enum Part: Sendable, Hashable {
        case text(String)
        case field(MergeField)
    }

    public let parts: [Part]

    /// The most text a template may hold (a letter of several pages).
    public static let maxLength = 20_000

    /// Parses `source`; `field` names the form field the problems are reported against.
    public init(_ source: String, field: String = "body") throws(ValidationError) {
        guard source.unicodeScalars.count <= Self.maxLength else {
            throw ValidationError(field: field, reason: "at most \(Self.maxLength) characters", code: "text.tooLong",
                                  params: ["max": String(Self.maxLength)])
        }
        var parts: [Part] = []
        var issues: [FieldIssue] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                issues.append(FieldIssue(field: field, reason: "a {{ is not closed with }}", code: "template.unclosed"))
                rest = ""
                break
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if let known = MergeField(rawValue: name) {
                parts.append(.field(known))
            } else if !issues.contains(where: { $0.params?["name"] == name }) {
                issues.append(FieldIssue(field: field, reason: "unknown merge field {{\(name)}}", code: "template.unknownField",
                                         params: ["name": String(name.prefix(60))]))
            }
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        guard issues.isEmpty else { throw ValidationError(issues) }
        self.parts = parts
    }

    /// The fields the template uses.
    public var fields: Set<MergeField> {
        Set(parts.compactMap { if case .field(let f) = $0 { f } else { nil } })
    }

    /// The text with every field replaced by its value (empty when the customer has none).
    public func render(_ values: [MergeField: String]) -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .field(let f): out += values[f] ?? ""
            }
        }
        return out
    }
}

/// The merge fields a template may use. Values are written for the template's language: Jalali
/// dates and Persian digits in fa, the salutation in the form Persian letters use.
public enum MergeField: String, CaseIterable, Sendable, Hashable, Codable {
    /// «مریم عزیز» / «شرکت پارس محترم» / "Dear Maryam".
    case salutation = "customer.salutation"
    case name = "customer.name"
    case givenName = "customer.givenName"
    case familyName = "customer.familyName"
    case lastOrderNumber = "order.last.number"
    case lastOrderDate = "order.last.date"
    case lastOrderTotal = "order.last.total"
    /// What the customer still owes on their invoices.
    case amountDue = "balance.due"
    case today
    /// Where a marketing message is unsubscribed from (filled in when it is sent).
    case unsubscribeLink = "unsubscribe.link"
}
