/// A structured header value with parameters: `Content-Type: text/plain; charset="windows-1256"`,
/// `Content-Disposition: attachment; filename*=UTF-8''%D9%81.pdf`. The value and the parameter
/// names are lower-cased; quoted strings are unquoted; RFC 2231 continuations (`name*0*`,
/// `name*1*`) and charsets are joined and decoded; RFC 2047 encoded-words in a plain value (what
/// Outlook writes for a Persian filename) are decoded too.
struct HeaderParameters: Sendable {
    var value: String
    var parameters: [String: String]

    subscript(_ name: String) -> String? { parameters[name] }

    init(value: String, parameters: [String: String] = [:]) {
        self.value = value
        self.parameters = parameters
    }

    init(parsing text: String) {
        let bytes = Array(text.utf8.prefix(64 << 10))
        var i = 0
        value = String(decoding: Self.token(bytes, &i, stop: [UInt8(ascii: ";")]), as: UTF8.self).lowercased()
        // name → pieces by section number (-1: the unsectioned form), each with whether it is %-encoded.
        var plain: [String: String] = [:]
        var sections: [String: [(index: Int, encoded: Bool, text: String)]] = [:]
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: ";") else { i += 1; continue }
            i += 1
            let rawName = String(decoding: Self.token(bytes, &i, stop: [UInt8(ascii: "="), UInt8(ascii: ";")]), as: UTF8.self).lowercased()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "="), !rawName.isEmpty else { continue }
            i += 1
            Self.skipSpace(bytes, &i)
            let raw: String
            if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
                raw = Self.quoted(bytes, &i)
            } else {
                raw = String(decoding: Self.token(bytes, &i, stop: [UInt8(ascii: ";")]), as: UTF8.self)
            }
            // name, name*, name*0, name*0*
            var name = rawName
            var encoded = false
            if name.hasSuffix("*") { encoded = true; name.removeLast() }
            if let star = name.lastIndex(of: "*"), let index = Int(name[name.index(after: star)...]), index >= 0, index < 1000 {
                sections[String(name[..<star]), default: []].append((index, encoded, raw))
            } else if encoded {
                sections[name, default: []].append((-1, true, raw))
            } else if plain[name] == nil {
                plain[name] = raw
            }
        }
        var result: [String: String] = [:]
        for (name, text) in plain { result[name] = text.contains("=?") ? EncodedWords.decode(text) : text }
        for (name, pieces) in sections {
            let ordered = pieces.sorted { $0.index < $1.index }
            var charset: String?
            var bytes: [UInt8] = []
            for (n, piece) in ordered.enumerated() {
                var text = Substring(piece.text)
                if piece.encoded && n == 0 {
                    // charset'language'value
                    let parts = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if parts.count == 3 {
                        charset = String(parts[0])
                        text = parts[2]
                    }
                }
                bytes += piece.encoded ? Self.percentDecoded(text) : Array(text.utf8)
            }
            // The RFC 2231 form wins over a plain one of the same name (it is the exact one).
            result[name] = Charsets.decode(bytes, charset: charset ?? "utf-8")
        }
        parameters = result
    }

    static func skipSpace(_ b: [UInt8], _ i: inout Int) {
        while i < b.count {
            if MailBytes.isWhitespace(b[i]) || b[i] == MailBytes.cr || b[i] == MailBytes.lf {
                i += 1
            } else if b[i] == UInt8(ascii: "(") {
                skipComment(b, &i)
            } else {
                return
            }
        }
    }

    static func skipComment(_ b: [UInt8], _ i: inout Int) {
        var depth = 0
        while i < b.count {
            switch b[i] {
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"): depth -= 1
            case UInt8(ascii: "\\"): i += 1
            default: break
            }
            i += 1
            if depth == 0 { return }
        }
    }

    /// Text up to a stop byte, trimmed, comments left out.
    static func token(_ b: [UInt8], _ i: inout Int, stop: [UInt8]) -> [UInt8] {
        skipSpace(b, &i)
        var out: [UInt8] = []
        while i < b.count, !stop.contains(b[i]) {
            if b[i] == UInt8(ascii: "(") { skipComment(b, &i); continue }
            if b[i] == UInt8(ascii: "\"") {  // a quoted string inside a token (malformed but seen)
                out += Array(quoted(b, &i).utf8)
                continue
            }
            out.append(b[i])
            i += 1
        }
        while let last = out.last, MailBytes.isWhitespace(last) || last == MailBytes.cr || last == MailBytes.lf { out.removeLast() }
        return out
    }

    /// A quoted string starting at `i` (at its opening quote), unescaped.
    static func quoted(_ b: [UInt8], _ i: inout Int) -> String {
        var out: [UInt8] = []
        i += 1
        while i < b.count, b[i] != UInt8(ascii: "\"") {
            if b[i] == UInt8(ascii: "\\"), i + 1 < b.count { i += 1 }
            if b[i] != MailBytes.cr && b[i] != MailBytes.lf { out.append(b[i]) }
            i += 1
        }
        if i < b.count { i += 1 }
        return String(decoding: out, as: UTF8.self)
    }

    static func percentDecoded(_ text: Substring) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let hi = TransferEncoding.hex(bytes[i + 1]), let lo = TransferEncoding.hex(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
}
