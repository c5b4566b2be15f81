/// The readable text of an HTML part, for a message that has no text/plain: tags dropped
/// (`script`, `style`, `head` and comments with their content), a line break for each block
/// element and `<br>`, character references decoded (`&zwnj;` included, which Persian words
/// need), runs of white space made one space. One pass over the UTF-8 bytes.
enum HTMLText {
    static func text(_ html: String) -> String {
        let input = Array(html.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 2)
        var i = 0
        let n = input.count
        var pendingSpace = false
        func newline() {
            // Block boundaries next to each other (</li><li>, </p><br>) make one line break.
            pendingSpace = false
            while let last = out.last, last == MailBytes.space { out.removeLast() }
            if let last = out.last, last != MailBytes.lf { out.append(MailBytes.lf) }
        }
        func emit(_ bytes: some Sequence<UInt8>) {
            if pendingSpace, let last = out.last, last != MailBytes.lf { out.append(MailBytes.space) }
            pendingSpace = false
            out.append(contentsOf: bytes)
        }
        while i < n {
            let b = input[i]
            if b == UInt8(ascii: "<") {
                if matches(input, i, "<!--") {
                    i = find(input, from: i + 4, "-->").map { $0 + 3 } ?? n
                    continue
                }
                // The tag's name, lower-cased; "/" first for an end tag.
                var j = i + 1
                let closing = j < n && input[j] == UInt8(ascii: "/")
                if closing { j += 1 }
                let nameStart = j
                while j < n, isNameByte(input[j]) { j += 1 }
                let name = String(decoding: input[nameStart..<j].map(MailBytes.lowercasedASCII), as: UTF8.self)
                guard !name.isEmpty || (j < n && (input[j] == UInt8(ascii: "!") || input[j] == UInt8(ascii: "?"))) else {
                    emit([b])  // a lone "<" in text
                    i += 1
                    continue
                }
                i = tagEnd(input, from: j)
                if !closing, ["script", "style", "head", "title", "template"].contains(name) {
                    // Skip to the matching end tag.
                    var k = i
                    var closed = false
                    while let lt = find(input, from: k, "</") {
                        let s = lt + 2
                        let e = min(n, s + name.utf8.count)
                        k = s
                        if String(decoding: input[s..<e].map(MailBytes.lowercasedASCII), as: UTF8.self) == name {
                            k = tagEnd(input, from: e)
                            closed = true
                            break
                        }
                    }
                    i = closed ? k : n
                    continue
                }
                if blocks.contains(name) { newline() }
                if name == "li" && !closing { emit("• ".utf8) }
                if (name == "td" || name == "th") && closing { pendingSpace = true }
                continue
            }
            if b == UInt8(ascii: "&"), let (decoded, length) = entity(input, at: i) {
                if decoded == [0xC2, 0xA0] {
                    pendingSpace = true  // &nbsp; reads as a space
                } else {
                    emit(decoded)
                }
                i += length
                continue
            }
            if b == MailBytes.space || b == MailBytes.tab || b == MailBytes.lf || b == MailBytes.cr || b == 0x0C {
                if !out.isEmpty { pendingSpace = true }
                i += 1
                continue
            }
            emit(CollectionOfOne(b))
            i += 1
        }
        while let last = out.last, last == MailBytes.lf || last == MailBytes.space { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    static let blocks: Set<String> = [
        "br", "p", "div", "tr", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "hr",
        "pre", "section", "article", "header", "footer", "address", "dd", "dt", "dl",
    ]

    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-")
    }

    static func matches(_ input: [UInt8], _ i: Int, _ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard i + count <= input.count else { return false }
        return text.withUTF8Buffer { input[i..<(i + count)].elementsEqual($0) }
    }

    static func find(_ input: [UInt8], from: Int, _ text: StaticString) -> Int? {
        let first = text.withUTF8Buffer { $0[0] }
        var i = from
        while i < input.count {
            if input[i] == first && matches(input, i, text) { return i }
            i += 1
        }
        return nil
    }

    /// The index after the `>` closing a tag, skipping quoted attribute values.
    static func tagEnd(_ input: [UInt8], from: Int) -> Int {
        var i = from
        var quote: UInt8?
        while i < input.count {
            let b = input[i]
            if let q = quote {
                if b == q { quote = nil }
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                quote = b
            } else if b == UInt8(ascii: ">") {
                return i + 1
            }
            i += 1
        }
        return input.count
    }

    static let named: [String: UInt32] = [
        "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27, "nbsp": 0xA0, "zwnj": 0x200C, "zwj": 0x200D,
        "lrm": 0x200E, "rlm": 0x200F, "copy": 0xA9, "reg": 0xAE, "hellip": 0x2026, "mdash": 0x2014, "ndash": 0x2013,
        "laquo": 0xAB, "raquo": 0xBB, "lsquo": 0x2018, "rsquo": 0x2019, "ldquo": 0x201C, "rdquo": 0x201D, "bull": 0x2022,
        "middot": 0xB7, "times": 0xD7, "euro": 0x20AC, "trade": 0x2122, "shy": 0xAD,
    ]

    /// A character reference at `i` (`&name;`, `&#1601;`, `&#x641;`): its UTF-8 and its length.
    static func entity(_ input: [UInt8], at i: Int) -> ([UInt8], Int)? {
        var j = i + 1
        let limit = min(input.count, i + 12)
        while j < limit, input[j] != UInt8(ascii: ";") {
            if !isNameByte(input[j]) && input[j] != UInt8(ascii: "#") { return nil }
            j += 1
        }
        guard j < limit, j > i + 1 else { return nil }
        let body = String(decoding: input[(i + 1)..<j], as: UTF8.self)
        var value: UInt32?
        if body.hasPrefix("#x") || body.hasPrefix("#X") {
            value = UInt32(body.dropFirst(2), radix: 16)
        } else if body.hasPrefix("#") {
            value = UInt32(body.dropFirst())
        } else {
            value = named[body] ?? named[body.lowercased()]
        }
        guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return nil }
        return (Array(String(Character(scalar)).utf8), j - i + 1)
    }
}
