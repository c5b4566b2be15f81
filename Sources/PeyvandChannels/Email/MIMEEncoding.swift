import Foundation

/// The encodings a message writer needs: RFC 2047 encoded-words for headers, RFC 2231
/// parameters for filenames, base64 bodies wrapped at 76 characters. Every line ends in CRLF.
enum MIMEEncoding {
    static let crlf = "\r\n"

    static func isPlainASCII(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// An unstructured header value (Subject): kept as is when plain ASCII, otherwise one or
    /// more `=?UTF-8?B?…?=` words of at most 75 characters each, folded onto continuation lines.
    static func headerText(_ s: String) -> String {
        if isPlainASCII(s) && !s.contains("=?") { return s }
        return encodedWords(s).joined(separator: crlf + " ")
    }

    /// A display name: a quoted string when ASCII, encoded-words otherwise.
    static func displayName(_ s: String) -> String {
        if isPlainASCII(s) && !s.contains("=?") {
            let escaped = s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\""
        }
        return encodedWords(s).joined(separator: crlf + " ")
    }

    /// Splits on character boundaries so no UTF-8 sequence is cut between two words.
    static func encodedWords(_ s: String) -> [String] {
        // "=?UTF-8?B?" + "?=" is 12 characters; 45 bytes make 60 base64 characters: 72 in all.
        let maxBytes = 45
        var words: [String] = []
        var chunk: [UInt8] = []
        for ch in s {
            let bytes = Array(String(ch).utf8)
            if chunk.count + bytes.count > maxBytes, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty {
            words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
        }
        return words
    }

    /// Base64 of `bytes` in lines of 76 characters, each ending in CRLF.
    static func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return encoded.isEmpty ? "" : encoded + crlf
    }

    /// A `filename` parameter for Content-Disposition: the plain form for ASCII names, otherwise
    /// RFC 2231 `filename*=UTF-8''…` (split into `filename*0*`, `filename*1*`… when long) plus
    /// an encoded-word `filename="…"` for clients that only read that.
    static func filenameParameters(_ name: String) -> [String] {
        if isPlainASCII(name) && !name.contains("\"") && !name.contains("\\") && name.count <= 60 {
            return ["filename=\"\(name)\""]
        }
        let pct = percentEncodeAttrChar(name)
        var params: [String] = []
        if pct.count <= 60 {
            params.append("filename*=UTF-8''" + pct)
        } else {
            var pieces: [String] = []
            var current = ""
            var i = pct.startIndex
            while i < pct.endIndex {
                let step = pct[i] == "%" ? 3 : 1
                let end = pct.index(i, offsetBy: step)
                if current.count + step > 60 {
                    pieces.append(current)
                    current = ""
                }
                current += pct[i..<end]
                i = end
            }
            if !current.isEmpty { pieces.append(current) }
            for (n, piece) in pieces.enumerated() {
                params.append("filename*\(n)*=" + (n == 0 ? "UTF-8''" : "") + piece)
            }
        }
        return params
    }

    /// RFC 2231 attribute-char: letters, digits and `!#$&+-.^_`|~`; everything else as %XX of its UTF-8.
    static func percentEncodeAttrChar(_ s: String) -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8)
        var out = ""
        for b in s.utf8 {
            if allowed.contains(b) {
                out.append(Character(UnicodeScalar(b)))
            } else {
                out += String(format: "%%%02X", b)
            }
        }
        return out
    }

    /// Every line break (CR, LF or CRLF) made CRLF.
    static func normalizeLineBreaks(_ s: String) -> String {
        s.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: crlf)
    }

    /// `Sun, 06 Dec 2026 17:02:15 +0000` (RFC 5322 date-time).
    static func rfc5322Date(_ date: Date, timeZone: TimeZone = TimeZone(identifier: "UTC")!) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.calendar = Calendar(identifier: .gregorian)
        f.timeZone = timeZone
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return f.string(from: date)
    }
}
