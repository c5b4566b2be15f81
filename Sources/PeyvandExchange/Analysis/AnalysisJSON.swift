import Foundation

/// A small JSON value for the summary of `peyvand analyze`.
///
/// ``encoded()`` writes pretty-printed JSON (two-space indent) with object
/// keys sorted, so the same analysis always produces the same bytes. Numbers
/// that are whole and below 10¹⁵ in magnitude are written without a fraction
/// (`12`), others in Swift's shortest round-trip form (`0.1`, `1.5e-17`).
/// Non-ASCII text is written as UTF-8, not escaped.
///
/// JSON has no NaN or infinity. ``AnalysisRunner`` never puts one here (it
/// fails instead, see ``firstNonFinitePath()``); if one is put here by hand it
/// is written as `null`.
public enum AnalysisJSON: Sendable, Hashable {
    case object([String: AnalysisJSON])
    case array([AnalysisJSON])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    /// `.number(Double(value))`.
    public static func int(_ value: Int) -> AnalysisJSON { .number(Double(value)) }

    /// `.number(value)`, or `.null` when `value` is `nil`.
    public static func optional(_ value: Double?) -> AnalysisJSON { value.map { .number($0) } ?? .null }

    /// `.array` of numbers.
    public static func numbers(_ values: [Double]) -> AnalysisJSON { .array(values.map { .number($0) }) }

    /// `.array` of strings.
    public static func strings(_ values: [String]) -> AnalysisJSON { .array(values.map { .string($0) }) }

    /// The member `key` of an object, else `nil`.
    public subscript(key: String) -> AnalysisJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The element at `index` of an array, else `nil`.
    public subscript(index: Int) -> AnalysisJSON? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    /// The number, if this is one.
    public var doubleValue: Double? {
        if case .number(let x) = self { return x }
        return nil
    }

    /// The string, if this is one.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [AnalysisJSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The path (e.g. `cox.coefficients[2].se`) of the first NaN or infinite
    /// number, depth first in key order, or `nil` if every number is finite.
    public func firstNonFinitePath() -> String? {
        switch self {
        case .number(let x): return x.isFinite ? nil : ""
        case .array(let items):
            for (i, item) in items.enumerated() {
                if let path = item.firstNonFinitePath() { return "[\(i)]" + (path.isEmpty || path.hasPrefix("[") ? path : "." + path) }
            }
            return nil
        case .object(let members):
            for key in members.keys.sorted() {
                if let path = members[key]!.firstNonFinitePath() {
                    return key + (path.isEmpty || path.hasPrefix("[") ? path : "." + path)
                }
            }
            return nil
        case .string, .bool, .null: return nil
        }
    }

    /// Pretty-printed JSON with sorted keys, without a trailing newline.
    public func encoded() -> String {
        var out = ""
        write(into: &out, indent: 0)
        return out
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let x): out += Self.number(x)
        case .string(let s): Self.quote(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                item.write(into: &out, indent: indent + 1)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            let keys = members.keys.sorted()
            for (i, key) in keys.enumerated() {
                out += String(repeating: "  ", count: indent + 1)
                Self.quote(key, into: &out)
                out += ": "
                members[key]!.write(into: &out, indent: indent + 1)
                out += i + 1 < keys.count ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        }
    }

    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return x.description
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
