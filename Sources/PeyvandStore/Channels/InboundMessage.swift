import Foundation
import PeyvandCore

/// A message that arrived on a channel (an email piped in by the MTA, an SMS from the gateway, a
/// bot update), as its channel decoded it, before it is tied to a customer.
public struct InboundMessage: Sendable, Hashable {
    /// `.email`, `.sms` or `.messenger`.
    public var channel: ContactChannel
    /// The sender's end: an email address, a telephone number, a bot chat id.
    public var address: String
    /// The sender's name as the channel gave it ("Sara Ahmadi" in `From:`, a bot user's name).
    public var senderName: String?
    public var subject: String?
    public var body: String
    public var receivedAt: Date
    /// The peer's id for the message: a second delivery with the same id is not stored again.
    public var externalId: String?
    /// The peer ids of the messages this one answers, nearest first (`In-Reply-To`, then `References`).
    public var inReplyTo: [String]
    /// A conversation named in the message itself (a `[#123]` token in an email's subject).
    public var threadToken: Int64?
    /// The customer, when the channel already knows them (a bot chat linked by its code).
    public var customerId: Int64?

    public init(channel: ContactChannel, address: String, senderName: String? = nil, subject: String? = nil, body: String,
                receivedAt: Date = Date(), externalId: String? = nil, inReplyTo: [String] = [], threadToken: Int64? = nil,
                customerId: Int64? = nil) {
        self.channel = channel
        self.address = address
        self.senderName = senderName
        self.subject = subject
        self.body = body
        self.receivedAt = receivedAt
        self.externalId = externalId
        self.inReplyTo = inReplyTo
        self.threadToken = threadToken
        self.customerId = customerId
    }
}

/// What became of an inbound message.
public struct InboundReceipt: Sendable, Hashable {
    public let customerId: Int64
    public let interactionId: Int64
    public let messageId: Int64
    public let threadId: Int64
    /// The sender was unknown and became a new contact.
    public let createdCustomer: Bool
    /// The same message had arrived before: nothing new was stored.
    public let duplicate: Bool
    /// The ticket the message opened or continued (customer service), if any.
    public var ticketId: Int64? = nil
}
