/// One header field: its name lower-cased and its value unfolded (line breaks removed, the
/// leading white space of continuation lines kept), still raw bytes.
struct MailHeaderField: Sendable {
    let name: String
    let value: [UInt8]
}

/// A part's header section, in order.
struct MailHeaders: Sendable {
    var fields: [MailHeaderField] = []

    /// The first field of this (lower-case) name.
    func raw(_ name: String) -> [UInt8]? { fields.first { $0.name == name }?.value }

    /// The first field of this name as text (UTF-8, or Windows-1256 for legacy 8-bit headers),
    /// encoded-words not decoded, trimmed.
    func text(_ name: String) -> String? { raw(name).map(Self.text) }

    /// Every field of this name as text.
    func texts(_ name: String) -> [String] { fields.filter { $0.name == name }.map { Self.text($0.value) } }

    /// The first field of this name with RFC 2047 encoded-words decoded (Subject).
    func decoded(_ name: String) -> String? { text(name).map(EncodedWords.decode) }

    static func text(_ value: [UInt8]) -> String {
        Charsets.decodeUnlabelled(value).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Reads the header section at the start of `entity` and returns it with the body that
    /// follows the blank line. A part whose first line is not a header field has no headers
    /// (all of it is body); a line that is not a field in the middle of the section ends it, as
    /// if the blank line were missing. `top` also skips an mbox `From ` line (what Postfix's
    /// local delivery prepends).
    static func parse(_ entity: ArraySlice<UInt8>, top: Bool, limits: MailLimits) throws(MailParseError) -> (MailHeaders, ArraySlice<UInt8>) {
        var headers = MailHeaders()
        var i = entity.startIndex
        let end = entity.endIndex
        if top, entity.starts(with: "From ".utf8) {
            i = MailBytes.line(in: entity, at: i).next
        }
        // The field being collected: its name and the ranges of its value's lines.
        var name: String?
        var pieces: [Range<Int>] = []
        var fieldBytes = 0
        var sectionBytes = 0

        func flush() {
            guard let current = name else { return }
            var value: [UInt8] = []
            value.reserveCapacity(fieldBytes)
            for r in pieces { value.append(contentsOf: entity[r]) }
            headers.fields.append(MailHeaderField(name: current, value: value))
            name = nil
            pieces.removeAll(keepingCapacity: true)
            fieldBytes = 0
        }

        while i < end {
            let (lineEnd, next) = MailBytes.line(in: entity, at: i)
            sectionBytes += next - i
            if sectionBytes > limits.maxHeaderSectionBytes {
                // A single runaway line: name the field it belongs to.
                let continuation = MailBytes.isWhitespace(entity[i])
                if lineEnd - i > limits.maxHeaderFieldBytes || (continuation && fieldBytes + (lineEnd - i) > limits.maxHeaderFieldBytes) {
                    let field = continuation ? name : fieldName(entity, i, lineEnd)
                    throw .headerFieldTooLong(name: field ?? "", limit: limits.maxHeaderFieldBytes)
                }
                throw .headerSectionTooLong(limit: limits.maxHeaderSectionBytes)
            }
            if lineEnd == i {  // the blank line: the body follows
                flush()
                if headers.fields.isEmpty && top { throw .noHeaders }
                return (headers, entity[next...])
            }
            if MailBytes.isWhitespace(entity[i]) {
                if name != nil {
                    fieldBytes += lineEnd - i
                    if fieldBytes > limits.maxHeaderFieldBytes { throw .headerFieldTooLong(name: name!, limit: limits.maxHeaderFieldBytes) }
                    pieces.append(i..<lineEnd)
                } else if headers.fields.isEmpty {
                    // Indented text before any field: not a header section.
                    if top { throw .noHeaders }
                    return (headers, entity[i...])
                }
                i = next
                continue
            }
            guard let field = fieldName(entity, i, lineEnd) else {
                flush()
                if headers.fields.isEmpty && top { throw .noHeaders }
                return (headers, entity[i...])
            }
            flush()
            if headers.fields.count >= limits.maxHeaderFields { throw .tooManyHeaderFields(limit: limits.maxHeaderFields) }
            var valueStart = i
            while entity[valueStart] != MailBytes.colon { valueStart += 1 }
            valueStart += 1
            fieldBytes = lineEnd - valueStart
            if fieldBytes > limits.maxHeaderFieldBytes { throw .headerFieldTooLong(name: field, limit: limits.maxHeaderFieldBytes) }
            name = field
            pieces.append(valueStart..<lineEnd)
            i = next
        }
        flush()
        if headers.fields.isEmpty && top { throw .noHeaders }
        return (headers, entity[end...])
    }

    /// The lower-cased name when the line is `name: …` (printable ASCII, no spaces; white space
    /// before the colon is tolerated as RFC 5322's obsolete syntax allows).
    static func fieldName(_ bytes: ArraySlice<UInt8>, _ start: Int, _ end: Int) -> String? {
        var i = start
        var nameEnd = start
        let limit = min(end, start + 200)
        while i < limit {
            let b = bytes[i]
            if b == MailBytes.colon {
                guard nameEnd > start else { return nil }
                return String(decoding: bytes[start..<nameEnd].lazy.map(MailBytes.lowercasedASCII), as: UTF8.self)
            }
            if MailBytes.isWhitespace(b) {
                // only white space may follow until the colon
            } else if b > 0x20 && b < 0x7F {
                if nameEnd != i && nameEnd > start && MailBytes.isWhitespace(bytes[nameEnd]) { return nil }  // "a b:"
                nameEnd = i + 1
            } else {
                return nil
            }
            i += 1
        }
        return nil
    }
}
