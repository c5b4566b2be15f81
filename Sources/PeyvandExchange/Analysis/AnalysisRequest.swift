import Foundation

/// The analyses `peyvand analyze` can run.
public enum AnalysisModel: String, CaseIterable, Sendable, Hashable {
    /// RFM scores and segments from a transaction log.
    case rfm
    /// k-means clusters of customers from numeric feature columns.
    case segments
    /// Profit concentration (Pareto / whale curve) per customer.
    case value
    /// BG/NBD + Gamma-Gamma customer lifetime value.
    case clv
    /// Logistic-regression churn propensity.
    case churn
    /// Kaplan–Meier curves and Cox proportional hazards.
    case survival
}

/// One run of `peyvand analyze MODEL FILE [--name value …]`.
public struct AnalysisRequest: Sendable, Hashable {
    public var model: AnalysisModel
    /// The CSV file to read.
    public var input: URL
    /// Option name (without `--`; a leading `--` is also accepted) → value.
    /// Flags such as `summary` and `drop-nonpositive` have the value `"true"`
    /// (or `""`); `"false"` turns them off.
    public var options: [String: String]
    /// The current time: used for `--as-of today`, the `generated_at` field
    /// and the warning about dates in the future.
    public var now: Date

    public init(model: AnalysisModel, input: URL, options: [String: String] = [:], now: Date = Date()) {
        self.model = model
        self.input = input
        self.options = options
        self.now = now
    }

    /// Options that take no value.
    public static let flags: Set<String> = ["summary", "drop-nonpositive"]

    /// Parses command-line words `--name value`, `--name=value` and the
    /// value-less ``flags`` into ``options``.
    ///
    /// Fails for a word that is not an option, an option without a value,
    /// and an option given twice. Whether a name is known to the model is
    /// checked later, by ``AnalysisRunner/run(_:)``.
    public static func parseOptions(_ arguments: [String]) throws(AnalysisFailure) -> [String: String] {
        var options: [String: String] = [:]
        var i = 0
        while i < arguments.count {
            let word = arguments[i]
            guard word.hasPrefix("--"), word.count > 2 else {
                throw .option("unexpected argument '\(word)': options are written --name value")
            }
            var name = String(word.dropFirst(2))
            var value: String
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            } else if flags.contains(name) {
                value = "true"
            } else {
                guard i + 1 < arguments.count, !arguments[i + 1].hasPrefix("--") else {
                    throw .option("option --\(name) needs a value")
                }
                i += 1
                value = arguments[i]
            }
            guard options[name] == nil else { throw .option("option --\(name) is given twice") }
            options[name] = value
            i += 1
        }
        return options
    }
}

/// What an analysis produced: a JSON summary and one CSV row per customer
/// (or subject).
public struct AnalysisResult: Sendable, Hashable {
    /// Model parameters, fit statistics, per-segment counts, warnings.
    public var summary: AnalysisJSON
    /// Column names of ``rows``.
    public var header: [String]
    /// One row per customer/subject, every row as long as ``header``.
    public var rows: [[String]]

    public init(summary: AnalysisJSON, header: [String], rows: [[String]]) {
        self.summary = summary
        self.header = header
        self.rows = rows
    }

    /// Header and rows as CSV (CRLF line ends; by default with the UTF-8 BOM
    /// Excel needs for Persian text), written by ``CSVWriter``.
    public func csv(byteOrderMark: Bool = true) -> String {
        var writer = CSVWriter(byteOrderMark: byteOrderMark)
        try? writer.write(header)  // a memory writer never throws
        try? writer.write(rows: rows)
        return writer.string
    }

    /// Streams header and rows to `fileHandle` as CSV.
    public func writeCSV(to fileHandle: FileHandle, byteOrderMark: Bool = true) throws {
        var writer = CSVWriter(fileHandle: fileHandle, byteOrderMark: byteOrderMark)
        try writer.write(header)
        try writer.write(rows: rows)
        try writer.finish()
    }

    /// The cells of column `name`, or `nil` if there is no such column.
    public func column(_ name: String) -> [String]? {
        guard let j = header.firstIndex(of: name) else { return nil }
        return rows.map { $0[j] }
    }
}
