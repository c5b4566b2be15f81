/// RFC 2047 encoded-words in header text: `=?charset?B?base64?=` and `=?charset?Q?quoted?=`, in
/// any charset `Charsets` reads. White space between two adjacent encoded-words is dropped, and
/// adjacent words of one charset are decoded together, so a character split across two words (as
/// some mailers do with long Persian subjects) comes out whole. A malformed word stays as it is.
enum EncodedWords {
    static func decode(_ text: String) -> String {
        guard text.contains("=?") else { return text }
        // A word is at most `maxWord` bytes, so a failed attempt costs at most that; past 16 KiB
        // (no subject or name is so long) the text is cut, which bounds the whole at ~10M steps.
        let bytes = Array(text.utf8.prefix(16 << 10))
        var out = ""
        out.reserveCapacity(bytes.count)
        var literalStart = 0
        var i = 0
        // Decoded bytes of adjacent words waiting for the next word of the same charset.
        var pending: [UInt8] = []
        var pendingCharset: String?
        // Where the white space after the last encoded-word began (dropped if another word follows).
        var afterWord: Int?

        func flushPending() {
            if let charset = pendingCharset { out += Charsets.decode(pending, charset: charset) }
            pending.removeAll(keepingCapacity: true)
            pendingCharset = nil
        }

        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "="), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "?"),
               let word = word(bytes, at: i) {
                // Text between the previous word and this one: dropped when it is only white space.
                let between = bytes[literalStart..<i]
                let onlySpace = afterWord != nil && between.allSatisfy(MailBytes.isWhitespace)
                if !onlySpace {
                    flushPending()
                    out += String(decoding: between, as: UTF8.self)
                }
                if pendingCharset != nil && pendingCharset != word.charset { flushPending() }
                pendingCharset = word.charset
                pending.append(contentsOf: word.bytes)
                i = word.end
                literalStart = i
                afterWord = i
                continue
            }
            if !MailBytes.isWhitespace(bytes[i]) { afterWord = nil }
            i += 1
        }
        flushPending()
        out += String(decoding: bytes[literalStart...], as: UTF8.self)
        return out
    }

    /// The encoded-word starting at `start`: its charset (lower-case, language suffix removed),
    /// its decoded bytes and the index after its closing `?=`.
    /// RFC 2047 allows 75 characters; some mailers write longer words, so up to this many are read.
    static let maxWord = 600

    static func word(_ bytes: [UInt8], at start: Int) -> (charset: String, bytes: [UInt8], end: Int)? {
        let q = UInt8(ascii: "?")
        var i = start + 2
        let limit = min(bytes.count, start + maxWord)
        let charsetStart = i
        while i < limit, bytes[i] != q {
            if bytes[i] <= 0x20 { return nil }
            i += 1
        }
        guard i < limit, i > charsetStart, i + 2 < limit, bytes[i + 2] == q else { return nil }
        var charset = String(decoding: bytes[charsetStart..<i], as: UTF8.self).lowercased()
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        let encoding = MailBytes.lowercasedASCII(bytes[i + 1])
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        let textStart = i + 3
        var j = textStart
        while j + 1 < limit, !(bytes[j] == q && bytes[j + 1] == UInt8(ascii: "=")) {
            if bytes[j] == UInt8(ascii: " ") && encoding == UInt8(ascii: "b") { return nil }
            j += 1
        }
        guard j + 1 < limit else { return nil }
        let encoded = bytes[textStart..<j]
        let decoded: [UInt8]
        if encoding == UInt8(ascii: "b") {
            guard let b = TransferEncoding.base64(encoded) else { return nil }
            decoded = b
        } else {
            decoded = TransferEncoding.quotedPrintable(encoded, header: true)
        }
        return (charset, decoded, j + 2)
    }
}
