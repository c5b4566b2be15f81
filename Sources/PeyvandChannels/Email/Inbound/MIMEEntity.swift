/// One MIME entity of a received message: its headers, its content type, its body still
/// transfer-encoded (a range of the received bytes), and its parts when it is a multipart.
struct MIMEEntity: Sendable {
    /// The IMAP-style part number: "" for the message itself, "1", "1.2", …
    let path: String
    let headers: MailHeaders
    let contentType: HeaderParameters
    let body: ArraySlice<UInt8>
    var children: [MIMEEntity] = []

    var mediaType: String { contentType.value }
    var isMultipart: Bool { mediaType.hasPrefix("multipart/") }
    var subtype: Substring { mediaType.split(separator: "/", maxSplits: 1).dropFirst().first ?? "" }
    var charset: String? { contentType["charset"] }
    var disposition: HeaderParameters? { headers.text("content-disposition").map(HeaderParameters.init(parsing:)) }
    var transferEncoding: String { headers.text("content-transfer-encoding")?.lowercased() ?? "7bit" }

    /// The body with its Content-Transfer-Encoding undone.
    func decodedBody() throws(MailParseError) -> [UInt8] {
        switch transferEncoding {
        case "base64":
            guard let bytes = TransferEncoding.base64(body) else { throw .invalidBase64(part: path) }
            return bytes
        case "quoted-printable": return TransferEncoding.quotedPrintable(body)
        default: return Array(body)  // 7bit, 8bit, binary, and what no one should send
        }
    }

    /// The body as text in its charset, line ends made LF.
    func text() throws(MailParseError) -> String {
        Charsets.decode(MailBytes.normalizedLineEnds(try decodedBody()), charset: charset)
    }

    /// The file name a sender gave the part, if any.
    var filename: String? {
        let raw = disposition?["filename"] ?? contentType["name"]
        guard let raw else { return nil }
        let name = String(raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last ?? "")
            .unicodeScalars.filter { $0.properties.generalCategory != .control }
            .map(String.init).joined().trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : String(name.prefix(200))
    }
}

/// Splits a message into its entity tree, counting parts and depth against the limits. Each
/// multipart is one pass over its own bytes (its delimiter lines found at line starts), so the
/// whole is linear in the message times the nesting depth, which is limited.
struct MIMEParser {
    let limits: MailLimits
    private(set) var parts = 0

    init(limits: MailLimits) {
        self.limits = limits
    }

    mutating func parse(_ bytes: ArraySlice<UInt8>, path: String = "", depth: Int = 0, top: Bool = true,
                        defaultType: String = "text/plain") throws(MailParseError) -> MIMEEntity {
        parts += 1
        if parts > limits.maxParts { throw .tooManyParts(limit: limits.maxParts) }
        if depth > limits.maxDepth { throw .nestedTooDeep(limit: limits.maxDepth) }
        let (headers, body) = try MailHeaders.parse(bytes, top: top, limits: limits)
        var contentType = headers.text("content-type").map(HeaderParameters.init(parsing:)) ?? HeaderParameters(value: defaultType)
        if !contentType.value.contains("/") { contentType.value = defaultType }  // "text" alone, or garbage
        var entity = MIMEEntity(path: path, headers: headers, contentType: contentType, body: body)
        guard entity.isMultipart else { return entity }
        guard let boundary = contentType["boundary"], !boundary.isEmpty else { throw .missingBoundary(part: path) }
        guard let pieces = Self.split(body, boundary: Array(boundary.utf8)) else {
            throw .boundaryNotFound(boundary: boundary, part: path)
        }
        let childDefault = entity.subtype == "digest" ? "message/rfc822" : "text/plain"
        for (n, piece) in pieces.enumerated() {
            let childPath = path.isEmpty ? "\(n + 1)" : "\(path).\(n + 1)"
            entity.children.append(try parse(piece, path: childPath, depth: depth + 1, top: false, defaultType: childDefault))
        }
        return entity
    }

    /// The parts of a multipart body between its `--boundary` lines (the preamble and epilogue
    /// left out), or nil when no delimiter line is there at all. A missing close delimiter (a
    /// truncated message) ends the last part at the end of the body.
    static func split(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> [ArraySlice<UInt8>]? {
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var found = false
        var i = body.startIndex
        let end = body.endIndex
        let count = boundary.count
        while i < end {
            let (lineEnd, next) = MailBytes.line(in: body, at: i)
            if lineEnd - i >= 2 + count, body[i] == MailBytes.dash, body[i + 1] == MailBytes.dash,
               body[(i + 2)..<(i + 2 + count)].elementsEqual(boundary) {
                var rest = i + 2 + count
                let close = rest + 1 < lineEnd && body[rest] == MailBytes.dash && body[rest + 1] == MailBytes.dash
                if close { rest += 2 }
                if body[rest..<lineEnd].allSatisfy(MailBytes.isWhitespace) {
                    found = true
                    if let start = partStart {
                        // The line break before the delimiter belongs to the delimiter.
                        var partEnd = i
                        if partEnd > start && body[partEnd - 1] == MailBytes.lf { partEnd -= 1 }
                        if partEnd > start && body[partEnd - 1] == MailBytes.cr { partEnd -= 1 }
                        parts.append(body[start..<max(start, partEnd)])
                    }
                    if close { return parts }
                    partStart = next
                }
            }
            i = next
        }
        guard found else { return nil }
        if let start = partStart, start < end { parts.append(body[start..<end]) }
        return parts
    }
}
