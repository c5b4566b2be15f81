import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/webhooks`: administrators subscribe URLs to events; `/api/v1/outbox`: they read the
/// dead letters and replay them. The store refuses everyone without `channels.manage`.
struct WebhooksController {
    let subscriptions: WebhookSubscriptions
    let outbox: Outbox

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("webhooks", use: list)
        group.post("webhooks", use: create)
        group.delete("webhooks/:id", use: delete)
        group.get("webhooks/:id/deliveries", use: deliveries)
        group.get("outbox", use: messages)
        group.post("outbox/:id/replay", use: replay)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let items = try await subscriptions.list(by: try context.principal()).map { WebhookDTO($0, secret: nil) }
        return try JSONResponse.make(ListBody(items: items, next: nil))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.channelsManage, to: "manage webhooks")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["url", "eventTypes"])
        let url = body.string("url")
        let events = body.strings("eventTypes", max: 50)
        if url == nil, !body.has("url") || body.isNull("url") { body.append(FieldIssue(field: "url", reason: "required", code: "required")) }
        if events == nil, !body.has("eventTypes") || body.isNull("eventTypes") {
            body.append(FieldIssue(field: "eventTypes", reason: "required", code: "required"))
        }
        try body.check()
        guard let url, let events else { throw Problem.badRequest("url and eventTypes are required", field: "url") }
        let (made, secret) = try await subscriptions.create(url: url, eventTypes: events, by: principal)
        return try JSONResponse.make(WebhookDTO(made, secret: secret), status: .created,
                                     headers: [.location: "/api/v1/webhooks/\(made.id)"])
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await subscriptions.delete(try RouteID.require(context, resource: "webhook"), by: try context.principal())
        return Response(status: .noContent)
    }

    @Sendable func messages(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var status = OutboxStatus.dead
        if let raw = query.get("status"), !raw.isEmpty {
            guard let parsed = OutboxStatus(rawValue: raw) else {
                throw Problem.badRequest("status must be one of \(OutboxStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
            }
            status = parsed
        }
        let after = try ListQuery.after(request, Cursor.decode)
        let page = try await outbox.list(status: status, after: after, limit: try ListQuery.limit(request), by: try context.principal())
        return try JSONResponse.make(ListBody(items: page.items.map(OutboxMessageDTO.init), next: page.next))
    }

    @Sendable func deliveries(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "webhook")
        let after = try ListQuery.after(request, Cursor.decode)
        let page = try await outbox.deliveries(subscriptionId: id, after: after, limit: try ListQuery.limit(request), by: try context.principal())
        return try JSONResponse.make(ListBody(items: page.items.map(OutboxMessageDTO.init), next: page.next))
    }

    @Sendable func replay(_ request: Request, context: AppRequestContext) async throws -> Response {
        let message = try await outbox.replay(try RouteID.require(context, resource: "outbox message"), by: try context.principal())
        return try JSONResponse.make(OutboxMessageDTO(message))
    }
}

struct WebhookDTO: Encodable {
    let id: String
    let url: String
    let eventTypes: [String]
    let active: Bool
    let createdAt: Date
    /// Only in the answer to the POST that made it.
    let secret: String?

    init(_ s: WebhookSubscription, secret: String?) {
        id = String(s.id)
        url = s.url
        eventTypes = s.eventTypes
        active = s.active
        createdAt = s.createdAt
        self.secret = secret
    }
}

struct OutboxMessageDTO: Encodable {
    let id: String
    let channel: String
    let idempotencyKey: String
    let customerId: String?
    let eventType: String?
    let recipient: String
    let status: String
    let attempts: Int
    let nextAttemptAt: Date
    let lastError: String?
    let createdAt: Date
    let sentAt: Date?

    init(_ m: OutboxMessage) {
        id = String(m.id)
        channel = m.channel
        idempotencyKey = m.idempotencyKey
        customerId = m.customerId.map(String.init)
        eventType = m.eventType
        recipient = m.recipient
        status = m.status.rawValue
        attempts = m.attempts
        nextAttemptAt = m.nextAttemptAt
        lastError = m.lastError
        createdAt = m.createdAt
        sentAt = m.sentAt
    }
}
