/// Escaping rules for vCard text values (RFC 6350 §3.4, RFC 2426 §5).
enum VCardText {
    /// Escapes `\` `,` `;` and line breaks (CRLF, CR, LF → `\n`).
    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        var previousWasCR = false
        for scalar in value.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ",": out += "\\,"
            case ";": out += "\\;"
            case "\r": out += "\\n"
            case "\n": if !previousWasCR { out += "\\n" }
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Undoes ``escape(_:)``; also accepts `\N` and `\:`. Unknown escapes are kept as written.
    static func unescape(_ value: Substring) -> String {
        guard value.contains("\\") else { return String(value) }
        var out = ""
        var escaping = false
        for scalar in value.unicodeScalars {
            if escaping {
                escaping = false
                switch scalar {
                case "n", "N": out += "\n"
                case "\\", ",", ";", ":": out.unicodeScalars.append(scalar)
                default: out += "\\"; out.unicodeScalars.append(scalar)
                }
            } else if scalar == "\\" {
                escaping = true
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        if escaping { out += "\\" }
        return out
    }

    /// Splits at every `separator` not preceded by a backslash escape (escapes are kept).
    static func split(_ value: String, on separator: Unicode.Scalar) -> [Substring] {
        var parts: [Substring] = []
        var start = value.unicodeScalars.startIndex
        var escaping = false
        var index = start
        let scalars = value.unicodeScalars
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if escaping {
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else if scalar == separator {
                parts.append(Substring(scalars[start..<index]))
                start = scalars.index(after: index)
            }
            index = scalars.index(after: index)
        }
        parts.append(Substring(scalars[start..<scalars.endIndex]))
        return parts
    }
}
