import Foundation
import PeyvandCore

/// Mailboxes in address headers (RFC 5322 §3.4): `Name <a@b>`, `"Ahmadi, Sara" <a@b>`,
/// `=?UTF-8?B?…?= <a@b>`, a bare `a@b`, the old `a@b (Name)`, and groups (`Team: a@b, c@d;`).
enum AddressParsing {
    /// Every mailbox of a header value, in order.
    static func mailboxes(_ text: String) -> [MailAddress] {
        let bytes = Array(text.utf8.prefix(64 << 10))
        var result: [MailAddress] = []
        var start = 0
        var i = 0
        var quoted = false
        var depth = 0  // comment nesting
        var angle = false
        func emit(_ end: Int) {
            var piece = bytes[start..<end]
            // A group's name ("Team:") and its closing ";" are not part of a mailbox.
            if !piece.isEmpty, let colon = topLevelColon(piece) { piece = piece[(colon + 1)...] }
            while let last = piece.last, last == UInt8(ascii: ";") || MailBytes.isWhitespace(last) { piece = piece.dropLast() }
            if let mailbox = mailbox(piece) { result.append(mailbox) }
        }
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == UInt8(ascii: "\\") { i += 1 } else if b == UInt8(ascii: "\"") { quoted = false }
            } else if depth > 0 {
                if b == UInt8(ascii: "\\") { i += 1 } else if b == UInt8(ascii: "(") { depth += 1 } else if b == UInt8(ascii: ")") { depth -= 1 }
            } else {
                switch b {
                case UInt8(ascii: "\""): quoted = true
                case UInt8(ascii: "("): depth = 1
                case UInt8(ascii: "<"): angle = true
                case UInt8(ascii: ">"): angle = false
                case UInt8(ascii: ","), UInt8(ascii: ";"):
                    if !angle {
                        emit(i)
                        start = i + 1
                    }
                default: break
                }
            }
            i += 1
        }
        emit(bytes.count)
        return result
    }

    /// The index of a group's colon: a top-level `:` before any `<` and `@`.
    static func topLevelColon(_ piece: ArraySlice<UInt8>) -> Int? {
        var quoted = false
        var i = piece.startIndex
        while i < piece.endIndex {
            let b = piece[i]
            if quoted {
                if b == UInt8(ascii: "\\") { i += 1 } else if b == UInt8(ascii: "\"") { quoted = false }
            } else if b == UInt8(ascii: "\"") {
                quoted = true
            } else if b == UInt8(ascii: "<") || b == UInt8(ascii: "@") {
                return nil
            } else if b == MailBytes.colon {
                return i
            }
            i += 1
        }
        return nil
    }

    /// One mailbox: the address between angle brackets with the phrase before it as the name, or
    /// a bare address with a comment as the name.
    static func mailbox(_ piece: ArraySlice<UInt8>) -> MailAddress? {
        var phrase: [UInt8] = []
        var comment: [UInt8] = []
        var angleAddress: [UInt8]?
        var bare: [UInt8] = []
        var i = piece.startIndex
        var firstComment = true
        while i < piece.endIndex {
            let b = piece[i]
            if b == UInt8(ascii: "\"") {
                // A quoted display name (or a quoted local part, kept with its quotes).
                var j = i + 1
                var inner: [UInt8] = []
                while j < piece.endIndex, piece[j] != UInt8(ascii: "\"") {
                    if piece[j] == UInt8(ascii: "\\"), j + 1 < piece.endIndex { j += 1 }
                    inner.append(piece[j])
                    j += 1
                }
                let nextIsAt = j + 1 < piece.endIndex && piece[j + 1] == UInt8(ascii: "@")
                if nextIsAt {
                    bare += [UInt8(ascii: "\"")] + inner + [UInt8(ascii: "\"")]
                } else {
                    phrase += inner
                    phrase.append(MailBytes.space)
                }
                i = j + 1
            } else if b == UInt8(ascii: "(") {
                var j = i
                var depth = 0
                var inner: [UInt8] = []
                while j < piece.endIndex {
                    let c = piece[j]
                    if c == UInt8(ascii: "\\"), j + 1 < piece.endIndex { j += 1; if depth > 0 { inner.append(piece[j]) }; j += 1; continue }
                    if c == UInt8(ascii: "(") { depth += 1; if depth == 1 { j += 1; continue } }
                    if c == UInt8(ascii: ")") { depth -= 1; if depth == 0 { j += 1; break } }
                    inner.append(c)
                    j += 1
                }
                if firstComment { comment = inner; firstComment = false }
                i = j
            } else if b == UInt8(ascii: "<") {
                var j = i + 1
                var inner: [UInt8] = []
                while j < piece.endIndex, piece[j] != UInt8(ascii: ">") { inner.append(piece[j]); j += 1 }
                if angleAddress == nil { angleAddress = inner }
                i = j + 1
            } else {
                if angleAddress == nil { bare.append(b) }
                i += 1
            }
        }
        func clean(_ bytes: [UInt8]) -> String? {
            let text = EncodedWords.decode(Charsets.decodeUnlabelled(bytes))
                .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            return text.isEmpty ? nil : text
        }
        if var address = angleAddress {
            // An obsolete route ("@relay:user@host") keeps only the address.
            if let colon = address.lastIndex(of: MailBytes.colon) { address = Array(address[(colon + 1)...]) }
            let addr = String(decoding: address.filter { !MailBytes.isWhitespace($0) && $0 != MailBytes.cr && $0 != MailBytes.lf }, as: UTF8.self)
            guard !addr.isEmpty else { return nil }
            return MailAddress(addr, name: clean(phrase + bare))
        }
        // No angle brackets: the token with an "@" is the address, a comment the name.
        let words = (phrase + bare).split(whereSeparator: { MailBytes.isWhitespace($0) || $0 == MailBytes.cr || $0 == MailBytes.lf })
        guard let token = words.first(where: { $0.contains(UInt8(ascii: "@")) }) else { return nil }
        return MailAddress(String(decoding: token, as: UTF8.self), name: clean(comment))
    }

    /// The address normalised as customers store it (domain lower-cased), when it is one
    /// `EmailAddress` accepts.
    static func normalized(_ address: String) -> String? {
        (try? EmailAddress(parsing: address))?.value
    }
}

/// Message-IDs in `Message-ID`, `In-Reply-To` and `References`, with their angle brackets (the
/// form the outbox stores as an email's external id).
enum MessageIDs {
    static func parse(_ text: String?) -> [String] {
        guard let text else { return [] }
        let bytes = Array(text.utf8.prefix(256 << 10))
        var ids: [String] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "(") {
                HeaderParameters.skipComment(bytes, &i)
                continue
            }
            if bytes[i] == UInt8(ascii: "<") {
                var j = i + 1
                while j < bytes.count, bytes[j] != UInt8(ascii: ">"), bytes[j] != UInt8(ascii: "<") { j += 1 }
                if j < bytes.count, bytes[j] == UInt8(ascii: ">") {
                    let inner = bytes[(i + 1)..<j].filter { $0 > 0x20 && $0 < 0x7F }
                    if !inner.isEmpty && inner.count <= 500 { ids.append("<" + String(decoding: inner, as: UTF8.self) + ">") }
                    i = j + 1
                    continue
                }
                i = j
                continue
            }
            i += 1
        }
        if ids.isEmpty {
            // Some mailers leave the brackets out.
            for word in text.split(whereSeparator: { $0.isWhitespace || $0 == "," }) where word.contains("@") && word.count <= 500 {
                ids.append("<" + word.trimmingCharacters(in: CharacterSet(charactersIn: "<>\"")) + ">")
            }
        }
        return ids
    }

    /// The peers ids a reply answers, nearest first: `In-Reply-To`, then `References` from its
    /// end (the newest), each once, at most `limit`.
    static func replyChain(inReplyTo: String?, references: String?, limit: Int = 100) -> [String] {
        var seen = Set<String>()
        var chain: [String] = []
        for id in parse(inReplyTo) + parse(references).reversed() where seen.insert(id).inserted {
            chain.append(id)
            if chain.count == limit { break }
        }
        return chain
    }

    /// The conversation a subject names with a `[#123]` token (the one outgoing mail carries).
    static func threadToken(_ subject: String?) -> Int64? {
        guard var rest = subject?[...] else { return nil }
        while let open = rest.range(of: "[#") {
            rest = rest[open.upperBound...]
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, digits.count <= 18, rest.dropFirst(digits.count).first == "]", let id = Int64(digits) { return id }
        }
        return nil
    }
}
