import Foundation

/// An outgoing email written as RFC 5322 + MIME text: UTF-8 bodies in base64, headers with
/// RFC 2047 encoded-words, multipart/alternative for text + HTML, multipart/mixed for
/// attachments. Every line ends in CRLF and none is longer than 76 characters except headers
/// the caller makes long (still folded below 998). Dot-stuffing is the SMTP client's job.
public struct MIMEMessage: Sendable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var cc: [MailAddress]
    /// Recipients given to the server but never written into the headers.
    public var bcc: [MailAddress]
    public var replyTo: MailAddress?
    public var subject: String
    public var text: String
    /// The HTML body: a fragment (wrapped in a whole document with `dir` and `lang` set from
    /// `language`) or a whole document starting with `<!DOCTYPE` or `<html`, sent as given.
    public var html: String?
    /// `fa` makes the HTML right-to-left (`<html dir="rtl" lang="fa">`); `en` left-to-right.
    public var language: String
    public var date: Date
    public var messageID: String
    public var inReplyTo: String?
    public var references: [String]
    public var attachments: [MIMEAttachment]
    /// Where the recipient unsubscribes (a marketing message): written as `List-Unsubscribe` with
    /// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), so mail clients offer it.
    public var listUnsubscribe: String? = nil

    public init(
        from: MailAddress, to: [MailAddress], cc: [MailAddress] = [], bcc: [MailAddress] = [],
        replyTo: MailAddress? = nil, subject: String, text: String, html: String? = nil,
        language: String = "fa", date: Date = Date(), messageID: String? = nil,
        inReplyTo: String? = nil, references: [String] = [], attachments: [MIMEAttachment] = []
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.replyTo = replyTo
        self.subject = subject
        self.text = text
        self.html = html
        self.language = language
        self.date = date
        self.messageID = messageID ?? MIMEMessage.makeMessageID(domain: from.address)
        self.inReplyTo = inReplyTo
        self.references = references
        self.attachments = attachments
    }

    /// `<random@domain-of-the-sender>`.
    public static func makeMessageID(domain address: String) -> String {
        let domain = address.split(separator: "@").last.map(String.init) ?? "peyvand.invalid"
        return "<\(UUID().uuidString.lowercased())@\(domain)>"
    }

    /// Every envelope recipient: To, Cc and Bcc, each address once.
    public var recipients: [String] {
        var seen = Set<String>()
        return (to + cc + bcc).map(\.address).filter { seen.insert($0.lowercased()).inserted }
    }

    var isRightToLeft: Bool {
        ["fa", "ar", "he", "ur", "ps", "ckb"].contains(language.lowercased().split(separator: "-").first.map(String.init) ?? "")
    }

    /// The HTML document sent: a fragment wrapped so common clients show it in the right direction.
    public var htmlDocument: String? {
        guard let html else { return nil }
        let head = html.drop { $0.isWhitespace }.prefix(14).lowercased()
        if head.hasPrefix("<!doctype") || head.hasPrefix("<html") { return html }
        let dir = isRightToLeft ? "rtl" : "ltr"
        let align = isRightToLeft ? "right" : "left"
        return """
        <!DOCTYPE html>
        <html dir="\(dir)" lang="\(language)">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
        <body dir="\(dir)" style="direction:\(dir);text-align:\(align)">
        <div dir="\(dir)" style="direction:\(dir);text-align:\(align)">
        \(html)
        </div>
        </body>
        </html>
        """
    }

    /// The whole message, headers and body, CRLF line ends, not dot-stuffed.
    public func rendered() -> String {
        let crlf = MIMEEncoding.crlf
        var headers: [String] = [
            "From: " + from.headerValue,
            "To: " + to.map(\.headerValue).joined(separator: "," + crlf + " "),
        ]
        if !cc.isEmpty { headers.append("Cc: " + cc.map(\.headerValue).joined(separator: "," + crlf + " ")) }
        if let replyTo { headers.append("Reply-To: " + replyTo.headerValue) }
        headers.append("Subject: " + MIMEEncoding.headerText(subject))
        headers.append("Date: " + MIMEEncoding.rfc5322Date(date))
        headers.append("Message-ID: " + messageID)
        if let inReplyTo { headers.append("In-Reply-To: " + inReplyTo) }
        if !references.isEmpty { headers.append("References: " + references.joined(separator: crlf + " ")) }
        if let listUnsubscribe, !listUnsubscribe.contains(where: { $0 == "\r" || $0 == "\n" || $0 == ">" }) {
            headers.append("List-Unsubscribe: <" + listUnsubscribe + ">")
            headers.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
        }
        headers.append("MIME-Version: 1.0")

        let body = attachments.isEmpty ? contentEntity() : mixedEntity()
        return headers.joined(separator: crlf) + crlf + body
    }

    /// A body entity: its own header lines, a blank line, then its content.
    private func entity(_ contentType: String, _ extraHeaders: [String] = [], content: String) -> String {
        let crlf = MIMEEncoding.crlf
        return (["Content-Type: " + contentType] + extraHeaders).joined(separator: crlf) + crlf + crlf + content
    }

    private func textEntity(_ subtype: String, _ body: String) -> String {
        let bytes = Array(MIMEEncoding.normalizeLineBreaks(body).utf8)
        return entity("text/\(subtype); charset=UTF-8", ["Content-Transfer-Encoding: base64"], content: MIMEEncoding.base64Lines(bytes))
    }

    /// text/plain alone, or multipart/alternative of text/plain and text/html.
    private func contentEntity() -> String {
        guard let htmlDocument else { return textEntity("plain", text) }
        return multipart("alternative", [textEntity("plain", text), textEntity("html", htmlDocument)])
    }

    private func mixedEntity() -> String {
        var parts = [contentEntity()]
        for a in attachments {
            let disposition = (["attachment"] + MIMEEncoding.filenameParameters(a.filename)).joined(separator: ";" + MIMEEncoding.crlf + " ")
            parts.append(entity(
                a.contentType,
                ["Content-Disposition: " + disposition, "Content-Transfer-Encoding: base64"],
                content: MIMEEncoding.base64Lines(a.data)
            ))
        }
        return multipart("mixed", parts)
    }

    private func multipart(_ subtype: String, _ parts: [String]) -> String {
        let crlf = MIMEEncoding.crlf
        // "=_" never occurs in base64 text, so the boundary cannot collide with a part's content.
        let boundary = "=_peyvand_" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        var out = "Content-Type: multipart/\(subtype); boundary=\"\(boundary)\"" + crlf + crlf
        out += "This is a multi-part message in MIME format." + crlf
        for p in parts {
            out += crlf + "--" + boundary + crlf + p
        }
        out += crlf + "--" + boundary + "--" + crlf
        return out
    }
}
