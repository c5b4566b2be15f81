import Crypto
import Foundation
import PeyvandCore
import PeyvandStore

/// Sends an outbox email through the organisation's SMTP server. The message's payload is JSON:
/// a `ChannelPayload` (`{"subject", "text", "html"?, "language", "inReplyTo"?}`), its recipient
/// the address. The server's 250 is sent; a 4xx, a time-out or a lost connection is retried; a 5xx,
/// a refused certificate or a malformed message is dead at once.
///
/// With the database at hand it also threads and spares: the subject carries the conversation's
/// `[#thread]` token (so a reply whose client dropped `In-Reply-To` still finds its conversation),
/// and an address that hard-bounced (`EmailBounces`) is not written to again — the message is
/// dead at once with the bounce as its reason.
public struct EmailChannel: Channel {
    public var kind: ChannelKind { .email }
    let client: SMTPClient
    let sender: MailAddress
    let database: Database?

    /// What the payload of an email in the outbox holds.
    public typealias Payload = ChannelPayload

    /// Where attached documents are read from (`serve --documents`).
    let documents: DocumentRepository?

    public init(configuration: SMTPConfiguration, sender: MailAddress, database: Database? = nil, documents: DocumentRepository? = nil) {
        self.client = SMTPClient(configuration: configuration)
        self.sender = sender
        self.database = database
        self.documents = documents
    }

    /// The documents a payload names, read from the store; a document gone since the message was
    /// queued makes the message undeliverable as written.
    func attachments(_ ids: [Int64]) async throws -> [MIMEAttachment]? {
        guard let documents else { return ids.isEmpty ? [] : nil }
        var out: [MIMEAttachment] = []
        for id in ids {
            guard let (document, data) = try? await documents.content(id, by: Self.reader) else { return nil }
            out.append(MIMEAttachment(filename: document.filename, contentType: document.mediaType, data: Array(data)))
        }
        return out
    }

    /// Who reads attached documents for the outbox (the sender's rights were checked when the
    /// message was queued).
    static let reader = Principal(userId: 0, name: "email channel", role: .administrator)

    public func deliver(_ message: OutboxMessage) async throws -> DeliveryResult {
        guard let payload = ChannelPayload.decode(message.payload) else {
            return .reject("the email's payload is not a subject and a text")
        }
        var subject = payload.subject ?? ""
        if let database {
            if let bounce = try await EmailBounces(database).bounces(of: [message.recipient])[message.recipient.lowercased()], bounce.hard {
                return .reject("\(message.recipient) bounced permanently (\(bounce.summary)); not sent again")
            }
            if let thread = try await ChannelMessages(database).thread(ofOutboxMessage: message.id) {
                subject = Self.subject(subject, thread: thread)
            }
        }
        var mail = MIMEMessage(from: sender, to: [MailAddress(message.recipient)], subject: subject, text: payload.text,
                               html: payload.html ?? Self.html(fromText: payload.text), language: payload.language ?? "fa",
                               messageID: Self.messageID(idempotencyKey: message.idempotencyKey, sender: sender.address),
                               inReplyTo: payload.inReplyTo, references: payload.inReplyTo.map { [$0] } ?? [])
        mail.listUnsubscribe = payload.unsubscribeURL
        if let ids = payload.attachments, !ids.isEmpty {
            guard let files = try await attachments(ids) else { return .reject("an attached document is no longer stored") }
            mail.attachments = files
        }
        do {
            _ = try await client.send(mail)
            return .sent(reference: mail.messageID)
        } catch let error as SMTPError {
            return error.isRetryable ? .retry(error.description) : .reject(error.description)
        }
    }

    /// A plain text as HTML, so a Persian message reads right to left in mail clients that show
    /// the HTML part (the writer wraps it in a `dir="rtl"` document): escaped, a paragraph per
    /// blank-line-separated block, line breaks kept, web addresses as links.
    static func html(fromText text: String) -> String {
        func escape(_ s: Substring) -> String {
            var out = ""
            out.reserveCapacity(s.utf8.count)
            for c in s {
                switch c {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                default: out.append(c)
                }
            }
            return out
        }
        func line(_ l: Substring) -> String {
            l.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
                let w = escape(word)
                return word.hasPrefix("https://") || word.hasPrefix("http://") ? "<a href=\"\(w)\">\(w)</a>" : w
            }.joined(separator: " ")
        }
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n")
        return normalised.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            .map { "<p>" + $0.split(separator: "\n", omittingEmptySubsequences: false).map(line).joined(separator: "<br>") + "</p>" }
            .joined(separator: "\n")
    }

    /// The subject with the conversation's token appended, once.
    static func subject(_ subject: String, thread: Int64) -> String {
        let token = "[#\(thread)]"
        if subject.contains(token) { return subject }
        return subject.isEmpty ? token : subject + " " + token
    }

    /// The same Message-ID on every attempt of one outbox message: derived from its idempotency
    /// key, so a retry after a lost `250` is the same message to the recipient's client, and the
    /// id recorded as the message's external id is the one a reply's `In-Reply-To` names.
    static func messageID(idempotencyKey: String, sender: String) -> String {
        let domain = sender.split(separator: "@").last.map(String.init) ?? "peyvand.invalid"
        let digest = SHA256.hash(data: Array(idempotencyKey.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
        return "<\(digest)@\(domain)>"
    }
}
