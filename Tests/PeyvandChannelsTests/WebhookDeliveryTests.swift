import Foundation
import PeyvandChannels
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

/// Webhooks delivered from the outbox to a real HTTP receiver on loopback.
@Suite("webhook delivery from the outbox")
struct WebhookDeliveryTests {
    static let secret = "whsec_test-secret"

    /// A subscription to customer events pointing at `peer`, and a worker with a short back-off.
    static func setUp(_ db: Database, _ peer: LoopbackPeer, maxAttempts: Int = 5) async throws -> (Principal, OutboxWorker) {
        let admin = try await TestDatabase.admin(db)
        _ = try await WebhookSubscriptions(db).create(url: peer.url, eventTypes: ["customer.created", "customer.updated"],
                                                      secret: secret, by: admin)
        let worker = OutboxWorker(database: db, channels: [WebhookChannel(database: db)],
                                  policy: RetryPolicy(base: .seconds(30), cap: .seconds(3600), maxAttempts: maxAttempts))
        return (admin, worker)
    }

    static func messages(_ db: Database) async throws -> [(status: String, attempts: Int, key: String)] {
        try await db.sql.raw("SELECT status, attempts, idempotency_key FROM outbox_messages ORDER BY id").all().map {
            (try $0.decode(column: "status", as: String.self), Int(try $0.decode(column: "attempts", as: Int64.self)),
             try $0.decode(column: "idempotency_key", as: String.self))
        }
    }

    @Test("a new and an edited customer are posted, signed, with their event and delivery key", arguments: TestDatabase.kinds)
    func delivered(kind: String) async throws {
        let peer = try await LoopbackPeer.start(secret: Self.secret)
        defer { peer.stop() }
        try await TestDatabase.with(kind) { db in
            let (admin, worker) = try await Self.setUp(db, peer)
            let customers = CustomerRepository(db)
            let created = try await customers.create(CustomerInput(name: "سارا رضایی"), by: admin)
            _ = try await customers.update(created.id, with: CustomerInput(name: "سارا رضایی", city: "تهران"), expectedVersion: nil, by: admin)
            #expect(try await Self.messages(db).map(\.status) == ["queued", "queued"])
            #expect(try await worker.runOnce() == 2)
            let got = await peer.received
            #expect(got.map(\.event) == ["customer.created", "customer.updated"])
            #expect(got.allSatisfy { $0.signatureValid })
            #expect(got.map(\.delivery) == (try await Self.messages(db).map(\.key)))
            #expect(got[0].body.contains("\"customerId\":\"\(created.id)\""))
            #expect(got[1].body.contains("\"changed\":\"city\""))
            #expect(try await Self.messages(db).map(\.status) == ["sent", "sent"])
            #expect(try await worker.runOnce() == 0, "nothing is sent twice")
        }
    }

    @Test("a 500 is retried after the back-off, then sent", arguments: TestDatabase.kinds)
    func retried(kind: String) async throws {
        let peer = try await LoopbackPeer.start(secret: Self.secret, statuses: [500])
        defer { peer.stop() }
        try await TestDatabase.with(kind) { db in
            let (admin, worker) = try await Self.setUp(db, peer)
            _ = try await CustomerRepository(db).create(CustomerInput(name: "Reza"), by: admin)
            #expect(try await worker.runOnce() == 1)
            let failed = try await Self.messages(db)
            #expect(failed.map(\.status) == ["failed"] && failed[0].attempts == 1)
            #expect(try await worker.runOnce(now: Date().addingTimeInterval(10)) == 0, "not before the back-off")
            #expect(try await worker.runOnce(now: Date().addingTimeInterval(31)) == 1)
            #expect(try await Self.messages(db).map(\.status) == ["sent"])
            let got = await peer.received
            #expect(got.count == 2 && got[0].delivery == got[1].delivery, "the retry carries the same delivery key")
        }
    }

    @Test("after the last failed attempt a message is dead, listed for administrators, and replayed", arguments: TestDatabase.kinds)
    func deadAndReplayed(kind: String) async throws {
        let peer = try await LoopbackPeer.start(secret: Self.secret, statuses: [500, 502, 503])
        defer { peer.stop() }
        try await TestDatabase.with(kind) { db in
            let (admin, worker) = try await Self.setUp(db, peer, maxAttempts: 3)
            _ = try await CustomerRepository(db).create(CustomerInput(name: "Dead letter"), by: admin)
            var clock = Date()
            for _ in 0..<3 {
                #expect(try await worker.runOnce(now: clock) == 1)
                clock = clock.addingTimeInterval(3600)
            }
            #expect(try await Self.messages(db).map(\.status) == ["dead"])
            #expect(try await worker.runOnce(now: clock.addingTimeInterval(86_400)) == 0, "the dead are not retried")
            let outbox = Outbox(db)
            let dead = try await outbox.list(status: .dead, after: nil, limit: 50, by: admin)
            #expect(dead.items.count == 1 && dead.items[0].lastError == "the receiver answered 503")
            let rep = try await UserRepository(db).create(email: "rep@example.test", name: "Rep", role: .salesRep, password: "long enough pw").principal
            await #expect(throws: StoreError.self) { _ = try await outbox.list(after: nil, limit: 50, by: rep) }
            await #expect(throws: StoreError.self) { _ = try await outbox.replay(dead.items[0].id, by: rep) }
            let replayed = try await outbox.replay(dead.items[0].id, by: admin)
            #expect(replayed.status == .queued && replayed.attempts == 0)
            #expect(try await worker.runOnce() == 1)
            #expect(try await Self.messages(db).map(\.status) == ["sent"])
            #expect(await peer.received.count == 4)
        }
    }

    @Test("enqueueing one idempotency key twice delivers once", arguments: TestDatabase.kinds)
    func idempotent(kind: String) async throws {
        let peer = try await LoopbackPeer.start(secret: Self.secret)
        defer { peer.stop() }
        try await TestDatabase.with(kind) { db in
            let (admin, worker) = try await Self.setUp(db, peer)
            let id = try await WebhookSubscriptions(db).list(by: admin)[0].id
            let message = OutgoingMessage(channel: .webhook, idempotencyKey: "order-7-confirmed", subscriptionId: id,
                                          eventType: "customer.updated", recipient: peer.url, payload: #"{"n":1}"#)
            try await Outbox(db).enqueue(message)
            try await Outbox(db).enqueue(message)
            #expect(try await worker.runOnce() == 1)
            try await Outbox(db).enqueue(message)
            #expect(try await worker.runOnce() == 0)
            #expect(await peer.received.map(\.delivery) == ["order-7-confirmed"])
        }
    }

    @Test("a message whose worker died is claimed again when its lease runs out; the dead worker's late report is ignored",
          arguments: TestDatabase.kinds)
    func leaseExpiry(kind: String) async throws {
        let peer = try await LoopbackPeer.start(secret: Self.secret)
        defer { peer.stop() }
        try await TestDatabase.with(kind) { db in
            let (admin, worker) = try await Self.setUp(db, peer)
            _ = try await CustomerRepository(db).create(CustomerInput(name: "Killed"), by: admin)
            let outbox = Outbox(db)
            let lost = try await outbox.claim(limit: 10, lease: .seconds(60))
            #expect(lost.count == 1)
            #expect(try await worker.runOnce(now: Date().addingTimeInterval(30)) == 0, "held while the lease runs")
            #expect(try await worker.runOnce(now: Date().addingTimeInterval(61)) == 1)
            #expect(try await outbox.markSent(lost[0]) == false)
            #expect(try await outbox.markFailed(lost[0], error: "late", policy: RetryPolicy()) == false)
            let rows = try await Self.messages(db)
            #expect(rows.map(\.status) == ["sent"] && rows[0].attempts == 2)
            #expect(await peer.received.count == 1)
        }
    }

    @Test("subscriptions are for administrators, and refuse a bad address or an unknown event")
    func subscriptionRules() async throws {
        try await TestDatabase.with("sqlite") { db in
            let admin = try await TestDatabase.admin(db)
            let subs = WebhookSubscriptions(db)
            let rep = try await UserRepository(db).create(email: "rep@example.test", name: "Rep", role: .salesRep, password: "long enough pw").principal
            await #expect(throws: StoreError.self) { _ = try await subs.create(url: "https://x.test/h", eventTypes: ["customer.created"], by: rep) }
            await #expect(throws: StoreError.self) { _ = try await subs.create(url: "ftp://x.test/h", eventTypes: ["customer.created"], by: admin) }
            await #expect(throws: StoreError.self) { _ = try await subs.create(url: "https://x.test/h", eventTypes: ["order.eaten"], by: admin) }
            let (made, secret) = try await subs.create(url: "https://x.test/h", eventTypes: ["customer.created"], by: admin)
            #expect(secret.hasPrefix("whsec_"))
            try await subs.delete(made.id, by: admin)
            _ = try await CustomerRepository(db).create(CustomerInput(name: "Nobody listens"), by: admin)
            #expect(try await Self.messages(db).isEmpty, "a deleted subscription gets no events")
        }
    }

    @Test("a signature verifies only with its secret, body and a recent timestamp")
    func signature() {
        let body = Array(#"{"a":1}"#.utf8)
        let now = Date()
        let header = WebhookSignature.header(body: body, secret: "s1", timestamp: Int64(now.timeIntervalSince1970))
        #expect(WebhookSignature.verify(header, body: body, secret: "s1", now: now))
        #expect(!WebhookSignature.verify(header, body: body, secret: "s2", now: now))
        #expect(!WebhookSignature.verify(header, body: Array(#"{"a":2}"#.utf8), secret: "s1", now: now))
        #expect(!WebhookSignature.verify(header, body: body, secret: "s1", now: now.addingTimeInterval(600)))
        #expect(!WebhookSignature.verify("t=1,v1=00", body: body, secret: "s1", now: now))
    }
}
