/// The RFC 4180 state machine behind ``CSVReader``.
///
/// It consumes UTF-8 bytes (delimiters, quotes and line ends are ASCII, so
/// byte-level parsing is safe) in any chunking and appends finished rows to
/// an output array. Memory is bounded by `cellLimit` per cell and
/// `fieldLimit` cells per row: once a row has an issue its content is no
/// longer stored, only its structure (quotes, line ends) is followed.
struct CSVParser {
    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    private static let quote: UInt8 = 0x22, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A

    let delimiter: UInt8
    let cellLimit: Int
    let fieldLimit: Int

    private var state = State.fieldStart
    private var line = 1
    private var lastWasCR = false
    private var recordStarted = false
    private var recordLine = 1
    private var fields: [String] = []
    private var field: [UInt8] = []
    private var issue: CSVIssue.Reason?

    init(delimiter: UInt8, cellLimit: Int, fieldLimit: Int) {
        self.delimiter = delimiter
        self.cellLimit = cellLimit
        self.fieldLimit = fieldLimit
    }

    /// Consumes `bytes`, appending every row they complete to `output`.
    mutating func feed(_ bytes: some Sequence<UInt8>, into output: inout [Result<CSVRecord, CSVIssue>]) {
        for byte in bytes { consume(byte, into: &output) }
    }

    /// Ends the input: completes the last row (or reports its open quote).
    mutating func finish(into output: inout [Result<CSVRecord, CSVIssue>]) {
        switch state {
        case .quoted:
            issue = .unterminatedQuote
            fields = []
            endRecord(into: &output)
        case .fieldStart where !recordStarted:
            break
        default:
            endField()
            endRecord(into: &output)
        }
    }

    private mutating func consume(_ byte: UInt8, into output: inout [Result<CSVRecord, CSVIssue>]) {
        let isNewline = byte == Self.cr || byte == Self.lf
        switch state {
        case .fieldStart:
            if !recordStarted {
                if isNewline { break }  // blank line: skipped
                recordStarted = true
                recordLine = line
            }
            if byte == Self.quote {
                state = .quoted
            } else if byte == delimiter {
                endField()
            } else if isNewline {
                endField()
                endRecord(into: &output)
            } else {
                append(byte)
                state = .unquoted
            }
        case .unquoted:
            if byte == delimiter {
                endField()
                state = .fieldStart
            } else if isNewline {
                endField()
                endRecord(into: &output)
            } else {
                if byte == Self.quote { flag(.quoteInUnquotedField) }
                append(byte)
            }
        case .quoted:
            if byte == Self.quote { state = .quoteInQuoted } else { append(byte) }
        case .quoteInQuoted:
            if byte == Self.quote {
                append(byte)
                state = .quoted
            } else if byte == delimiter {
                endField()
                state = .fieldStart
            } else if isNewline {
                endField()
                endRecord(into: &output)
            } else {
                flag(.textAfterClosingQuote)
                state = .unquoted
            }
        }
        if byte == Self.cr {
            line += 1
            lastWasCR = true
        } else {
            if byte == Self.lf && !lastWasCR { line += 1 }
            lastWasCR = false
        }
    }

    private mutating func append(_ byte: UInt8) {
        guard issue == nil else { return }
        guard field.count < cellLimit else {
            flag(.cellTooLarge(limit: cellLimit))
            return
        }
        field.append(byte)
    }

    private mutating func endField() {
        guard issue == nil else { return }
        guard fields.count < fieldLimit else {
            flag(.tooManyFields(limit: fieldLimit))
            return
        }
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: field.count <= 4096)
    }

    /// Records the first issue of the row and drops its content.
    private mutating func flag(_ reason: CSVIssue.Reason) {
        if issue == nil { issue = reason }
        fields = []
        field = []
    }

    private mutating func endRecord(into output: inout [Result<CSVRecord, CSVIssue>]) {
        if let issue {
            output.append(.failure(CSVIssue(line: recordLine, reason: issue)))
        } else {
            output.append(.success(CSVRecord(fields: fields, line: recordLine)))
        }
        fields = []
        field.removeAll(keepingCapacity: field.count <= 4096)
        issue = nil
        recordStarted = false
        state = .fieldStart
    }
}
