import Foundation
import PeyvandCore
import SQLKit

/// Where an administrator wants events posted.
public struct WebhookSubscription: Sendable, Hashable {
    public let id: Int64
    public let url: String
    public let eventTypes: [String]
    public let active: Bool
    public let createdAt: Date
}

/// Webhook subscriptions, managed by administrators. The secret signs every delivery; it is
/// shown once, when the subscription is made, and never listed.
public struct WebhookSubscriptions: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// The events a subscription may name.
    public static let eventTypes = ["customer.created", "customer.updated", "interaction.created", "lead.converted", "lead.created", "lead.disqualified"]
        + CommerceEvents.eventTypes.values.sorted() + DealEvents.types

    /// Subscribes `url` to `eventTypes`; the answer carries the signing secret (made here unless given).
    public func create(url: String, eventTypes: [String], secret: String? = nil, by principal: Principal) async throws -> (WebhookSubscription, secret: String) {
        try principal.require(.channelsManage, to: "manage webhooks")
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        guard url.unicodeScalars.count <= 2000, let parsed = URL(string: trimmed), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
              let host = parsed.host, !host.isEmpty else {
            throw StoreError.invalid(ValidationError(field: "url", reason: "an http:// or https:// address", code: "webhook.url"))
        }
        let events = Array(Set(eventTypes)).sorted()
        guard !events.isEmpty, eventTypes.count <= 50, events.allSatisfy(Self.eventTypes.contains) else {
            throw StoreError.invalid(ValidationError(field: "eventTypes", reason: "one or more of \(Self.eventTypes.joined(separator: ", "))",
                                                     code: "webhook.events", params: ["known": Self.eventTypes.joined(separator: ", ")]))
        }
        let secret = secret ?? Secrets.token(prefix: "whsec_")
        let now = Clock.nowMillis()
        let creator: Int64? = principal.userId > 0 ? principal.userId : nil
        let id = try await database.transaction { db in
            try await db.raw("""
                INSERT INTO webhook_subscriptions (url, event_types, secret, active, created_by, created_at)
                VALUES (\(bind: trimmed), \(bind: JSONText.encode(events)), \(bind: secret), \(bind: true), \(bind: creator), \(bind: now))
                RETURNING id
                """).first()!.decode(column: "id", as: Int64.self)
        }
        return (WebhookSubscription(id: id, url: trimmed, eventTypes: events, active: true, createdAt: Clock.date(now)), secret)
    }

    /// Every subscription, newest first (a handful; not paginated beyond `limit`).
    public func list(by principal: Principal, limit: Int = 500) async throws -> [WebhookSubscription] {
        try principal.require(.channelsManage, to: "manage webhooks")
        return try await database.sql.raw("""
            SELECT id, url, event_types, active, created_at FROM webhook_subscriptions ORDER BY id DESC LIMIT \(bind: max(1, min(limit, 500)))
            """).all().map(Self.subscription)
    }

    /// Stops a subscription: nothing more is enqueued for it; what is queued fails for good.
    public func delete(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.channelsManage, to: "manage webhooks")
        let found = try await database.transaction { db in
            try await db.raw("UPDATE webhook_subscriptions SET active = \(bind: false) WHERE id = \(bind: id) RETURNING id").first() != nil
        }
        guard found else { throw StoreError.notFound(entity: "webhook", id: String(id)) }
    }

    /// The signing secret of an active subscription, for the delivering channel; nil when it is gone.
    public func signingSecret(_ id: Int64) async throws -> String? {
        try await database.sql.raw("SELECT secret FROM webhook_subscriptions WHERE id = \(bind: id) AND active = \(bind: true)")
            .first()?.decode(column: "secret", as: String.self)
    }

    /// The active subscriptions to `eventType`, read inside the caller's transaction.
    static func active(_ db: any SQLDatabase, for eventType: String) async throws -> [WebhookSubscription] {
        try await db.raw("SELECT id, url, event_types, active, created_at FROM webhook_subscriptions WHERE active = \(bind: true)")
            .all().map(subscription).filter { $0.eventTypes.contains(eventType) }
    }

    static func subscription(_ row: any SQLRow) throws -> WebhookSubscription {
        WebhookSubscription(
            id: try row.decode(column: "id", as: Int64.self),
            url: try row.decode(column: "url", as: String.self),
            eventTypes: JSONText.decode([String].self, try row.decode(column: "event_types", as: String.self)) ?? [],
            active: try row.decode(column: "active", as: Bool.self),
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self))
        )
    }
}
