import Foundation
import PeyvandAnalytics

/// Why `peyvand analyze` could not produce a result. The CLI prints
/// ``description`` (one line) and exits with status 2.
///
/// The message names what is wrong: the option, the file with the line and
/// column of a bad cell, or the model condition (for example
/// `nobody bought twice: BG/NBD cannot be fitted`).
public struct AnalysisFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// Broad class of the failure, for callers that branch on it.
    public enum Kind: String, Sendable, Hashable {
        /// An unknown, missing or malformed option.
        case option
        /// The file cannot be read, is empty, or lacks a column.
        case file
        /// A cell or row of the file is not usable (line and column set when known).
        case data
        /// The model cannot be fitted or evaluated on this data.
        case model
    }

    public var kind: Kind
    /// The full one-line message.
    public var message: String
    /// 1-based physical line of the file, when the problem is in one row.
    public var line: Int?
    /// Column name, when the problem is in one column.
    public var column: String?

    public init(kind: Kind, message: String, line: Int? = nil, column: String? = nil) {
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { message }

    static func option(_ message: String) -> AnalysisFailure {
        AnalysisFailure(kind: .option, message: message)
    }

    static func file(_ file: String, _ message: String) -> AnalysisFailure {
        AnalysisFailure(kind: .file, message: "\(file): \(message)")
    }

    static func row(_ file: String, line: Int, _ message: String) -> AnalysisFailure {
        AnalysisFailure(kind: .data, message: "\(file) line \(line): \(message)", line: line)
    }

    static func cell(_ file: String, line: Int, column: String, _ message: String) -> AnalysisFailure {
        AnalysisFailure(kind: .data, message: "\(file) line \(line), column '\(column)': \(message)", line: line, column: column)
    }

    static func model(_ message: String) -> AnalysisFailure {
        AnalysisFailure(kind: .model, message: message)
    }

    /// A readable message for a model error. `lines` maps the model's
    /// zero-based row index to the file's line, when rows came from a file.
    static func analytics(_ error: AnalyticsError, file: String, lines: [Int]? = nil) -> AnalysisFailure {
        switch error {
        case .emptyInput(let what):
            return .file(file, "no rows: \(what) is empty")
        case .singleCustomer(let what):
            return .model("\(file): \(what) needs at least two customers; only one was found")
        case .noRepeatPurchases:
            return .model("\(file): nobody bought twice: BG/NBD cannot be fitted (every customer has frequency 0)")
        case .nonPositiveAmount(let id, let amount):
            return AnalysisFailure(
                kind: .data,
                message: "\(file): customer '\(id)' has a non-positive amount \(amount); amounts must be greater than zero")
        case .invalidInput(let why):
            return AnalysisFailure(kind: .data, message: "\(file): invalid input: \(why)")
        case .constantCovariate(let name):
            return AnalysisFailure(
                kind: .data, message: "\(file): column '\(name)' has the same value in every row; remove it from the model",
                column: name)
        case .collinearCovariate(let name):
            return AnalysisFailure(
                kind: .data,
                message: "\(file): column '\(name)' is a linear combination of the other columns (collinear); remove it from the model",
                column: name)
        case .noConvergence(let model, let iterations):
            return .model("\(file): \(model) did not converge after \(iterations) iterations")
        case .undefined(let why):
            return .model("\(file): undefined result: \(why)")
        case .nonFiniteValue(let field, let row):
            if let lines, lines.indices.contains(row) {
                return .cell(file, line: lines[row], column: field, "value is missing or not finite")
            }
            return AnalysisFailure(
                kind: .data, message: "\(file): value of '\(field)' in data row \(row + 1) is missing or not finite", column: field)
        case .tooFewRows(let what, let needed, let got):
            return .model("\(file): \(what) needs at least \(needed) rows; only \(got) available")
        case .singleClass(let what):
            return .model("\(file): \(what) has only one outcome class; both outcomes must occur")
        case .perfectSeparation(let what):
            return .model(
                "\(file): \(what): the outcome is perfectly separated by the features, so the unpenalised estimate is "
                    + "infinite; use a penalty (--c) or remove the separating feature")
        }
    }
}

/// Runs a model call, turning its `AnalyticsError` into an ``AnalysisFailure``.
func fitting<T>(
    _ file: String, lines: [Int]? = nil, _ body: () throws(AnalyticsError) -> T
) throws(AnalysisFailure) -> T {
    do throws(AnalyticsError) {
        return try body()
    } catch {
        throw AnalysisFailure.analytics(error, file: file, lines: lines)
    }
}
