/// One unfolded vCard line, `[group.]NAME[;PARAM[=VALUE]]*:VALUE`, split
/// into its parts. Parameter names and values are upper-cased; the value is
/// decoded (quoted-printable, charset) but not unescaped.
struct VCardContentLine {
    /// 1-based line where the (folded) line starts.
    var line: Int
    /// Property group (`item1` in `item1.TEL`), if any.
    var group: String?
    /// Upper-cased property name, e.g. `TEL`.
    var name: String
    /// Upper-cased parameter names → upper-cased values (comma lists are
    /// split). vCard 2.1 bare parameters (`TEL;CELL;VOICE:`) are `TYPE`
    /// values, or `ENCODING` for `QUOTED-PRINTABLE` / `BASE64` / `8BIT`.
    var parameters: [String: [String]]
    /// The value as text.
    var value: String

    /// Whether a raw line's parameters announce quoted-printable (used by the
    /// unfolder to join soft line breaks).
    static func isQuotedPrintable(_ raw: [UInt8]) -> Bool {
        guard let colon = colonIndex(raw) else { return false }
        return String(decoding: raw[..<colon], as: UTF8.self).uppercased().contains("QUOTED-PRINTABLE")
    }

    /// Parses a raw unfolded line; `nil` if it has no `:` or no name.
    init?(raw: [UInt8], line: Int) {
        guard let colon = Self.colonIndex(raw) else { return nil }
        let head = String(decoding: raw[..<colon], as: UTF8.self)
        var pieces = Self.splitOutsideQuotes(head, on: ";")
        let fullName = pieces.removeFirst().trimmingSpaces()
        guard !fullName.isEmpty else { return nil }
        if let dot = fullName.lastIndex(of: ".") {
            group = String(fullName[..<dot])
            name = fullName[fullName.index(after: dot)...].uppercased()
        } else {
            group = nil
            name = fullName.uppercased()
        }
        guard !name.isEmpty else { return nil }
        self.line = line
        parameters = [:]
        for piece in pieces {
            let (key, values) = Self.parameter(String(piece))
            parameters[key, default: []].append(contentsOf: values)
        }
        var bytes = Array(raw[(colon + 1)...])
        if parameters["ENCODING"]?.contains(where: { $0 == "QUOTED-PRINTABLE" || $0 == "Q" }) == true {
            bytes = QuotedPrintable.decode(bytes)
        }
        value = Self.decode(bytes, charset: parameters["CHARSET"]?.first)
    }

    /// Whether `TYPE` includes `type` (case-insensitive), e.g. `"CELL"`.
    func hasType(_ type: String) -> Bool {
        parameters["TYPE"]?.contains(type.uppercased()) == true
    }

    /// Marked preferred: `TYPE=pref` (vCard 3) or any `PREF=` (vCard 4).
    var isPreferred: Bool { hasType("PREF") || parameters["PREF"] != nil }

    /// Binary content (`ENCODING=b`/`BASE64`), e.g. a photo.
    var isBinary: Bool {
        parameters["ENCODING"]?.contains(where: { $0 == "B" || $0 == "BASE64" }) == true
    }

    private static func parameter(_ text: String) -> (String, [String]) {
        guard let equals = text.firstIndex(of: "=") else {
            let bare = text.trimmingSpaces().uppercased()
            switch bare {
            case "QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B": return ("ENCODING", [bare])
            default: return ("TYPE", [bare])
            }
        }
        let key = text[..<equals].trimmingSpaces().uppercased()
        let values = splitOutsideQuotes(String(text[text.index(after: equals)...]), on: ",").map { part -> String in
            var value = part.trimmingSpaces()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value.uppercased()
        }
        // A quoted list such as TYPE="cell,voice" is one value holding commas.
        return (key, values.flatMap { $0.split(separator: ",").map(String.init) })
    }

    private static func decode(_ bytes: [UInt8], charset: String?) -> String {
        switch charset {
        case "WINDOWS-1256", "CP1256":
            return TextDecoding.windows1256(bytes[...])
        case "ISO-8859-1", "LATIN1", "US-ASCII", "ASCII":
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        default:
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Index of the first `:` that is not inside a double-quoted parameter value.
    private static func colonIndex(_ raw: [UInt8]) -> Int? {
        var inQuotes = false
        for (index, byte) in raw.enumerated() {
            if byte == 0x22 { inQuotes.toggle() } else if byte == 0x3A && !inQuotes { return index }
        }
        return nil
    }

    private static func splitOutsideQuotes(_ text: String, on separator: Character) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var inQuotes = false
        for index in text.indices {
            let character = text[index]
            if character == "\"" {
                inQuotes.toggle()
            } else if character == separator && !inQuotes {
                parts.append(text[start..<index])
                start = text.index(after: index)
            }
        }
        parts.append(text[start...])
        return parts
    }
}
