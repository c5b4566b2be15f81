/// A row that ``CSVReader`` could not read. The reader reports it and carries
/// on with the next row.
public struct CSVIssue: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why a row was rejected.
    public enum Reason: Sendable, Hashable {
        /// A quoted cell was still open at end of file; the rest of the file
        /// was swallowed by this row.
        case unterminatedQuote
        /// A `"` inside a cell that does not start with `"` (e.g. `ab"c`).
        case quoteInUnquotedField
        /// Text after a closing quote, before the delimiter (e.g. `"ab"c`).
        case textAfterClosingQuote
        /// A cell longer than `limit` UTF-8 bytes; the row was skipped
        /// without keeping the cell in memory.
        case cellTooLarge(limit: Int)
        /// A row with more than `limit` cells.
        case tooManyFields(limit: Int)
    }

    /// The 1-based line on which the rejected row starts.
    public var line: Int
    public var reason: Reason

    public init(line: Int, reason: Reason) {
        self.line = line
        self.reason = reason
    }

    /// English message, e.g. `line 4: unterminated quoted field`.
    public var description: String {
        let text: String
        switch reason {
        case .unterminatedQuote: text = "unterminated quoted field"
        case .quoteInUnquotedField: text = "quote inside an unquoted field"
        case .textAfterClosingQuote: text = "text after a closing quote"
        case .cellTooLarge(let limit): text = "cell larger than \(limit) bytes"
        case .tooManyFields(let limit): text = "more than \(limit) fields"
        }
        return "line \(line): \(text)"
    }
}
