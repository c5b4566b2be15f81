import Foundation

/// A streaming RFC 4180 CSV reader.
///
/// * Reads a `FileHandle` in 64 KiB chunks (or an in-memory byte buffer);
///   memory stays bounded whatever the file size: one chunk, the rows it
///   completes, and at most `cellLimit` bytes per cell.
/// * Decodes UTF-8 (BOM optional), UTF-16 LE/BE (with BOM) and Windows-1256
///   via ``TextDecoding``; the BOM is skipped.
/// * The delimiter (`,` `;` tab `|`) is detected from the first line unless given.
/// * Quoted cells may contain delimiters, `""` (an escaped quote) and line
///   breaks. Lines may end in CRLF, LF or CR. Blank lines are skipped.
///
/// Errors are per row: ``next()`` returns `.failure(CSVIssue)` for a bad row
/// (with its line number) and continues with the next one. Only I/O errors
/// are thrown. Ragged rows are returned as they are; compare with the header.
///
/// ```swift
/// var reader = CSVReader(fileHandle: handle)
/// while let row = try reader.next() {
///     switch row {
///     case .success(let record): use(record.fields, record.line)
///     case .failure(let issue): report(issue.line, issue.reason)
///     }
/// }
/// ```
public struct CSVReader {
    /// Bytes read from the file per chunk.
    public static let chunkSize = 64 * 1024
    /// Default maximum size of a single cell, in UTF-8 bytes (1 MiB).
    public static let defaultCellLimit = 1024 * 1024
    /// Default maximum number of cells in a row.
    public static let defaultFieldLimit = 10_000

    private enum Source {
        case handle(FileHandle)
        case memory([UInt8], offset: Int)
    }

    /// The delimiter in use; `nil` until detected from the first line.
    public private(set) var delimiter: CSVDelimiter?
    /// The encoding in use; `nil` until the first chunk has been read.
    public var encoding: SourceEncoding? { decoder?.encoding }

    private let forcedEncoding: SourceEncoding?
    private let cellLimit: Int
    private let fieldLimit: Int
    private var source: Source
    private var decoder: TextDecoding?
    private var parser: CSVParser?
    /// Decoded UTF-8 held while the first line is incomplete (delimiter unknown).
    private var lookahead: [UInt8] = []
    private var ready: [Result<CSVRecord, CSVIssue>] = []
    private var readyIndex = 0
    private var exhausted = false

    /// A reader over an open file, from its current offset.
    /// - Parameters:
    ///   - delimiter: `nil` to detect it from the first line.
    ///   - encoding: `nil` to detect it with ``SourceEncoding/detect(_:)``.
    ///   - cellLimit: larger cells make their row a ``CSVIssue/Reason/cellTooLarge(limit:)``.
    ///   - fieldLimit: rows with more cells are a ``CSVIssue/Reason/tooManyFields(limit:)``.
    public init(
        fileHandle: FileHandle,
        delimiter: CSVDelimiter? = nil,
        encoding: SourceEncoding? = nil,
        cellLimit: Int = CSVReader.defaultCellLimit,
        fieldLimit: Int = CSVReader.defaultFieldLimit
    ) {
        self.init(source: .handle(fileHandle), delimiter: delimiter, encoding: encoding, cellLimit: cellLimit, fieldLimit: fieldLimit)
    }

    /// A reader over bytes already in memory (still processed chunk by chunk).
    public init(
        bytes: [UInt8],
        delimiter: CSVDelimiter? = nil,
        encoding: SourceEncoding? = nil,
        cellLimit: Int = CSVReader.defaultCellLimit,
        fieldLimit: Int = CSVReader.defaultFieldLimit
    ) {
        self.init(source: .memory(bytes, offset: 0), delimiter: delimiter, encoding: encoding, cellLimit: cellLimit, fieldLimit: fieldLimit)
    }

    private init(source: Source, delimiter: CSVDelimiter?, encoding: SourceEncoding?, cellLimit: Int, fieldLimit: Int) {
        self.source = source
        self.delimiter = delimiter
        self.forcedEncoding = encoding
        self.cellLimit = max(1, cellLimit)
        self.fieldLimit = max(1, fieldLimit)
        if let delimiter { parser = CSVParser(delimiter: delimiter.rawValue, cellLimit: self.cellLimit, fieldLimit: self.fieldLimit) }
    }

    /// The next row or row issue, or `nil` at end of input. Throws only if reading the file fails.
    public mutating func next() throws -> Result<CSVRecord, CSVIssue>? {
        while readyIndex == ready.count {
            ready.removeAll(keepingCapacity: true)
            readyIndex = 0
            if exhausted { return nil }
            try advance()
        }
        defer { readyIndex += 1 }
        return ready[readyIndex]
    }

    /// Reads and parses one chunk (or finishes the input).
    private mutating func advance() throws {
        guard let chunk = try readChunk() else {
            var tail = Array(decoder?.finish().utf8 ?? "".utf8)
            if parser == nil {
                tail = lookahead + tail
                lookahead = []
                startParser(detectingFrom: tail)
            }
            parser?.feed(tail, into: &ready)
            parser?.finish(into: &ready)
            exhausted = true
            return
        }
        if decoder == nil {
            decoder = forcedEncoding.map { TextDecoding(encoding: $0) } ?? TextDecoding(detectingFrom: chunk)
        }
        let text = decoder!.decode(chunk)
        if parser != nil {
            parser!.feed(text.utf8, into: &ready)
            return
        }
        lookahead.append(contentsOf: text.utf8)
        if lookahead.count >= Self.chunkSize || CSVDelimiter.hasCompleteFirstLine(lookahead) {
            let buffered = lookahead
            lookahead = []
            startParser(detectingFrom: buffered)
            parser!.feed(buffered, into: &ready)
        }
    }

    private mutating func startParser(detectingFrom bytes: [UInt8]) {
        let chosen = delimiter ?? CSVDelimiter.detect(firstLineOf: bytes)
        delimiter = chosen
        parser = CSVParser(delimiter: chosen.rawValue, cellLimit: cellLimit, fieldLimit: fieldLimit)
    }

    private mutating func readChunk() throws -> [UInt8]? {
        switch source {
        case .handle(let handle):
            guard let data = try handle.read(upToCount: Self.chunkSize), !data.isEmpty else { return nil }
            return [UInt8](data)
        case .memory(let bytes, let offset):
            guard offset < bytes.count else { return nil }
            let end = min(bytes.count, offset + Self.chunkSize)
            source = .memory(bytes, offset: end)
            return Array(bytes[offset..<end])
        }
    }

    /// Parses a whole string; rows with issues are left out (see ``parseReportingIssues(_:delimiter:cellLimit:)``).
    public static func parse(_ text: String, delimiter: CSVDelimiter? = nil) -> [CSVRecord] {
        parseReportingIssues(text, delimiter: delimiter).records
    }

    /// Parses a whole string, returning good rows and row issues separately.
    public static func parseReportingIssues(
        _ text: String,
        delimiter: CSVDelimiter? = nil,
        cellLimit: Int = CSVReader.defaultCellLimit
    ) -> (records: [CSVRecord], issues: [CSVIssue]) {
        var reader = CSVReader(bytes: Array(text.utf8), delimiter: delimiter, encoding: .utf8, cellLimit: cellLimit)
        var records: [CSVRecord] = [], issues: [CSVIssue] = []
        // In-memory input cannot fail to read.
        while let row = try? reader.next() {
            switch row {
            case .success(let record): records.append(record)
            case .failure(let issue): issues.append(issue)
            }
        }
        return (records, issues)
    }
}
