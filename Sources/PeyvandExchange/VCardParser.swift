/// Reads vCard 2.1, 3.0 and 4.0 files into ``VCardContact`` values.
///
/// Handles several cards per file, line unfolding, `\,` `\;` `\n` escapes,
/// `ENCODING=QUOTED-PRINTABLE` with `CHARSET` (UTF-8, Windows-1256,
/// ISO-8859-1), property groups (`item1.TEL`) and parameters in the 3.0/4.0
/// (`TYPE=CELL,VOICE`) and 2.1 (`TEL;CELL;VOICE`) styles. Unknown properties
/// and binary ones (photos) are ignored.
///
/// Problems are reported per card in ``VCardParseResult/issues``: the card is
/// skipped, the rest of the file is still read.
public enum VCardParser {
    /// Parses a file's bytes; the encoding is detected with ``SourceEncoding/detect(_:)``
    /// (on the unfolded bytes, so a fold inside a UTF-8 sequence does not
    /// make the file look like Windows-1256).
    public static func parse(bytes: [UInt8]) -> VCardParseResult {
        let encoding = SourceEncoding.detect(withoutFolds(bytes))
        if encoding == .utf8 {
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            return parseUTF8(body)
        }
        return parseUTF8(Array(TextDecoding.decode(bytes, encoding: encoding).utf8))
    }

    /// Parses vCard text.
    public static func parse(_ text: String) -> VCardParseResult {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        return parseUTF8(bytes)
    }

    /// `bytes` with every line break followed by a space or tab removed.
    private static func withoutFolds(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            var next = index
            if bytes[next] == 0x0D { next += 1 }
            if next < bytes.count && bytes[next] == 0x0A { next += 1 }
            if next > index && next < bytes.count && (bytes[next] == 0x20 || bytes[next] == 0x09) {
                index = next + 1
                continue
            }
            out.append(bytes[index])
            index += 1
        }
        return out
    }

    private static func parseUTF8(_ bytes: [UInt8]) -> VCardParseResult {
        var result = VCardParseResult()
        var card: [VCardContentLine]?
        var cardLine = 0
        var cardBroken = false
        var afterBinary = false
        var previousWasStray = false

        for raw in VCardUnfolder.unfold(bytes) {
            let isBlank = raw.bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 }
            let parsed = isBlank ? nil : VCardContentLine(raw: raw.bytes, line: raw.number)
            let keyword = parsed.map { ($0.name, $0.value.trimmingSpaces().uppercased()) }
            defer { previousWasStray = card == nil && !isBlank && keyword?.0 != "END" && keyword?.0 != "BEGIN" }

            if let keyword, keyword == ("BEGIN", "VCARD") {
                if card != nil { result.issues.append(VCardIssue(line: cardLine, reason: .missingEnd)) }
                card = []
                cardLine = raw.number
                cardBroken = false
                afterBinary = false
                continue
            }
            guard let properties = card else {
                if keyword.map({ $0 == ("END", "VCARD") }) == true {
                    result.issues.append(VCardIssue(line: raw.number, reason: .unexpectedEnd))
                } else if !isBlank && !previousWasStray {
                    result.issues.append(VCardIssue(line: raw.number, reason: .textOutsideCard))
                }
                continue
            }
            if isBlank {
                afterBinary = false
                continue
            }
            if let keyword, keyword == ("END", "VCARD") {
                if !cardBroken {
                    let contact = VCardContactBuilder.contact(from: properties)
                    if VCardContactBuilder.isEmpty(contact) {
                        result.issues.append(VCardIssue(line: cardLine, reason: .emptyCard))
                    } else {
                        result.entries.append(VCardParseResult.Entry(line: cardLine, contact: contact))
                    }
                }
                card = nil
                continue
            }
            guard let property = parsed else {
                // vCard 2.1 base64 data may continue on unindented lines until a blank line.
                if !afterBinary && !cardBroken {
                    result.issues.append(VCardIssue(line: raw.number, reason: .malformedLine))
                    cardBroken = true
                }
                continue
            }
            afterBinary = property.isBinary
            card?.append(property)
        }
        if card != nil { result.issues.append(VCardIssue(line: cardLine, reason: .missingEnd)) }
        return result
    }
}
