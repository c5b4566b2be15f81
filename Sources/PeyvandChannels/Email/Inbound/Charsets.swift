import Foundation
import PeyvandExchange

/// Text from a part's bytes in its declared charset. UTF-8, US-ASCII, ISO-8859-1, Windows-1252,
/// Windows-1256 (Persian Outlook and old webmail; Foundation on Linux has no converter for it, so
/// the table PeyvandExchange generated from Python's cp1256 codec is used), ISO-8859-6 and
/// UTF-16. An unknown or missing charset is read as UTF-8 when the bytes are valid UTF-8, else as
/// Windows-1256 — the legacy encoding Persian mail most likely is.
enum Charsets {
    enum Kind: Equatable { case utf8, ascii, latin1, windows1252, windows1256, iso88596, utf16, utf16le, utf16be, unknown }

    static func kind(_ name: String?) -> Kind {
        guard var n = name?.lowercased().trimmingCharacters(in: .whitespaces), !n.isEmpty else { return .unknown }
        if let star = n.firstIndex(of: "*") { n = String(n[..<star]) }  // RFC 2231 language suffix
        n = n.replacingOccurrences(of: "_", with: "-")
        switch n {
        case "utf-8", "utf8", "unicode-1-1-utf-8": return .utf8
        case "us-ascii", "ascii", "ansi-x3.4-1968", "iso646-us", "us": return .ascii
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "iso-ir-100", "cp819", "ibm819": return .latin1
        case "windows-1252", "cp1252", "x-cp1252": return .windows1252
        case "windows-1256", "cp1256", "x-cp1256", "ms-arab", "win-1256": return .windows1256
        case "iso-8859-6", "iso8859-6", "arabic", "asmo-708", "ecma-114", "iso-ir-127": return .iso88596
        case "utf-16": return .utf16
        case "utf-16le": return .utf16le
        case "utf-16be": return .utf16be
        default: return .unknown
        }
    }

    static func decode(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        switch kind(charset) {
        case .utf8: return String(decoding: bytes, as: UTF8.self)
        case .ascii, .unknown: return decodeUnlabelled(bytes)
        case .latin1: return latin1(bytes)
        case .windows1252:
            return String(bytes: Array(bytes), encoding: .windowsCP1252) ?? latin1(bytes)
        case .windows1256: return TextDecoding.decode(Array(bytes), encoding: .windows1256)
        case .iso88596: return iso88596(bytes)
        case .utf16:
            let array = Array(bytes)
            let bom = array.starts(with: [0xFF, 0xFE]) ? SourceEncoding.utf16le : .utf16be
            return TextDecoding.decode(array, encoding: bom)
        case .utf16le: return TextDecoding.decode(Array(bytes), encoding: .utf16le)
        case .utf16be: return TextDecoding.decode(Array(bytes), encoding: .utf16be)
        }
    }

    /// Bytes without a (known) label: UTF-8 when valid, else Windows-1256.
    static func decodeUnlabelled(_ bytes: some Collection<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return TextDecoding.decode(Array(bytes), encoding: .windows1256)
    }

    static func latin1(_ bytes: some Collection<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for b in bytes { scalars.append(Unicode.Scalar(b)) }
        return String(scalars)
    }

    /// ISO-8859-6: ASCII, a few punctuation marks and the Arabic letters at their Unicode offsets;
    /// the unassigned bytes become U+FFFD.
    static func iso88596(_ bytes: some Collection<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for b in bytes {
            let value: UInt32
            switch b {
            case 0x00...0xA0, 0xA4, 0xAD: value = UInt32(b)
            case 0xAC: value = 0x060C
            case 0xBB: value = 0x061B
            case 0xBF: value = 0x061F
            case 0xC1...0xDA, 0xE0...0xF2: value = 0x0560 + UInt32(b)
            default: value = 0xFFFD
            }
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }
}
