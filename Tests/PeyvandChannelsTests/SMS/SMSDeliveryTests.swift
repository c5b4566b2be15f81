import Foundation
import PeyvandChannels
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

/// SMS written to the outbox reach a real Kavenegar-shaped gateway on loopback through the worker;
/// its reports and the customers' replies come back by polling and by the callback, once each.
@Suite("SMS through a Kavenegar-shaped gateway", .serialized)
struct SMSDeliveryTests {
    static let text = "سلام مریم، سفارش ۱۲۳ شما فرستاده شد. 🚚"

    /// A customer who agreed to SMS, and one message queued to them.
    static func queue(_ db: Database, admin: Principal, text: String = SMSDeliveryTests.text) async throws -> (Customer, CustomerSMS.Queued) {
        let maryam = try await CustomerRepository(db).create(CustomerInput(name: "مریم رضایی", phones: ["۰۹۱۲ ۱۲۳ ۴۵۶۷"], consents: ["sms": true]), by: admin)
        let queued = try #require(try await CustomerSMS(db).send(customerId: maryam.id, text: text, to: nil, language: "fa",
                                                                idempotencyKey: "order-123", by: admin))
        return (maryam, queued)
    }

    static func outbox(_ db: Database) async throws -> [(status: String, error: String?)] {
        try await db.sql.raw("SELECT status, last_error FROM outbox_messages WHERE channel = 'sms' ORDER BY id").all().map {
            (try $0.decode(column: "status", as: String.self), try $0.decode(column: "last_error", as: String?.self))
        }
    }

    static func channel(_ peer: KavenegarPeer, timeout: Int64 = 5) -> SMSChannel {
        SMSChannel(provider: KavenegarProvider(apiKey: "4F6A2B-test", baseURL: peer.baseURL, timeout: .seconds(timeout)), sender: "30004554")
    }

    @Test("a queued SMS reaches the gateway once with its form fields, is sent with the gateway's id, then delivered after polling",
          arguments: TestDatabase.kinds)
    func sentThenDelivered(kind: String) async throws {
        let peer = try await KavenegarPeer.start()
        defer { peer.stop() }
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let (maryam, queued) = try await Self.queue(db, admin: admin)
            #expect(try await CustomerSMS(db).send(customerId: maryam.id, text: Self.text, to: nil, language: "fa",
                                                   idempotencyKey: "order-123", by: admin) == nil, "the same key twice is one message")
            let channel = Self.channel(peer)
            let worker = OutboxWorker(database: db, channels: [channel])
            #expect(try await worker.runOnce() == 1)
            #expect(try await worker.runOnce() == 0, "nothing is sent twice")
            let requests = await peer.state.requests
            #expect(requests.count == 1)
            let fields = try #require(requests.first).fields
            #expect(requests.first?.key == "4F6A2B-test")
            #expect(fields["receptor"] == "09121234567")
            #expect(fields["message"] == Self.text)
            #expect(fields["sender"] == "30004554")
            #expect(fields["localid"] == String(queued.message.outboxMessageId))
            #expect(requests.first?.contentType.hasPrefix("application/x-www-form-urlencoded") == true)
            let record = try #require(try await ChannelMessages(db).get(queued.message.messageId))
            #expect(record.status == .sent && record.externalId == "8000000001")
            #expect(try await Self.outbox(db).map(\.status) == ["sent"])

            let poller = SMSPoller(provider: channel.provider, line: "30004554", database: db)
            #expect(try await poller.runOnce().reports == 0, "still queued at the operator: nothing final")
            await peer.state.setStatus("8000000001", 10)
            #expect(try await poller.runOnce().reports == 1)
            #expect(try await ChannelMessages(db).get(queued.message.messageId)?.status == .delivered)
            #expect(try await poller.runOnce().reports == 0, "a delivered message is not asked about again")
            let pushed = try #require(channel.provider.callback(["messageid": "8000000001", "status": "11"]))
            #expect(try await SMSPoller.apply(pushed, to: db) == false, "a late report never moves a delivered message back")
            #expect(await peer.state.statusQueries.count == 2)
        }
    }

    @Test("the gateway's codes: no credit and a failing server are retried, a bad number or key is dead, each saying why",
          arguments: TestDatabase.kinds)
    func errorCodes(kind: String) async throws {
        let peer = try await KavenegarPeer.start()
        defer { peer.stop() }
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let maryam = try await CustomerRepository(db).create(CustomerInput(name: "مریم", phones: ["09121234567"], consents: ["sms": true]), by: admin)
            for i in 0..<4 {
                _ = try await CustomerSMS(db).send(customerId: maryam.id, text: "پیام \(i)", to: nil, language: "fa", idempotencyKey: "k\(i)", by: admin)
            }
            await peer.state.answer([.code(418), .code(411), .http(500), .code(403)])
            let worker = OutboxWorker(database: db, channels: [Self.channel(peer)])
            #expect(try await worker.runOnce() == 4)
            let rows = try await Self.outbox(db)
            #expect(rows.map(\.status) == ["failed", "dead", "failed", "dead"])
            #expect(rows[0].error?.contains("418") == true && rows[0].error?.contains("top it up") == true)
            #expect(rows[1].error?.contains("receptor") == true)
            #expect(rows[3].error?.contains("API key") == true)
            #expect(await peer.state.handedOn == 0, "nothing reached a phone")
        }
    }

    @Test("a gateway that answers too late is retried with the same localid, and the message is handed on once",
          arguments: TestDatabase.kinds)
    func timeoutThenRetry(kind: String) async throws {
        let peer = try await KavenegarPeer.start()
        defer { peer.stop() }
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let (_, queued) = try await Self.queue(db, admin: admin)
            await peer.state.answer([.hang(.seconds(4))])
            let worker = OutboxWorker(database: db, channels: [Self.channel(peer, timeout: 1)])
            #expect(try await worker.runOnce() == 1)
            let first = try await Self.outbox(db)
            #expect(first.map(\.status) == ["failed"])
            #expect(first[0].error?.contains("same localid") == true)
            #expect(try await worker.runOnce(now: Date().addingTimeInterval(3600)) == 1)
            let requests = await peer.state.requests
            #expect(requests.count == 2)
            #expect(Set(requests.compactMap { $0.fields["localid"] }) == [String(queued.message.outboxMessageId)])
            #expect(await peer.state.handedOn == 1, "the gateway passed it on once")
            #expect(try await ChannelMessages(db).get(queued.message.messageId)?.externalId == "8000000001")
        }
    }

    @Test("a reply polled and pushed lands on the timeline once; STOP withdraws SMS consent, audited", arguments: TestDatabase.kinds)
    func inboundAndStop(kind: String) async throws {
        let peer = try await KavenegarPeer.start()
        defer { peer.stop() }
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let maryam = try await CustomerRepository(db).create(CustomerInput(name: "مریم", phones: ["09121234567"], consents: ["sms": true]), by: admin)
            let provider = KavenegarProvider(apiKey: "k", baseURL: peer.baseURL)
            let poller = SMSPoller(provider: provider, line: "30004554", database: db)
            await peer.state.addReply(.init(messageid: 9001, message: "سلام، کی می‌رسد؟", sender: "09121234567"))
            #expect(try await poller.runOnce().inbound == 1)
            let pushed = try #require(provider.callback(["messageid": "9001", "from": "09121234567", "to": "30004554", "message": "سلام، کی می‌رسد؟"]))
            #expect(try await SMSPoller.apply(pushed, to: db) == false, "the same reply pushed after it was polled is not stored again")
            var timeline = try await Timeline(db).page(of: maryam.id, InteractionQuery(limit: 50), by: admin)
            #expect(timeline.items.count == 1)

            let stop = try #require(provider.callback(["messageid": "9002", "from": "+989121234567", "message": " لغو "]))
            #expect(try await SMSPoller.apply(stop, to: db))
            #expect(try await SMSPoller.apply(stop, to: db) == false)
            let after = try await CustomerRepository(db).get(maryam.id, by: admin)
            #expect(after.fields.consents.sms == false)
            let audit = try await CustomerRepository(db).audit(maryam.id, by: admin)
            #expect(audit.contains { $0.actorName == "sms keyword" && $0.action == "update" })
            timeline = try await Timeline(db).page(of: maryam.id, InteractionQuery(limit: 50), by: admin)
            #expect(timeline.items.count == 2, "the keyword itself is on the timeline")
            // A stranger's reply makes a new contact, with no consent.
            await peer.state.addReply(.init(messageid: 9003, message: "STOP", sender: "09351112233"))
            #expect(try await poller.runOnce().inbound == 1)
        }
    }

    @Test("the generic adapter posts a JSON template to the same peer and reads the id from its answer")
    func generic() async throws {
        let peer = try await KavenegarPeer.start()
        defer { peer.stop() }
        try await TestDatabase.with("sqlite") { db in
            let admin = try await TestDatabase.admin(db)
            let (_, queued) = try await Self.queue(db, admin: admin, text: "Say \"hi\" & {text}\nبه‌زودی")
            let provider = GenericHTTPProvider(.init(urlTemplate: peer.baseURL + "/generic/send", method: "POST",
                                                     bodyTemplate: #"{"to":"{to}","text":"{text}","from":"{sender}","ref":"{id}"}"#,
                                                     bodyFormat: .json, headers: [("Authorization", "Bearer {key}")],
                                                     messageIdPath: "data.messageIds.0", apiKey: "secret-1"))
            let worker = OutboxWorker(database: db, channels: [SMSChannel(provider: provider, sender: "30004554")])
            #expect(try await worker.runOnce() == 1)
            let request = try #require(await peer.state.requests.first)
            #expect(request.key == "Bearer secret-1")
            #expect(request.contentType.hasPrefix("application/json"))
            #expect(request.fields["to"] == "+989121234567")
            #expect(request.fields["text"] == "Say \"hi\" & {text}\nبه‌زودی")
            #expect(request.fields["ref"] == String(queued.message.outboxMessageId))
            #expect(try await ChannelMessages(db).get(queued.message.messageId)?.externalId == "8000000001")
        }
    }

    @Test("what cannot be sent at all is refused before it is stored, each with its own code")
    func refusedBeforeQueueing() async throws {
        try await TestDatabase.with("sqlite") { db in
            let admin = try await TestDatabase.admin(db)
            let ali = try await CustomerRepository(db).create(CustomerInput(name: "علی", phones: ["021 8888 7777"], consents: ["sms": true]), by: admin)
            let sms = CustomerSMS(db)
            func codes(_ text: String, to: String?) async -> [String] {
                do {
                    _ = try await sms.send(customerId: ali.id, text: text, to: to, language: "fa", idempotencyKey: nil, by: admin)
                    return []
                } catch StoreError.invalid(let error) {
                    return error.issues.compactMap(\.code)
                } catch { return ["\(error)"] }
            }
            #expect(await codes("سلام", to: nil) == ["sms.no_mobile"])
            #expect(await codes("سلام", to: "02188887777") == ["sms.not_mobile"])
            #expect(await codes(String(repeating: "س", count: 269), to: "09121234567") == ["sms.too_long"])
            #expect(await codes("  ", to: "09121234567") == ["sms.empty"])
            #expect(await codes("سلام", to: "0912") == ["phone.tooShort.mobile"])
            #expect(try await db.sql.raw("SELECT COUNT(*) AS n FROM outbox_messages").first()?.decode(column: "n", as: Int.self) == 0)
        }
    }
}
