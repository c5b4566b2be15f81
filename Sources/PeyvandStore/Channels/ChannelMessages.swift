import Foundation
import PeyvandCore
import SQLKit

/// The record of messages on channels: found by the peer's id (to thread a reply, to apply a
/// delivery report or a bounce), written with the interaction they belong to, and kept in step
/// with the outbox message that carries an outgoing one.
public struct ChannelMessages: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// The message with this peer id on `channel`, in `direction` (either when nil).
    public func find(channel: ContactChannel, externalId: String, direction: Direction? = nil) async throws -> ChannelMessage? {
        try await Self.find(database.sql, channel: channel, externalIds: [externalId], direction: direction).first
    }

    /// The messages having any of these peer ids, newest first (a reply's `References` list).
    static func find(_ db: any SQLDatabase, channel: ContactChannel, externalIds: [String], direction: Direction? = nil) async throws -> [ChannelMessage] {
        let ids = Array(externalIds.filter { !$0.isEmpty }.prefix(100))
        guard !ids.isEmpty else { return [] }
        var sql: SQLQueryString = """
            SELECT \(unsafeRaw: ChannelMessage.columns) FROM channel_messages
            WHERE channel = \(bind: channel.rawValue) AND external_id IN (\(binds: ids))
            """
        if let direction { sql += " AND direction = \(bind: direction.rawValue)" }
        sql += " ORDER BY id DESC"
        return try await db.raw(sql).all().map(ChannelMessage.init(row:))
    }

    /// One message by id.
    public func get(_ id: Int64) async throws -> ChannelMessage? {
        try await database.sql.raw("SELECT \(unsafeRaw: ChannelMessage.columns) FROM channel_messages WHERE id = \(bind: id)")
            .first().map(ChannelMessage.init(row:))
    }

    /// Sets the status a peer reported later (an SMS delivery report, a bounce). A report never
    /// moves a message back: `delivered` and `bounced` stay, whatever arrives after them.
    @discardableResult
    public func report(channel: ContactChannel, externalId: String, status: ChannelMessageStatus, detail: String? = nil,
                       at now: Date = Date()) async throws -> ChannelMessage? {
        try await database.transaction { db in
            guard let message = try await Self.find(db, channel: channel, externalIds: [externalId], direction: .outbound).first else {
                return nil
            }
            try await db.raw("""
                UPDATE channel_messages SET status = \(bind: status.rawValue), status_detail = \(bind: detail.map { String($0.prefix(500)) }),
                  updated_at = \(bind: Clock.millis(now))
                WHERE id = \(bind: message.id) AND status NOT IN ('delivered', 'bounced')
                """).run()
            return message
        }
    }

    /// Writes the record of a message, inside the caller's transaction; returns its id. A message
    /// without a thread starts one (its thread is itself).
    static func insert(_ db: any SQLDatabase, channel: ContactChannel, direction: Direction, externalId: String?, customerId: Int64,
                       interactionId: Int64?, threadId: Int64?, outboxMessageId: Int64?, address: String,
                       status: ChannelMessageStatus, at now: Date) async throws -> Int64 {
        let millis = Clock.millis(now)
        guard let row = try await db.raw("""
            INSERT INTO channel_messages (channel, direction, external_id, customer_id, interaction_id, thread_id, outbox_message_id,
              address, status, created_at, updated_at)
            VALUES (\(bind: channel.rawValue), \(bind: direction.rawValue), \(bind: externalId), \(bind: customerId), \(bind: interactionId),
              \(bind: threadId), \(bind: outboxMessageId), \(bind: address), \(bind: status.rawValue), \(bind: millis), \(bind: millis))
            RETURNING id
            """).first() else { throw StoreError.conflict("the channel message was not stored") }
        let id = try row.decode(column: "id", as: Int64.self)
        if threadId == nil { try await db.raw("UPDATE channel_messages SET thread_id = id WHERE id = \(bind: id)").run() }
        return id
    }

    /// Keeps an outgoing message's record in step with its outbox message (inside the outbox's
    /// report transaction); the peer's reference, when it gave one, becomes the external id.
    static func follow(_ db: any SQLDatabase, outboxMessageId: Int64, status: ChannelMessageStatus, reference: String?,
                       detail: String?, at now: Date) async throws {
        var sql: SQLQueryString = """
            UPDATE channel_messages SET status = \(bind: status.rawValue), status_detail = \(bind: detail.map { String($0.prefix(500)) }),
              updated_at = \(bind: Clock.millis(now))
            """
        if let reference { sql += ", external_id = COALESCE(external_id, \(bind: reference))" }
        sql += " WHERE outbox_message_id = \(bind: outboxMessageId) AND status NOT IN ('delivered', 'bounced')"
        try await db.raw(sql).run()
    }

    /// The delivery status of each of these interactions that travelled on a channel.
    static func statuses(_ db: any SQLDatabase, interactionIds: [Int64]) async throws -> [Int64: ChannelMessageStatus] {
        guard !interactionIds.isEmpty else { return [:] }
        var result: [Int64: ChannelMessageStatus] = [:]
        for chunk in stride(from: 0, to: interactionIds.count, by: 500).map({ Array(interactionIds[$0..<min($0 + 500, interactionIds.count)]) }) {
            let rows = try await db.raw("""
                SELECT interaction_id, status FROM channel_messages WHERE interaction_id IN (\(binds: chunk))
                """).all()
            for row in rows {
                let id = try row.decode(column: "interaction_id", as: Int64.self)
                result[id] = ChannelMessageStatus(rawValue: try row.decode(column: "status", as: String.self))
            }
        }
        return result
    }
}

extension ChannelMessages {
    /// Stores `message` inside the caller's transaction: the outbound interaction on the customer's
    /// timeline, the outbox message that carries it, and the record that ties the two (queued).
    /// A key already in the outbox is not stored again (nil).
    public static func enqueue(_ message: CustomerMessage, in db: any SQLDatabase, at now: Date = Date()) async throws -> QueuedCustomerMessage? {
        guard let channelKind = ChannelKind(rawValue: message.channel.rawValue) else {
            throw StoreError.conflict("\(message.channel.rawValue) is logged, not sent")
        }
        let outgoing = OutgoingMessage(channel: channelKind, idempotencyKey: message.idempotencyKey, customerId: message.customerId,
                                       recipient: message.address, payload: JSONText.encode(message.payload), notBefore: message.notBefore)
        guard let outboxId = try await Outbox.enqueue(outgoing, in: db, at: now) else { return nil }
        let p = message.payload
        guard let row = try await db.raw("""
            INSERT INTO interactions (customer_id, kind, channel, direction, occurred_at, staff_id, subject, body, created_by, created_at)
            VALUES (\(bind: message.customerId), \(bind: Inbox.kind(of: message.channel).rawValue), \(bind: message.channel.rawValue),
              \(bind: Direction.outbound.rawValue), \(bind: Clock.millis(now)), \(bind: message.staffId), \(bind: p.subject),
              \(bind: String(p.text.prefix(Inbox.bodyLimit))), \(bind: message.staffId), \(bind: Clock.millis(now)))
            RETURNING id
            """).first() else { throw StoreError.conflict("the interaction was not stored") }
        let interactionId = try row.decode(column: "id", as: Int64.self)
        let messageId = try await insert(db, channel: message.channel, direction: .outbound, externalId: nil, customerId: message.customerId,
                                         interactionId: interactionId, threadId: message.threadId, outboxMessageId: outboxId,
                                         address: message.address, status: .queued, at: now)
        try await DomainEvents.interaction(db, id: interactionId, customerId: message.customerId, kind: Inbox.kind(of: message.channel),
                                           direction: .outbound)
        return QueuedCustomerMessage(interactionId: interactionId, messageId: messageId, outboxMessageId: outboxId)
    }
}

extension ChannelMessages {
    /// What an earlier enqueue with this key stored: the same request sent again is answered with
    /// the message it already made.
    static func queued(_ db: any SQLDatabase, idempotencyKey: String) async throws -> QueuedCustomerMessage? {
        guard let row = try await db.raw("""
            SELECT m.id, m.interaction_id, m.outbox_message_id FROM channel_messages m
            JOIN outbox_messages o ON o.id = m.outbox_message_id WHERE o.idempotency_key = \(bind: idempotencyKey)
            """).first() else { return nil }
        return QueuedCustomerMessage(interactionId: try row.decode(column: "interaction_id", as: Int64?.self) ?? 0,
                                     messageId: try row.decode(column: "id", as: Int64.self),
                                     outboxMessageId: try row.decode(column: "outbox_message_id", as: Int64.self))
    }
}
