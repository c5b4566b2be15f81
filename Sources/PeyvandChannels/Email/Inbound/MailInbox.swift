import Foundation
import Logging
import PeyvandCore
import PeyvandStore

/// What became of one received email.
public enum MailReceipt: Sendable, Hashable {
    /// A customer's message, on their timeline (`duplicate` when it had arrived before);
    /// `documents` are the ids of its attachments stored as the customer's documents.
    case message(InboundReceipt, documents: [Int64])
    /// A delivery status notification: the bounces recorded and the outgoing message marked.
    case bounce(BounceReceipt)
}

/// What a bounce changed.
public struct BounceReceipt: Sendable, Hashable {
    /// The addresses that failed, with their status and the remote server's words.
    public let recipients: [DeliveryReport.Recipient]
    /// The returned message's Message-ID.
    public let originalMessageID: String?
    /// The outgoing message now `bounced` (its record's id), when the id was ours.
    public let channelMessageId: Int64?
    /// The customer whose message bounced, when known.
    public let customerId: Int64?
}

/// The inbound half of email: reads a raw RFC 5322 message and lands it. A customer's message
/// goes to `Inbox` (threaded by subject token, then `In-Reply-To`/`References`, then the sender's
/// address, else a new contact; once per Message-ID), its attachments to the customer's
/// documents when a document store is given — and, when it opened or continued a ticket, to that
/// ticket message's files. A delivery status notification is not a customer's
/// message: the outgoing message it returns is marked `bounced` and each failed address is
/// recorded in `EmailBounces` — MAILER-DAEMON never becomes a contact. Used by
/// `peyvand mail receive` (an MTA's pipe) and `POST /api/v1/mail/inbound`.
public struct MailInbox: Sendable {
    let database: Database
    let documents: DocumentRepository?
    let limits: MailLimits
    let logger: Logger

    public init(database: Database, documents: DocumentRepository? = nil, limits: MailLimits = .standard,
                logger: Logger = Logger(label: "peyvand.mail")) {
        self.database = database
        self.documents = documents
        self.limits = limits
        self.logger = logger
    }

    /// Who the audit log and the documents name for what the mail channel stored.
    static let principal = Principal(userId: 0, name: "email channel", role: .administrator)

    /// Parses and lands `raw`. Throws `MailParseError` for a message that cannot be read (nothing
    /// is stored), and the store's errors when the database cannot take it (nothing is stored;
    /// the MTA should try again).
    public func receive(_ raw: [UInt8], now: Date = Date()) async throws -> MailReceipt {
        try await receive(try MailParser.parse(raw, limits: limits), raw: raw, now: now)
    }

    /// Lands a message parsed already (`raw` names a message that has no Message-ID).
    public func receive(_ mail: ParsedMail, raw: [UInt8], now: Date = Date()) async throws -> MailReceipt {
        if let report = mail.deliveryReport { return .bounce(try await bounce(report, reportID: mail.messageID, now: now)) }
        let message = Self.inbound(mail, raw: raw, now: now)
        let receipt = try await Inbox(database).receive(message)
        var stored: [Int64] = []
        if !receipt.duplicate, let documents, !mail.attachments.isEmpty {
            // Kept as the customer's documents and, in a ticket's thread, as the message's files.
            let files = mail.attachments.map { InboundFile(filename: $0.filename, bytes: $0.bytes) }
            let kept = try await Inbox(database).keep(files, of: receipt, in: documents, by: Self.principal)
            stored = kept.stored
            for refused in kept.refused {
                // A kind of file documents do not take (HTML, an executable): it stays listed in the message.
                logger.info("attachment not stored as a document", metadata: [
                    "filename": .string(refused.filename), "reason": .string(refused.reason)])
            }
        }
        return .message(receipt, documents: stored)
    }

    /// The message as the inbox takes it. Its date is the sender's `Date:` unless that is missing
    /// or in the future; a message without a Message-ID gets one from its bytes, so a second
    /// delivery of the same bytes is still stored once.
    static func inbound(_ mail: ParsedMail, raw: [UInt8], now: Date) -> InboundMessage {
        var date = now
        if let sent = mail.date, sent <= now.addingTimeInterval(300), sent > now.addingTimeInterval(-366 * 86_400) { date = sent }
        let externalId = mail.messageID ?? "<" + SHA256Hex.of(raw).prefix(40) + "@no-message-id.peyvand>"
        return InboundMessage(channel: .email, address: mail.from.address, senderName: mail.from.name, subject: mail.subject,
                              body: mail.text, receivedAt: date, externalId: externalId, inReplyTo: mail.inReplyTo,
                              threadToken: mail.threadToken)
    }

    func bounce(_ report: DeliveryReport, reportID: String?, now: Date) async throws -> BounceReceipt {
        let failed = report.failed
        var marked: ChannelMessage?
        if let original = report.originalMessageID {
            let detail = failed.first.map(\.detail) ?? "returned by \(report.reportingMTA ?? "the mail server")"
            if !failed.isEmpty || report.recipients.isEmpty {
                marked = try await ChannelMessages(database).report(channel: .email, externalId: original, status: .bounced,
                                                                    detail: detail, at: now)
            }
        }
        var recipients = failed
        if recipients.isEmpty, report.recipients.isEmpty, let marked {
            // A bounce in no standard form: the returned message names the address.
            recipients = [.init(address: marked.address, action: "failed", status: "5.0.0", diagnostic: nil)]
        }
        let bounces = EmailBounces(database)
        for recipient in recipients {
            guard let address = AddressParsing.normalized(recipient.address) else { continue }
            try await bounces.record(address: address, status: recipient.status, diagnostic: recipient.diagnostic, hard: recipient.isHard,
                                     report: reportID.map { $0 + " " + address }, at: now)
        }
        return BounceReceipt(recipients: recipients, originalMessageID: report.originalMessageID, channelMessageId: marked?.id,
                             customerId: marked?.customerId)
    }
}
