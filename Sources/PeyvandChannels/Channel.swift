import PeyvandCore
import PeyvandStore

/// What a channel's peer answered to one attempt.
public enum DeliveryResult: Sendable, Equatable {
    /// Accepted (a 2xx, an SMTP 250); `reference` is the peer's id for it, if any.
    case sent(reference: String?)
    /// Not accepted this time (a 5xx, a time-out, a 4xx that may pass later): retried with back-off.
    case retry(String)
    /// Not accepted this time, and the peer said when to come back (a bot API's 429 with
    /// `retry_after`): retried no sooner than that, and no sooner than the back-off.
    case retryAfter(String, Duration)
    /// Refused for good (no such recipient, the subscription is gone): dead at once.
    case reject(String)
}

/// One way of sending: email, SMS, a messenger bot, a webhook. The outbox worker hands it one
/// claimed message at a time; a thrown error counts as `.retry`.
public protocol Channel: Sendable {
    var kind: ChannelKind { get }
    func deliver(_ message: OutboxMessage) async throws -> DeliveryResult
}
