import Foundation
import PeyvandCore
import SQLKit

/// Something that happened, told to the webhook subscribers: written to the outbox inside the
/// transaction of the change itself, so an event is sent exactly when its change is stored.
public enum DomainEvents {
    /// The body every subscriber receives: `{"id", "type", "occurredAt", "data"}`.
    struct Body: Encodable {
        let id: String
        let type: String
        let occurredAt: String
        let data: [String: String]
    }

    /// Enqueues `type` with `data` for every active subscription to it, one message each, keyed
    /// `<event id>.<subscription id>` (the `Peyvand-Delivery` header).
    static func publish(_ db: any SQLDatabase, _ type: String, customerId: Int64?, data: [String: String], at now: Date = Date()) async throws {
        let subscriptions = try await WebhookSubscriptions.active(db, for: type)
        guard !subscriptions.isEmpty else { return }
        let eventId = "evt_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let body = JSONText.encode(Body(id: eventId, type: type, occurredAt: formatter.string(from: now), data: data))
        for subscription in subscriptions {
            try await Outbox.enqueue(OutgoingMessage(
                channel: .webhook, idempotencyKey: "\(eventId).\(subscription.id)", customerId: customerId,
                subscriptionId: subscription.id, eventType: type, recipient: subscription.url, payload: body
            ), in: db, at: now)
        }
    }

    /// An interaction stored on a customer's timeline (logged by staff or arrived on a channel).
    static func interaction(_ db: any SQLDatabase, id: Int64, customerId: Int64, kind: InteractionKind, direction: Direction?) async throws {
        var data = ["customerId": String(customerId), "interactionId": String(id), "kind": kind.rawValue]
        if let direction { data["direction"] = direction.rawValue }
        try await publish(db, "interaction.created", customerId: customerId, data: data)
    }

    /// A customer's event: its id, name and version after the change, and which fields changed.
    static func customer(_ db: any SQLDatabase, _ type: String, id: Int64, name: String, changed: [String] = []) async throws {
        var data = ["customerId": String(id), "name": name]
        if !changed.isEmpty { data["changed"] = changed.joined(separator: ",") }
        try await publish(db, type, customerId: id, data: data)
    }
}
