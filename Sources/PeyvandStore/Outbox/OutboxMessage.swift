import Foundation
import PeyvandCore
import SQLKit

/// Where an outgoing message is in its life.
public enum OutboxStatus: String, Sendable, Codable, CaseIterable {
    /// Written, waiting for its first attempt.
    case queued
    /// Claimed by a worker whose lease has not run out.
    case sending
    /// Accepted by the peer (a 2xx, an SMTP 250).
    case sent
    /// Confirmed delivered by the peer's report (SMS delivery reports).
    case delivered
    /// The last attempt failed; retried at `nextAttemptAt`.
    case failed
    /// Every attempt failed (or the peer refused it for good); waits for an administrator's replay.
    case dead
}

/// A message to write to the outbox, in the transaction of what caused it.
public struct OutgoingMessage: Sendable {
    public var channel: ChannelKind
    /// The same key twice is one message: the second enqueue is a no-op.
    public var idempotencyKey: String
    public var customerId: Int64?
    public var subscriptionId: Int64?
    public var eventType: String?
    public var recipient: String
    /// What the channel sends, as JSON text (a webhook's body as it is posted).
    public var payload: String
    /// Not attempted before this (a marketing message waits out quiet hours).
    public var notBefore: Date?

    public init(channel: ChannelKind, idempotencyKey: String, customerId: Int64? = nil, subscriptionId: Int64? = nil,
                eventType: String? = nil, recipient: String, payload: String, notBefore: Date? = nil) {
        self.channel = channel
        self.idempotencyKey = idempotencyKey
        self.customerId = customerId
        self.subscriptionId = subscriptionId
        self.eventType = eventType
        self.recipient = recipient
        self.payload = payload
        self.notBefore = notBefore
    }
}

/// One row of the outbox.
public struct OutboxMessage: Sendable, Hashable {
    public let id: Int64
    public let channel: String
    public let idempotencyKey: String
    public let customerId: Int64?
    public let subscriptionId: Int64?
    public let eventType: String?
    public let recipient: String
    public let payload: String
    public let status: OutboxStatus
    /// Attempts started so far (a claim counts as one).
    public let attempts: Int
    public let nextAttemptAt: Date
    public let lastError: String?
    public let createdAt: Date
    public let sentAt: Date?

    static let columns = """
        id, channel, idempotency_key, customer_id, subscription_id, event_type, recipient, payload, status, attempts,
        next_attempt_at, last_error, created_at, sent_at
        """

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
        channel = try row.decode(column: "channel", as: String.self)
        idempotencyKey = try row.decode(column: "idempotency_key", as: String.self)
        customerId = try row.decode(column: "customer_id", as: Int64?.self)
        subscriptionId = try row.decode(column: "subscription_id", as: Int64?.self)
        eventType = try row.decode(column: "event_type", as: String?.self)
        recipient = try row.decode(column: "recipient", as: String.self)
        payload = try row.decode(column: "payload", as: String.self)
        status = OutboxStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed
        attempts = Int(try row.decode(column: "attempts", as: Int64.self))
        nextAttemptAt = Clock.date(try row.decode(column: "next_attempt_at", as: Int64.self))
        lastError = try row.decode(column: "last_error", as: String?.self)
        createdAt = Clock.date(try row.decode(column: "created_at", as: Int64.self))
        sentAt = try row.decode(column: "sent_at", as: Int64?.self).map(Clock.date)
    }
}

/// How often and how long a failing message is retried: `base × 2^(attempts−1)`, at most `cap`,
/// and dead after `maxAttempts`.
public struct RetryPolicy: Sendable {
    public var base: Duration
    public var cap: Duration
    public var maxAttempts: Int

    public init(base: Duration = .seconds(30), cap: Duration = .seconds(6 * 3600), maxAttempts: Int = 10) {
        self.base = base
        self.cap = cap
        self.maxAttempts = maxAttempts
    }

    /// The wait before the next attempt after `attempts` failed ones (1 → base).
    public func delay(afterAttempts attempts: Int) -> Duration {
        let exponent = min(max(attempts - 1, 0), 30)
        let millis = Self.millis(base).multipliedReportingOverflow(by: Int64(1) << exponent)
        return millis.overflow ? cap : min(.milliseconds(millis.partialValue), cap)
    }

    static func millis(_ d: Duration) -> Int64 {
        let (seconds, attos) = d.components
        return seconds * 1000 + attos / 1_000_000_000_000_000
    }
}
