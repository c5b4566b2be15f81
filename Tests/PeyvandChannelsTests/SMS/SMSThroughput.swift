import Foundation
import PeyvandChannels
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import Testing

/// A measurement, not a test: how many SMS one outbox worker (batch 20) hands to the loopback
/// Kavenegar peer per second. Runs only when asked:
/// `PEYVAND_SMS_THROUGHPUT=2000 swift test --skip-build --filter SMSThroughput` (add
/// PEYVAND_TEST_POSTGRES_URL for PostgreSQL too). Figures go to docs/performance.md.
@Suite("SMS outbox throughput", .serialized, .enabled(if: ProcessInfo.processInfo.environment["PEYVAND_SMS_THROUGHPUT"] != nil))
struct SMSThroughput {
    @Test("messages per second through one worker", arguments: TestDatabase.kinds)
    func measure(kind: String) async throws {
        let count = Int(ProcessInfo.processInfo.environment["PEYVAND_SMS_THROUGHPUT"] ?? "") ?? 2_000
        let peer = try await KavenegarPeer.start()
        defer { peer.stop() }
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let customer = try await CustomerRepository(db).create(CustomerInput(name: "مریم", phones: ["09121234567"], consents: ["sms": true]), by: admin)
            for i in 0..<count {
                _ = try await CustomerSMS(db).send(customerId: customer.id, text: "سفارش \(i) شما فرستاده شد.", to: nil, language: "fa",
                                                   idempotencyKey: "bench-\(i)", by: admin)
            }
            let channel = SMSChannel(provider: KavenegarProvider(apiKey: "k", baseURL: peer.baseURL), sender: "30004554")
            let worker = OutboxWorker(database: db, channels: [channel], batchSize: 20)
            let clock = ContinuousClock()
            let started = clock.now
            var sent = 0
            while true {
                let n = try await worker.runOnce()
                if n == 0 { break }
                sent += n
            }
            let elapsed = clock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let received = await peer.state.requests.count
            print("SMS throughput [\(kind)]: \(sent) messages in \(String(format: "%.2f", seconds)) s = \(String(format: "%.0f", Double(sent) / seconds)) messages/s (gateway received \(received))")
            #expect(sent == count && received == count)
        }
    }
}
