import Foundation

/// A file that came with a message.
public struct InboundAttachment: Sendable, Hashable {
    /// The sender's name for it (RFC 2231 or encoded-word names decoded), or one made up from its type.
    public var filename: String
    /// The declared type, `application/pdf`.
    public var contentType: String
    public var bytes: [UInt8]
}

/// A received message as the parser read it: who sent it, what it answers, its text (text/plain
/// preferred, else the HTML's text), its files, and — for a delivery status notification — the
/// report instead of a customer's words.
public struct ParsedMail: Sendable {
    /// The sender (`From`, else `Sender`, `Reply-To`, `Return-Path`), its address normalised.
    public var from: MailAddress
    public var subject: String?
    public var date: Date?
    /// `Message-ID` with its angle brackets.
    public var messageID: String?
    /// The messages this one answers, nearest first: `In-Reply-To`, then `References` newest first.
    public var inReplyTo: [String]
    /// A `[#123]` conversation token in the subject.
    public var threadToken: Int64?
    public var text: String
    public var attachments: [InboundAttachment]
    /// Set when the message is a bounce: a DSN, or a message from `MAILER-DAEMON`/`postmaster`.
    public var deliveryReport: DeliveryReport?

    public var isBounce: Bool { deliveryReport != nil }
}

/// Reads one RFC 5322 message: headers unfolded, encoded-words decoded, MIME parts split and
/// decoded (quoted-printable, base64), text in its charset (UTF-8, Windows-1256, ISO-8859-1…).
/// Throws `MailParseError` with a clear reason for what cannot be read, and never runs longer
/// than linear in the message (times the nesting depth, limited to 10).
public enum MailParser {
    public static func parse(_ bytes: [UInt8], limits: MailLimits = .standard) throws(MailParseError) -> ParsedMail {
        guard bytes.contains(where: { !($0 == MailBytes.space || $0 == MailBytes.tab || $0 == MailBytes.cr || $0 == MailBytes.lf) }) else {
            throw .empty
        }
        guard bytes.count <= limits.maxMessageBytes else { throw .tooLarge(limit: limits.maxMessageBytes) }
        var parser = MIMEParser(limits: limits)
        let root = try parser.parse(bytes[...])
        let headers = root.headers

        var body = BodyCollector(limits: limits)
        try body.collect(root)

        let sender = sender(headers)
        let subject = headers.decoded("subject").map { $0.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ") }
        let report = body.report(headers: headers, sender: sender)
        guard let from = sender else { throw .noSender }
        var text = body.texts.joined(separator: "\n\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if !body.attachments.isEmpty {
            let list = body.attachments.map { "- \($0.filename) (\($0.contentType), \(sizeText($0.bytes.count)))" }.joined(separator: "\n")
            text += (text.isEmpty ? "" : "\n\n") + "📎\n" + list
        }
        return ParsedMail(
            from: from, subject: subject.flatMap { $0.isEmpty ? nil : $0 }, date: MailDate.parse(headers.text("date")),
            messageID: MessageIDs.parse(headers.text("message-id")).first,
            inReplyTo: MessageIDs.replyChain(inReplyTo: headers.text("in-reply-to"), references: headers.text("references")),
            threadToken: MessageIDs.threadToken(subject), text: text, attachments: body.attachments, deliveryReport: report)
    }

    /// The first usable address of `From`, `Sender`, `Reply-To`, `Return-Path`.
    static func sender(_ headers: MailHeaders) -> MailAddress? {
        for name in ["from", "sender", "reply-to", "return-path"] {
            for value in headers.texts(name) {
                for mailbox in AddressParsing.mailboxes(value) {
                    if let address = AddressParsing.normalized(mailbox.address) { return MailAddress(address, name: mailbox.name) }
                }
            }
        }
        return nil
    }

    static func sizeText(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? String(format: "%.1f MB", Double(bytes) / Double(1 << 20)) : bytes >= 1024 ? "\(bytes >> 10) KB" : "\(bytes) B"
    }
}

/// Walks the entity tree: the text a person wrote (one alternative of each multipart/alternative,
/// the root of a multipart/related, every inline text of a multipart/mixed), the files, and the
/// parts of a delivery report.
struct BodyCollector {
    let limits: MailLimits
    var texts: [String] = []
    var attachments: [InboundAttachment] = []
    var statusBodies: [[UInt8]] = []
    var returnedHeaders: MailHeaders?
    var sawReport = false

    init(limits: MailLimits) {
        self.limits = limits
    }

    mutating func collect(_ e: MIMEEntity) throws(MailParseError) {
        if e.isMultipart {
            switch e.subtype {
            case "alternative":
                // Prefer text/plain; else the last (richest) alternative, HTML or a related tree.
                let plain = e.children.last { $0.mediaType == "text/plain" && !isAttachment($0) }
                    ?? e.children.last { $0.isMultipart && $0.children.first?.mediaType == "text/plain" }
                if let pick = plain ?? e.children.last { try collect(pick) }
            case "related":
                if let root = e.children.first { try collect(root) }
                for child in e.children.dropFirst() where child.disposition?.value == "attachment" { try collect(child) }
            case "report":
                sawReport = sawReport || e.contentType["report-type"]?.lowercased() == "delivery-status"
                for child in e.children { try collect(child) }
            default:
                for child in e.children { try collect(child) }
            }
            return
        }
        switch e.mediaType {
        case "message/delivery-status", "message/global-delivery-status":
            sawReport = true
            statusBodies.append(try e.decodedBody())
            return
        case "message/rfc822", "message/global", "text/rfc822-headers", "message/global-headers", "message/rfc822-headers":
            if sawReport || returnedHeaders == nil {
                let bytes = try e.decodedBody()
                if let (headers, _) = try? MailHeaders.parse(bytes[...], top: false, limits: limits), !headers.fields.isEmpty,
                   returnedHeaders == nil {
                    returnedHeaders = headers
                }
            }
            if sawReport { return }  // the returned message is the report's, not a file of the customer's
        default: break
        }
        if isAttachment(e) {
            attachments.append(InboundAttachment(filename: e.filename ?? Self.madeUpName(e, number: attachments.count + 1),
                                                 contentType: e.mediaType, bytes: try e.decodedBody()))
        } else if e.mediaType == "text/html" {
            texts.append(HTMLText.text(try e.text()))
        } else {
            texts.append(try e.text())
        }
    }

    /// Text parts are the message unless marked as attachments; everything else is a file.
    func isAttachment(_ e: MIMEEntity) -> Bool {
        if e.disposition?.value == "attachment" { return true }
        return !(e.mediaType == "text/plain" || e.mediaType == "text/html")
    }

    static func madeUpName(_ e: MIMEEntity, number: Int) -> String {
        let ext: String
        switch e.mediaType {
        case "application/pdf": ext = "pdf"
        case "image/png": ext = "png"
        case "image/jpeg": ext = "jpg"
        case "image/gif": ext = "gif"
        case "message/rfc822": ext = "eml"
        case "text/calendar": ext = "ics"
        case "text/plain": ext = "txt"
        case "text/html": ext = "html"
        default: ext = "bin"
        }
        return "attachment-\(number).\(ext)"
    }

    /// The delivery report, when the message is one: the DSN's recipients, or for a bounce in
    /// another form from `MAILER-DAEMON`/`postmaster`, the `X-Failed-Recipients` it names.
    func report(headers: MailHeaders, sender: MailAddress?) -> DeliveryReport? {
        let local = sender?.address.split(separator: "@").first?.lowercased() ?? ""
        let fromDaemon = ["mailer-daemon", "postmaster", "mail-daemon"].contains(local)
        guard sawReport || fromDaemon || headers.raw("x-failed-recipients") != nil && returnedHeaders != nil else { return nil }
        var recipients: [DeliveryReport.Recipient] = []
        var reportingMTA: String?
        for body in statusBodies {
            let (mta, found) = DeliveryReport.recipients(in: body, limits: limits)
            reportingMTA = reportingMTA ?? mta
            recipients += found
        }
        if recipients.isEmpty {
            for value in headers.texts("x-failed-recipients") {
                for mailbox in AddressParsing.mailboxes(value) {
                    recipients.append(.init(address: mailbox.address, action: "failed", status: "5.0.0", diagnostic: nil))
                }
            }
        }
        let original = returnedHeaders.flatMap { MessageIDs.parse($0.text("message-id")).first }
        return DeliveryReport(recipients: recipients, originalMessageID: original, reportingMTA: reportingMTA)
    }
}
