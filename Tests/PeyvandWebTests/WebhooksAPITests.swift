import Foundation
import Hummingbird
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

@Suite("Webhooks and outbox API")
struct WebhooksAPITests {
    struct WebhookBody: Decodable { let id: String; let url: String; let eventTypes: [String]; let active: Bool; let secret: String? }
    struct MessageBody: Decodable { let id: String; let status: String; let attempts: Int; let eventType: String? }

    @Test("administrators subscribe, list and stop webhooks; customer events are queued; others get 403")
    func lifecycle() async throws {
        try await TestApp.with { app, client in
            let made = try await client.send(.post, "/api/v1/webhooks", headers: app.auth,
                                             json: #"{"url":"https://hooks.example.test/p","eventTypes":["customer.created"]}"#)
            #expect(made.status == .created)
            let hook = try made.decoded(WebhookBody.self)
            #expect(hook.secret?.hasPrefix("whsec_") == true && made.headers[.location] == "/api/v1/webhooks/\(hook.id)")
            let listed = try await client.send(.get, "/api/v1/webhooks", headers: app.auth).decoded(ListOf<WebhookBody>.self)
            #expect(listed.items.map(\.id) == [hook.id] && listed.items[0].secret == nil)
            let bad = try await client.send(.post, "/api/v1/webhooks", headers: app.auth, json: #"{"url":"mailto:x","eventTypes":["nope"]}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.decoded(ProblemBody.self).error("url")?.code == "webhook.url")
            let created = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"Hooked"}"#)
            #expect(created.status == .created)
            let queued = try await client.send(.get, "/api/v1/outbox?status=queued", headers: app.auth).decoded(ListOf<MessageBody>.self)
            #expect(queued.items.map(\.eventType) == ["customer.created"])
            let log = try await client.send(.get, "/api/v1/webhooks/\(hook.id)/deliveries", headers: app.auth).decoded(ListOf<MessageBody>.self)
            #expect(log.items.map(\.status) == ["queued"], "the delivery log lists what was queued for the subscription")
            #expect(try await client.send(.get, "/api/v1/webhooks/999/deliveries", headers: app.auth).status == .notFound)
            let notDead = try await client.send(.post, "/api/v1/outbox/\(queued.items[0].id)/replay", headers: app.auth)
            #expect(notDead.status == .conflict)
            #expect(try await client.send(.post, "/api/v1/outbox/999/replay", headers: app.auth).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/outbox?status=lost", headers: app.auth).status == .badRequest)
            let dead = try await client.send(.get, "/api/v1/outbox", headers: app.auth).decoded(ListOf<MessageBody>.self)
            #expect(dead.items.isEmpty && dead.next == nil)
            let (_, repToken) = try await app.token(for: .salesRep, email: "rep@example.test")
            let rep: HTTPFields = [.authorization: "Bearer \(repToken)", .contentType: "application/json"]
            for (method, path) in [(HTTPRequest.Method.get, "/api/v1/webhooks"), (.get, "/api/v1/outbox"),
                                   (.delete, "/api/v1/webhooks/\(hook.id)"), (.post, "/api/v1/outbox/1/replay")] {
                #expect(try await client.send(method, path, headers: rep).status == .forbidden, "\(method) \(path)")
            }
            #expect(try await client.send(.delete, "/api/v1/webhooks/\(hook.id)", headers: app.auth).status == .noContent)
            #expect(try await client.send(.delete, "/api/v1/webhooks/999", headers: app.auth).status == .notFound)
        }
    }
}
