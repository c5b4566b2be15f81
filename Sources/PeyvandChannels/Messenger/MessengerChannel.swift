import Foundation
import PeyvandCore
import PeyvandStore

/// Sends outbox messages on the messenger bot: the payload's text (`ChannelPayload`) to the
/// recipient chat id, in parts of at most 4,096 UTF-16 units. Each part accepted is recorded, so a
/// retry after a failed part sends only the parts after it. The first part's id is the message's
/// reference (`<chat>:<message_id>`).
///
/// What the API answers decides what happens: 429 waits for its `retry_after`; a 5xx, a time-out
/// or a lost connection is retried with the outbox's back-off; 400 (no such chat, empty text),
/// 401 (a wrong token) and 404 are refused for good; 403 (the user blocked the bot) is refused and
/// the chat's link marked inactive.
public struct MessengerChannel: Channel {
    public var kind: ChannelKind { .messenger }
    let client: BotAPIClient
    let parts: MessengerParts
    let links: MessengerLinks

    public init(database: Database, client: BotAPIClient) {
        self.client = client
        self.parts = MessengerParts(database)
        self.links = MessengerLinks(database)
    }

    public func deliver(_ message: OutboxMessage) async throws -> DeliveryResult {
        guard let payload = ChannelPayload.decode(message.payload) else {
            return .reject("the messenger message's payload is not a text")
        }
        let chat = message.recipient.trimmingCharacters(in: .whitespaces)
        guard !chat.isEmpty else { return .reject("the messenger message has no chat id") }
        let texts = MessengerText.split(payload.text)
        guard !texts.isEmpty else { return .reject("the messenger message's text is empty") }
        var sent = try await parts.sent(outboxMessageId: message.id)
        for (n, text) in texts.enumerated() where sent[n] == nil {
            let id: String
            do {
                id = String(try await client.sendMessage(chatId: chat, text: text))
            } catch {
                let progress = n > 0 ? " (part \(n + 1) of \(texts.count); the first \(n) were sent)" : ""
                if error.isBlocked {
                    try await links.deactivate(chatId: chat, reason: error.description)
                    return .reject(error.description + progress)
                }
                if case .api(429, _, let after?) = error { return .retryAfter(error.description + progress, .seconds(after)) }
                return error.isRetryable ? .retry(error.description + progress) : .reject(error.description + progress)
            }
            sent[n] = id
            if texts.count > 1 { try await parts.record(outboxMessageId: message.id, part: n, messageId: id) }
        }
        return .sent(reference: sent[0].map { "\(chat):\($0)" })
    }
}
