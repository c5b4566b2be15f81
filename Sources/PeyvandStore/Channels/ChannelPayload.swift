import Foundation
import PeyvandCore

/// What an outgoing message on a customer channel (email, SMS, bot) carries in the outbox, as JSON:
/// each channel takes what it can send (an SMS the text, an email all of it).
public struct ChannelPayload: Codable, Sendable, Hashable {
    public var subject: String?
    public var text: String
    public var html: String?
    /// `fa` or `en`: the direction and language the message is written in.
    public var language: String?
    /// The peer id of the message this one answers (an email's `In-Reply-To`).
    public var inReplyTo: String?
    /// Where the customer withdraws consent to this channel (marketing messages carry one).
    public var unsubscribeURL: String?
    /// The customer's documents sent with it (an email's attachments), by id.
    public var attachments: [Int64]?

    public init(subject: String? = nil, text: String, html: String? = nil, language: String? = nil, inReplyTo: String? = nil,
                unsubscribeURL: String? = nil) {
        (self.subject, self.text, self.html, self.language, self.inReplyTo, self.unsubscribeURL) =
            (subject, text, html, language, inReplyTo, unsubscribeURL)
    }

    public static func decode(_ json: String) -> ChannelPayload? {
        try? JSONDecoder().decode(ChannelPayload.self, from: Data(json.utf8))
    }
}

/// A message to send to one customer on one channel, stored with its interaction and its
/// record in the same transaction as the outbox message that will carry it.
public struct CustomerMessage: Sendable {
    public var customerId: Int64
    public var channel: ContactChannel
    /// The customer's end on that channel: an address, an E.164 number, a bot chat id.
    public var address: String
    public var payload: ChannelPayload
    /// Who sent it (nil for the system's own messages).
    public var staffId: Int64?
    /// The same key twice is one message.
    public var idempotencyKey: String
    /// Not sent before this (quiet hours).
    public var notBefore: Date?
    /// The conversation it continues.
    public var threadId: Int64?

    public init(customerId: Int64, channel: ContactChannel, address: String, payload: ChannelPayload, staffId: Int64? = nil,
                idempotencyKey: String = "msg_" + UUID().uuidString.lowercased(), notBefore: Date? = nil, threadId: Int64? = nil) {
        self.customerId = customerId
        self.channel = channel
        self.address = address
        self.payload = payload
        self.staffId = staffId
        self.idempotencyKey = idempotencyKey
        self.notBefore = notBefore
        self.threadId = threadId
    }
}

/// What enqueueing a customer message stored.
public struct QueuedCustomerMessage: Sendable, Hashable {
    public let interactionId: Int64
    public let messageId: Int64
    public let outboxMessageId: Int64
}
