import Foundation
import PeyvandCore
import SQLKit

/// The outbox: messages written with what caused them, claimed by workers with a lease, marked
/// sent, retried with back-off or declared dead. A claim is one statement: on PostgreSQL it
/// skips rows another worker holds (`FOR UPDATE SKIP LOCKED`), so two instances never claim the
/// same message; on SQLite the write transaction is the single writer. A worker whose lease ran
/// out (killed mid-send) loses the message to the next claim, and its late report is ignored:
/// every report names the attempt it belongs to.
public struct Outbox: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// Writes `message` inside the caller's transaction and returns its id. A message whose
    /// idempotency key is already in the outbox is not written again (nil).
    @discardableResult
    public static func enqueue(_ message: OutgoingMessage, in db: any SQLDatabase, at now: Date = Date()) async throws -> Int64? {
        let millis = Clock.millis(now)
        let due = max(millis, message.notBefore.map(Clock.millis) ?? millis)
        return try await db.raw("""
            INSERT INTO outbox_messages (channel, idempotency_key, customer_id, subscription_id, event_type, recipient, payload,
                                         status, attempts, next_attempt_at, created_at)
            VALUES (\(bind: message.channel.rawValue), \(bind: message.idempotencyKey), \(bind: message.customerId),
                    \(bind: message.subscriptionId), \(bind: message.eventType), \(bind: message.recipient), \(bind: message.payload),
                    'queued', 0, \(bind: due), \(bind: millis))
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING id
            """).first()?.decode(column: "id", as: Int64.self)
    }

    /// Writes `message` in a transaction of its own.
    @discardableResult
    public func enqueue(_ message: OutgoingMessage) async throws -> Int64? {
        try await database.transaction { db in try await Self.enqueue(message, in: db) }
    }

    /// Claims up to `limit` due messages of `channels` for `lease`: they become `sending`, their
    /// attempt count goes up by one, and no one else claims them until the lease runs out.
    public func claim(limit: Int, lease: Duration, channels: [ChannelKind] = ChannelKind.allCases, now: Date = Date()) async throws -> [OutboxMessage] {
        let nowMillis = Clock.millis(now)
        let until = nowMillis + RetryPolicy.millis(lease)
        let kinds = channels.map(\.rawValue)
        let skipLocked = database.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        // A read first: an idle worker polling every few seconds never takes the writer's turn.
        guard try await database.sql.raw("""
            SELECT 1 AS due FROM outbox_messages
            WHERE status IN ('queued', 'failed', 'sending') AND next_attempt_at <= \(bind: nowMillis) AND channel IN (\(binds: kinds)) LIMIT 1
            """).first() != nil else { return [] }
        return try await database.transaction { db in
            try await db.raw("""
                UPDATE outbox_messages SET status = 'sending', attempts = attempts + 1, next_attempt_at = \(bind: until)
                WHERE id IN (
                  SELECT id FROM outbox_messages
                  WHERE status IN ('queued', 'failed', 'sending') AND next_attempt_at <= \(bind: nowMillis)
                    AND channel IN (\(binds: kinds))
                  ORDER BY next_attempt_at, id LIMIT \(bind: max(1, min(limit, 500)))\(unsafeRaw: skipLocked))
                RETURNING \(unsafeRaw: OutboxMessage.columns)
                """).all().map(OutboxMessage.init(row:)).sorted { $0.id < $1.id }
        }
    }

    /// Records that the attempt `message` was claimed for succeeded. False when the attempt no
    /// longer owns the message (its lease ran out and another worker claimed it).
    @discardableResult
    public func markSent(_ message: OutboxMessage, reference: String? = nil, at now: Date = Date()) async throws -> Bool {
        try await report(message, """
            UPDATE outbox_messages SET status = 'sent', sent_at = \(bind: Clock.millis(now)), last_error = NULL
            WHERE id = \(bind: message.id) AND status = 'sending' AND attempts = \(bind: message.attempts)
            RETURNING id
            """, then: .sent, reference: reference, detail: nil, at: now)
    }

    /// Records a failed attempt: retried after the policy's back-off (or after `notSoonerThan`, when
    /// the peer asked for a longer wait; at most a day), or dead when it was the last attempt or
    /// `permanent` (the peer refused it for good).
    @discardableResult
    public func markFailed(_ message: OutboxMessage, error: String, permanent: Bool = false, policy: RetryPolicy,
                           notSoonerThan: Duration? = nil, at now: Date = Date()) async throws -> Bool {
        let dead = permanent || message.attempts >= policy.maxAttempts
        let asked = notSoonerThan.map { min(max(RetryPolicy.millis($0), 0), 86_400_000) } ?? 0
        let next = Clock.millis(now) + (dead ? 0 : max(RetryPolicy.millis(policy.delay(afterAttempts: message.attempts)), asked))
        return try await report(message, """
            UPDATE outbox_messages SET status = \(bind: dead ? "dead" : "failed"), next_attempt_at = \(bind: next),
              last_error = \(bind: String(error.prefix(2000)))
            WHERE id = \(bind: message.id) AND status = 'sending' AND attempts = \(bind: message.attempts)
            RETURNING id
            """, then: dead ? .failed : nil, reference: nil, detail: error, at: now)
    }

    /// Runs one report; when it still owned the message, the message's record on the customer's
    /// timeline follows (`then`), in the same transaction.
    private func report(_ message: OutboxMessage, _ query: SQLQueryString, then status: ChannelMessageStatus?, reference: String?,
                        detail: String?, at now: Date) async throws -> Bool {
        try await database.transaction { db in
            guard try await db.raw(query).first() != nil else { return false }
            if let status {
                try await ChannelMessages.follow(db, outboxMessageId: message.id, status: status, reference: reference, detail: detail, at: now)
            }
            return true
        }
    }

    /// One message by id.
    public func get(_ id: Int64, by principal: Principal) async throws -> OutboxMessage {
        try principal.require(.channelsManage, to: "read the outbox")
        guard let row = try await database.sql.raw("SELECT \(unsafeRaw: OutboxMessage.columns) FROM outbox_messages WHERE id = \(bind: id)").first() else {
            throw StoreError.notFound(entity: "outbox message", id: String(id))
        }
        return try OutboxMessage(row: row)
    }

    /// Messages in `status` (the dead letters by default), newest first.
    public func list(status: OutboxStatus = .dead, after: Int64?, limit: Int, by principal: Principal) async throws -> Page<OutboxMessage> {
        try principal.require(.channelsManage, to: "read the outbox")
        return try await page("status = \(bind: status.rawValue)", after: after, limit: limit)
    }

    /// One keyset page of the messages matching `filter`, newest first.
    func page(_ filter: SQLQueryString, after: Int64?, limit: Int) async throws -> Page<OutboxMessage> {
        let size = max(1, min(limit, Page<OutboxMessage>.maxLimit))
        let rows = try await database.sql.raw("""
            SELECT \(unsafeRaw: OutboxMessage.columns) FROM outbox_messages
            WHERE \(filter) AND id < \(bind: after ?? Int64.max) ORDER BY id DESC LIMIT \(bind: size + 1)
            """).all().map(OutboxMessage.init(row:))
        let items = Array(rows.prefix(size))
        return Page(items: items, next: rows.count > size ? items.last.map { Cursor.encode($0.id) } : nil)
    }

    /// Queues a dead (or failed) message again with a fresh count of attempts.
    public func replay(_ id: Int64, by principal: Principal, at now: Date = Date()) async throws -> OutboxMessage {
        try principal.require(.channelsManage, to: "replay outbox messages")
        let replayed = try await database.transaction { db in
            let replayed = try await db.raw("""
                UPDATE outbox_messages SET status = 'queued', attempts = 0, next_attempt_at = \(bind: Clock.millis(now))
                WHERE id = \(bind: id) AND status IN ('dead', 'failed') RETURNING id
                """).first() != nil
            if replayed { try await ChannelMessages.follow(db, outboxMessageId: id, status: .queued, reference: nil, detail: nil, at: now) }
            return replayed
        }
        guard replayed else {
            _ = try await get(id, by: principal)
            throw StoreError.conflict("only a dead or failed message is replayed; this one is not")
        }
        return try await get(id, by: principal)
    }
}

extension Outbox {
    /// A webhook subscription's delivery log: every message queued for it, newest first, in any state.
    public func deliveries(subscriptionId: Int64, after: Int64?, limit: Int, by principal: Principal) async throws -> Page<OutboxMessage> {
        try principal.require(.channelsManage, to: "read the outbox")
        guard try await database.sql.raw("SELECT id FROM webhook_subscriptions WHERE id = \(bind: subscriptionId)").first() != nil else {
            throw StoreError.notFound(entity: "webhook", id: String(subscriptionId))
        }
        return try await page("subscription_id = \(bind: subscriptionId)", after: after, limit: limit)
    }

    /// How many messages are in each state (the channels page's overview).
    public func counts(by principal: Principal) async throws -> [OutboxStatus: Int] {
        try principal.require(.channelsManage, to: "read the outbox")
        let rows = try await database.sql.raw("SELECT status, COUNT(*) AS n FROM outbox_messages GROUP BY status").all()
        var counts: [OutboxStatus: Int] = [:]
        for row in rows {
            if let status = OutboxStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                counts[status] = Int(try row.decode(column: "n", as: Int64.self))
            }
        }
        return counts
    }
}
