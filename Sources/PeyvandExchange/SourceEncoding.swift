/// The character encodings PeyvandExchange can read.
///
/// These cover what customers actually upload: UTF-8 (with or without a byte
/// order mark), Excel's "Unicode text" (UTF-16 with a BOM) and the
/// Windows-1256 code page that Persian Windows/Excel uses for "CSV".
public enum SourceEncoding: String, Sendable, CaseIterable {
    case utf8
    case utf16le
    case utf16be
    case windows1256

    /// Guesses the encoding of a file from its first bytes.
    ///
    /// * A byte order mark wins: `EF BB BF` → UTF-8, `FF FE` → UTF-16 LE,
    ///   `FE FF` → UTF-16 BE.
    /// * Otherwise, if `prefix` is valid UTF-8 → UTF-8. A multi-byte sequence
    ///   cut off by the end of `prefix` still counts as valid, so any prefix
    ///   length works.
    /// * Otherwise → Windows-1256 (every byte sequence is valid there).
    ///
    /// Pure ASCII is reported as UTF-8; ``TextDecoding`` created with
    /// ``TextDecoding/init(detectingFrom:)`` falls back to Windows-1256 later in
    /// the stream if non-UTF-8 bytes appear after an ASCII-only prefix.
    public static func detect(_ prefix: [UInt8]) -> SourceEncoding {
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8 }
        if prefix.starts(with: [0xFF, 0xFE]) { return .utf16le }
        if prefix.starts(with: [0xFE, 0xFF]) { return .utf16be }
        return UTF8Scan.isValid(prefix[...], allowTruncatedEnd: true) ? .utf8 : .windows1256
    }
}
