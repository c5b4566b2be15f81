/// A streaming byte → text decoder for uploaded files.
///
/// Feed the file chunk by chunk with ``decode(_:)`` and call ``finish()`` at
/// the end. A multi-byte UTF-8 sequence, a UTF-16 code unit or a surrogate
/// pair split between two chunks is held back and completed by the next
/// chunk. A byte order mark at the start of the stream is removed.
///
/// ```swift
/// var decoder = TextDecoding(detectingFrom: firstChunk)
/// var text = decoder.decode(firstChunk)
/// text += decoder.decode(secondChunk)
/// text += decoder.finish()
/// ```
///
/// Malformed input never fails: invalid UTF-8/UTF-16 becomes U+FFFD, and
/// Windows-1256 defines all 256 bytes. When the encoding was *guessed* as
/// UTF-8 from an ASCII-only prefix, the first invalid UTF-8 sequence switches
/// the decoder to Windows-1256 (the two agree on ASCII, so text already
/// returned stays correct); ``encoding`` then reports `.windows1256`.
public struct TextDecoding: Sendable {
    /// The encoding in use (may change once from `.utf8` to `.windows1256`, see above).
    public private(set) var encoding: SourceEncoding
    /// `true` while a guessed UTF-8 has only seen ASCII.
    private var provisional: Bool
    /// Bytes of an incomplete sequence carried over to the next chunk.
    private var pending: [UInt8] = []
    /// `true` until the first scalar has been produced (for BOM removal).
    private var atStart = true

    /// A decoder for a known encoding.
    public init(encoding: SourceEncoding) {
        self.encoding = encoding
        self.provisional = false
    }

    /// A decoder whose encoding is guessed from the first bytes of the stream
    /// (pass the first chunk, then also pass it to ``decode(_:)``).
    public init(detectingFrom prefix: [UInt8]) {
        let detected = SourceEncoding.detect(prefix)
        self.encoding = detected
        self.provisional = detected == .utf8 && prefix.allSatisfy { $0 < 0x80 }
    }

    /// Same as ``SourceEncoding/detect(_:)``.
    public static func detect(_ prefix: [UInt8]) -> SourceEncoding {
        SourceEncoding.detect(prefix)
    }

    /// Decodes a whole byte buffer, detecting the encoding unless given.
    public static func decode(_ bytes: [UInt8], encoding: SourceEncoding? = nil) -> String {
        var decoder = encoding.map { TextDecoding(encoding: $0) } ?? TextDecoding(detectingFrom: bytes)
        return decoder.decode(bytes) + decoder.finish()
    }

    /// Decodes the next chunk; incomplete trailing sequences are kept for the next call.
    public mutating func decode(_ chunk: some Sequence<UInt8>) -> String {
        var bytes = pending
        bytes.append(contentsOf: chunk)
        pending = []
        let text: String
        switch encoding {
        case .utf8: text = decodeUTF8(bytes)
        case .utf16le, .utf16be: text = decodeUTF16(bytes, final: false)
        case .windows1256: text = Self.windows1256(bytes[...])
        }
        return strippingBOM(text)
    }

    /// Decodes whatever is still held back (a truncated sequence at end of input).
    public mutating func finish() -> String {
        let bytes = pending
        pending = []
        guard !bytes.isEmpty else { return "" }
        let text: String
        switch encoding {
        case .utf8:
            if provisional {
                encoding = .windows1256
                provisional = false
                text = Self.windows1256(bytes[...])
            } else {
                text = String(decoding: bytes, as: UTF8.self)
            }
        case .utf16le, .utf16be: text = decodeUTF16(bytes, final: true)
        case .windows1256: text = Self.windows1256(bytes[...])
        }
        return strippingBOM(text)
    }

    private mutating func decodeUTF8(_ bytes: [UInt8]) -> String {
        let split = bytes.count - UTF8Scan.incompleteSuffixLength(bytes[...])
        let body = bytes[..<split]
        if provisional && !body.allSatisfy({ $0 < 0x80 }) {
            if UTF8Scan.isValid(body) {
                provisional = false
            } else {
                encoding = .windows1256
                provisional = false
                return Self.windows1256(bytes[...])
            }
        }
        pending = Array(bytes[split...])
        return String(decoding: body, as: UTF8.self)
    }

    private mutating func decodeUTF16(_ bytes: [UInt8], final: Bool) -> String {
        let bigEndian = encoding == .utf16be
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 0
        while i + 1 < bytes.count {
            let (a, b) = (UInt16(bytes[i]), UInt16(bytes[i + 1]))
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            i += 2
        }
        var keep = bytes.count - i  // an odd trailing byte
        if !final, let last = units.last, (0xD800...0xDBFF).contains(last) {
            units.removeLast()
            keep += 2
        }
        if final {
            if keep > 0 { units.append(0xFFFD) }
        } else {
            pending = Array(bytes.suffix(keep))
        }
        return String(decoding: units, as: UTF16.self)
    }

    private mutating func strippingBOM(_ text: String) -> String {
        guard atStart, let first = text.unicodeScalars.first else { return text }
        atStart = false
        return first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
    }

    /// Decodes Windows-1256 bytes with the generated ``windows1256UpperHalf`` table.
    static func windows1256(_ bytes: ArraySlice<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for byte in bytes {
            let value = byte < 0x80 ? UInt32(byte) : windows1256UpperHalf[Int(byte) - 0x80]
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }
}
