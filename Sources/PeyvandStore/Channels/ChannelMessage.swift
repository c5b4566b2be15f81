import Foundation
import PeyvandCore
import SQLKit

/// Where a message on a channel is: the outbox's states for one going out, `received` for one
/// that came in, and `bounced` when the recipient's server sent it back.
public enum ChannelMessageStatus: String, Sendable, Codable, CaseIterable {
    case queued, sent, delivered, failed, bounced, received
}

/// One message that travelled on a channel, in or out, tied to the customer and the timeline.
public struct ChannelMessage: Sendable, Hashable {
    public let id: Int64
    public let channel: ContactChannel
    public let direction: Direction
    /// The peer's id for it: an email's Message-ID, an SMS gateway's message id, a bot's message id.
    public let externalId: String?
    public let customerId: Int64
    public let interactionId: Int64?
    /// The first message of the conversation this one continues (its own id when it starts one).
    public let threadId: Int64?
    public let outboxMessageId: Int64?
    /// The customer's end: an email address, an E.164 number, a bot chat id.
    public let address: String
    public let status: ChannelMessageStatus
    public let statusDetail: String?
    public let createdAt: Date

    static let columns = """
        id, channel, direction, external_id, customer_id, interaction_id, thread_id, outbox_message_id, address, status,
        status_detail, created_at
        """

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
        channel = ContactChannel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .web
        direction = Direction(rawValue: try row.decode(column: "direction", as: String.self)) ?? .inbound
        externalId = try row.decode(column: "external_id", as: String?.self)
        customerId = try row.decode(column: "customer_id", as: Int64.self)
        interactionId = try row.decode(column: "interaction_id", as: Int64?.self)
        threadId = try row.decode(column: "thread_id", as: Int64?.self)
        outboxMessageId = try row.decode(column: "outbox_message_id", as: Int64?.self)
        address = try row.decode(column: "address", as: String.self)
        status = ChannelMessageStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed
        statusDetail = try row.decode(column: "status_detail", as: String?.self)
        createdAt = Clock.date(try row.decode(column: "created_at", as: Int64.self))
    }
}
