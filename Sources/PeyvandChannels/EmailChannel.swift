import Foundation
import PeyvandCore
import PeyvandStore

/// Sends an outbox email through the organisation's SMTP server. The message's payload is JSON:
/// a `ChannelPayload` (`{"subject", "text", "html"?, "language", "inReplyTo"?}`), its recipient
/// the address. The server's 250 is sent; a 4xx, a time-out or a lost connection is retried; a 5xx,
/// a refused certificate or a malformed message is dead at once.
public struct EmailChannel: Channel {
    public var kind: ChannelKind { .email }
    let client: SMTPClient
    let sender: MailAddress

    /// What the payload of an email in the outbox holds.
    public typealias Payload = ChannelPayload

    public init(configuration: SMTPConfiguration, sender: MailAddress) {
        self.client = SMTPClient(configuration: configuration)
        self.sender = sender
    }

    public func deliver(_ message: OutboxMessage) async throws -> DeliveryResult {
        guard let payload = ChannelPayload.decode(message.payload) else {
            return .reject("the email's payload is not a subject and a text")
        }
        var mail = MIMEMessage(from: sender, to: [MailAddress(message.recipient)], subject: payload.subject ?? "", text: payload.text,
                               html: payload.html, language: payload.language ?? "fa", inReplyTo: payload.inReplyTo)
        mail.listUnsubscribe = payload.unsubscribeURL
        do {
            _ = try await client.send(mail)
            return .sent(reference: mail.messageID)
        } catch let error as SMTPError {
            return error.isRetryable ? .retry(error.description) : .reject(error.description)
        }
    }
}
