import Foundation
import PeyvandChannels
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import Testing

/// Two workers, as two `serve` instances would run them, against one PostgreSQL: every message
/// reaches the receiver exactly once.
@Suite("two outbox workers on one PostgreSQL")
struct TwoWorkersTests {
    @Test("two workers deliver 120 messages, each exactly once", .enabled(if: TestDatabase.kinds.contains("postgres")))
    func noDoubleSend() async throws {
        let peer = try await LoopbackPeer.start(secret: WebhookDeliveryTests.secret)
        defer { peer.stop() }
        try await TestDatabase.with("postgres") { db in
            let admin = try await TestDatabase.admin(db)
            let (sub, _) = try await WebhookSubscriptions(db).create(url: peer.url, eventTypes: ["customer.created"],
                                                                     secret: WebhookDeliveryTests.secret, by: admin)
            let outbox = Outbox(db)
            for n in 0..<120 {
                try await outbox.enqueue(OutgoingMessage(channel: .webhook, idempotencyKey: "m\(n)", subscriptionId: sub.id,
                                                         eventType: "customer.created", recipient: peer.url, payload: #"{"n":\#(n)}"#))
            }
            let other = try Database.open(db.url, poolSize: 4)
            let workers = [db, other].map { OutboxWorker(database: $0, channels: [WebhookChannel(database: $0)], batchSize: 7) }
            let handled = try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in workers {
                    group.addTask {
                        var total = 0
                        while true {
                            let n = try await worker.runOnce()
                            if n == 0 { return total }
                            total += n
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            try await other.shutdown()
            let keys = await peer.received.map(\.delivery)
            #expect(keys.count == 120)
            #expect(Set(keys).count == 120, "no message was sent twice")
            #expect(handled.reduce(0, +) == 120)
            #expect(handled.allSatisfy { $0 > 0 }, "both workers took part: \(handled)")
        }
    }
}
