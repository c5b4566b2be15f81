/// One row read by ``CSVReader``.
///
/// Rows are not checked against the header: compare `fields.count` with the
/// header's count to find ragged rows, and report them with ``line``.
public struct CSVRecord: Sendable, Hashable {
    /// The cells, unquoted and unescaped.
    public var fields: [String]
    /// The 1-based physical line on which the record starts (a quoted cell
    /// with embedded newlines makes a record span several lines).
    public var line: Int

    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}
