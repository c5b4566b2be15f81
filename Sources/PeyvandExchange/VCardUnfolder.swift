/// Splits vCard bytes into logical lines.
///
/// * Physical lines end in CRLF, LF or CR.
/// * A line starting with a space or tab continues the previous one
///   (RFC 6350 §3.2); the first whitespace character is removed. Joining
///   happens on bytes, so a UTF-8 sequence split by a careless folder is
///   restored.
/// * In a quoted-printable property, a line ending in `=` is a soft line
///   break and the next line continues the value (vCard 2.1 phone exports).
enum VCardUnfolder {
    struct Line {
        var number: Int
        var bytes: [UInt8]
    }

    static func unfold(_ bytes: [UInt8]) -> [Line] {
        var lines: [Line] = []
        var current: Line?
        var currentIsQuotedPrintable = false
        for physical in physicalLines(bytes) {
            if var open = current {
                if currentIsQuotedPrintable && open.bytes.last == UInt8(ascii: "=") {
                    open.bytes.removeLast()
                    open.bytes.append(contentsOf: physical.bytes)
                    current = open
                    continue
                }
                if let first = physical.bytes.first, first == 0x20 || first == 0x09 {
                    open.bytes.append(contentsOf: physical.bytes.dropFirst())
                    current = open
                    continue
                }
                lines.append(open)
            }
            current = physical
            currentIsQuotedPrintable = VCardContentLine.isQuotedPrintable(physical.bytes)
        }
        if let open = current { lines.append(open) }
        return lines
    }

    private static func physicalLines(_ bytes: [UInt8]) -> [Line] {
        var lines: [Line] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                lines.append(Line(number: lines.count + 1, bytes: Array(bytes[start..<index])))
                if byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
                start = index + 1
            }
            index += 1
        }
        if start < bytes.count { lines.append(Line(number: lines.count + 1, bytes: Array(bytes[start...]))) }
        return lines
    }
}
