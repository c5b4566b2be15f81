import Foundation

/// Writes CSV rows (RFC 4180) to a `FileHandle` or to memory.
///
/// * Cells are quoted when they contain the delimiter, `"`, CR or LF, or
///   start or end with a space; quotes are doubled.
/// * Rows end with CRLF.
/// * With `byteOrderMark`, output starts with the UTF-8 BOM `EF BB BF`, which
///   Excel needs to show Persian text instead of mojibake.
/// * With `escapeFormulas` (the default), cells that a spreadsheet would run
///   as formulas are prefixed with `'`; see ``CSVFormulaEscaping`` for the
///   exact rule (plain numbers and phone numbers are kept).
///
/// ```swift
/// var writer = CSVWriter(fileHandle: handle, byteOrderMark: true)
/// try writer.write(["نام", "تلفن"])
/// try writer.finish()
/// ```
/// For memory output create it without a handle and read ``bytes`` or ``string``.
public struct CSVWriter {
    /// Buffered output is written to the handle once it reaches this size.
    public static let flushThreshold = 64 * 1024

    public let delimiter: CSVDelimiter
    public let escapeFormulas: Bool
    private let handle: FileHandle?
    private var buffer: [UInt8] = []

    /// A writer that keeps everything in memory (see ``bytes`` and ``string``).
    public init(delimiter: CSVDelimiter = .comma, byteOrderMark: Bool = false, escapeFormulas: Bool = true) {
        self.delimiter = delimiter
        self.escapeFormulas = escapeFormulas
        self.handle = nil
        if byteOrderMark { buffer = [0xEF, 0xBB, 0xBF] }
    }

    /// A writer that streams to `fileHandle` (call ``finish()`` at the end).
    public init(fileHandle: FileHandle, delimiter: CSVDelimiter = .comma, byteOrderMark: Bool = false, escapeFormulas: Bool = true) {
        self.delimiter = delimiter
        self.escapeFormulas = escapeFormulas
        self.handle = fileHandle
        if byteOrderMark { buffer = [0xEF, 0xBB, 0xBF] }
    }

    /// Output not yet written to a handle (everything, for a memory writer).
    public var bytes: [UInt8] { buffer }

    /// ``bytes`` as text (a BOM, if any, appears as U+FEFF).
    public var string: String { String(decoding: buffer, as: UTF8.self) }

    /// Appends one row.
    public mutating func write(_ fields: [String]) throws {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(delimiter.rawValue) }
            buffer.append(contentsOf: encode(field).utf8)
        }
        buffer.append(contentsOf: [0x0D, 0x0A])
        if handle != nil && buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Appends several rows.
    public mutating func write(rows: some Sequence<[String]>) throws {
        for row in rows { try write(row) }
    }

    /// Writes buffered output to the handle (no-op for a memory writer).
    public mutating func flush() throws {
        guard let handle, !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes; call once after the last row when writing to a handle.
    public mutating func finish() throws {
        try flush()
    }

    /// One cell as it appears in the file: formula-escaped, then quoted if needed.
    public func encode(_ field: String) -> String {
        let value = escapeFormulas ? CSVFormulaEscaping.escape(field) : field
        guard Self.needsQuotes(value, delimiter: delimiter.rawValue) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Renders rows to a string in one call.
    public static func string(
        rows: some Sequence<[String]>,
        delimiter: CSVDelimiter = .comma,
        byteOrderMark: Bool = false,
        escapeFormulas: Bool = true
    ) -> String {
        var writer = CSVWriter(delimiter: delimiter, byteOrderMark: byteOrderMark, escapeFormulas: escapeFormulas)
        try? writer.write(rows: rows)  // a memory writer never throws
        return writer.string
    }

    static func needsQuotes(_ value: String, delimiter: UInt8) -> Bool {
        let utf8 = value.utf8
        if utf8.first == 0x20 || utf8.last == 0x20 { return true }
        return utf8.contains { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
    }
}
