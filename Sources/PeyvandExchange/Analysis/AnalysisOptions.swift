import Foundation
import PeyvandCore

/// Typed access to a request's options, with clear failures.
///
/// Created with the full list of option names a model accepts; any other
/// name fails at once, listing the known ones.
struct OptionReader {
    let model: AnalysisModel
    private let values: [String: String]

    /// Options every model accepts: how to read the file.
    static let common = ["delimiter", "encoding"]

    init(_ options: [String: String], model: AnalysisModel, known: [String]) throws(AnalysisFailure) {
        self.model = model
        var values: [String: String] = [:]
        for (key, value) in options {
            let name = key.hasPrefix("--") ? String(key.dropFirst(2)) : key
            guard values[name] == nil else { throw .option("option --\(name) is given twice") }
            values[name] = value
        }
        let allowed = Set(known + Self.common)
        if let unknown = values.keys.sorted().first(where: { !allowed.contains($0) }) {
            let list = allowed.sorted().map { "--" + $0 }.joined(separator: ", ")
            throw .option("unknown option --\(unknown) for 'analyze \(model.rawValue)'; known options: \(list)")
        }
        self.values = values
    }

    func has(_ name: String) -> Bool { values[name] != nil }

    /// The trimmed value, or `nil` when absent. An empty value fails.
    func string(_ name: String) throws(AnalysisFailure) -> String? {
        guard let raw = values[name] else { return nil }
        let value = raw.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw .option("option --\(name) needs a value") }
        return value
    }

    func string(_ name: String, default fallback: String) throws(AnalysisFailure) -> String {
        try string(name) ?? fallback
    }

    func required(_ name: String, example: String) throws(AnalysisFailure) -> String {
        guard let value = try string(name) else {
            throw .option("'analyze \(model.rawValue)' needs --\(name) (for example --\(name) \(example))")
        }
        return value
    }

    /// A value-less flag: absent, `""`, `true`/`yes`/`1`, `false`/`no`/`0`.
    func flag(_ name: String) throws(AnalysisFailure) -> Bool {
        guard let raw = values[name] else { return false }
        switch raw.trimmingCharacters(in: .whitespaces).lowercased() {
        case "", "true", "yes", "1": return true
        case "false", "no", "0": return false
        default: throw .option("option --\(name) is a flag; it takes no value (got '\(raw)')")
        }
    }

    func choice(_ name: String, _ choices: [String], default fallback: String) throws(AnalysisFailure) -> String {
        let value = try string(name, default: fallback).lowercased()
        guard choices.contains(value) else {
            throw .option("option --\(name) must be one of \(choices.joined(separator: ", ")) (got '\(value)')")
        }
        return value
    }

    func double(_ name: String, default fallback: Double, _ valid: (Double) -> Bool, _ rule: String) throws(AnalysisFailure) -> Double {
        guard let text = try string(name) else { return fallback }
        guard let x = NumberText.parse(text), valid(x) else {
            throw .option("option --\(name) must be \(rule) (got '\(text)')")
        }
        return x
    }

    func int(_ name: String, default fallback: Int, _ range: ClosedRange<Int>) throws(AnalysisFailure) -> Int {
        guard let text = try string(name) else { return fallback }
        guard let x = Int(PersianText.latinDigits(text)), range.contains(x) else {
            throw .option("option --\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound) (got '\(text)')")
        }
        return x
    }

    func seed(_ name: String = "seed", default fallback: UInt64 = 1405) throws(AnalysisFailure) -> UInt64 {
        guard let text = try string(name) else { return fallback }
        guard let x = UInt64(PersianText.latinDigits(text)) else {
            throw .option("option --\(name) must be a non-negative whole number (got '\(text)')")
        }
        return x
    }

    /// A comma-separated list of column names: trimmed, none empty, none twice.
    func list(_ name: String) throws(AnalysisFailure) -> [String]? {
        guard let text = try string(name) else { return nil }
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !items.contains(where: \.isEmpty) else {
            throw .option("option --\(name) has an empty name in '\(text)'; write names separated by commas, e.g. a,b,c")
        }
        var seen = Set<String>()
        for item in items where !seen.insert(item).inserted {
            throw .option("option --\(name) names '\(item)' twice")
        }
        return items
    }

    func requiredList(_ name: String, example: String) throws(AnalysisFailure) -> [String] {
        guard let items = try list(name) else {
            throw .option("'analyze \(model.rawValue)' needs --\(name) (for example --\(name) \(example))")
        }
        return items
    }
}
