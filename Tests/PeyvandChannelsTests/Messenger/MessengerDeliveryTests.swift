import Foundation
import PeyvandChannels
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

/// Outgoing bot messages through the outbox worker to a real Bot API server on loopback.
@Suite("messenger delivery through the outbox")
struct MessengerDeliveryTests {
    static func customer(_ db: Database, _ admin: Principal, _ name: String = "سارا احمدی") async throws -> Int64 {
        try await CustomerRepository(db).create(CustomerInput(name: name), by: admin).id
    }

    @Test("a message reaches the API once with its chat and text; the record keeps the message id", arguments: TestDatabase.kinds)
    func sentOnce(kind: String) async throws {
        let peer = try await LoopbackBotAPI.start()
        defer { peer.stop() }
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let id = try await Self.customer(db, admin)
            try await BotFixture.enqueue(db, customer: id, chat: "7001", text: "سفارش شما ارسال شد.")
            let worker = BotFixture.worker(db, peer)
            #expect(try await worker.runOnce() == 1)
            #expect(try await worker.runOnce() == 0, "nothing is sent twice")
            let sent = await peer.sent()
            #expect(sent.count == 1)
            #expect(sent.first?.chatId == "7001" && sent.first?.text == "سفارش شما ارسال شد.")
            #expect(sent.first?.token == BotFixture.token)
            #expect(try await BotFixture.outbox(db).map(\.status) == ["sent"])
            let record = try await db.sql.raw("SELECT external_id, status FROM channel_messages").first()
            #expect(try record?.decode(column: "external_id", as: String?.self) == "7001:501")
            #expect(try record?.decode(column: "status", as: String.self) == "sent")
        }
    }

    @Test("a 429 waits for its retry_after, then the message is sent", arguments: TestDatabase.kinds)
    func tooManyRequests(kind: String) async throws {
        let peer = try await LoopbackBotAPI.start()
        defer { peer.stop() }
        await peer.log.plan([.fail(429, "Too Many Requests: retry after 120", retryAfter: 120)])
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let id = try await Self.customer(db, admin)
            try await BotFixture.enqueue(db, customer: id, chat: "7002", text: "hello")
            let worker = BotFixture.worker(db, peer)
            let before = Int64(Date().timeIntervalSince1970 * 1000)
            #expect(try await worker.runOnce() == 1)
            let failed = try await BotFixture.outbox(db)
            #expect(failed.map(\.status) == ["failed"])
            #expect(failed[0].nextAttempt >= before + 120_000, "the back-off alone would be 30 s; the API asked for 120")
            #expect(failed[0].error?.contains("429") == true)
            #expect(try await worker.runOnce(now: Date().addingTimeInterval(60)) == 0, "not before retry_after")
            #expect(try await worker.runOnce(now: Date().addingTimeInterval(200)) == 1)
            #expect(try await BotFixture.outbox(db).map(\.status) == ["sent"])
            #expect(await peer.sent().count == 2)
        }
    }

    @Test("a 500 and a time-out are retried; 400 and 401 are dead at once", arguments: TestDatabase.kinds)
    func failures(kind: String) async throws {
        let peer = try await LoopbackBotAPI.start()
        defer { peer.stop() }
        await peer.log.plan([.fail(500, "Internal Server Error"), .hang, .raw(502, "<html>Bad Gateway</html>"),
                             .fail(400, "Bad Request: chat not found"), .fail(401, "Unauthorized")])
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let id = try await Self.customer(db, admin)
            for chat in ["1", "2", "3", "4", "5"] { try await BotFixture.enqueue(db, customer: id, chat: chat, text: "t\(chat)") }
            #expect(try await BotFixture.worker(db, peer, timeout: 5).runOnce() == 5)
            let rows = try await BotFixture.outbox(db)
            #expect(rows.map(\.status) == ["failed", "failed", "failed", "dead", "dead"])
            #expect(rows[1].error?.contains("did not answer in time") == true)
            #expect(rows[2].error?.contains("502") == true)
            #expect(rows[3].error?.contains("chat not found") == true)
            #expect(rows[4].error?.contains("Unauthorized") == true)
            #expect(rows.allSatisfy { !($0.error ?? "").contains(BotFixture.token) }, "the token never appears in an error")
        }
    }

    @Test("a 403 (blocked by the user) is dead and marks the chat's link inactive", arguments: TestDatabase.kinds)
    func blocked(kind: String) async throws {
        let peer = try await LoopbackBotAPI.start()
        defer { peer.stop() }
        try await TestDatabase.with(kind) { db in
            _ = try await BotFixture.configure(db)
            let admin = try await TestDatabase.admin(db)
            let id = try await Self.customer(db, admin)
            let code = try await MessengerLinks(db).createCode(for: id, by: admin)
            #expect(try await MessengerInbox(db).receive(BotFixture.update(1, chat: 7003, message: 10, text: "/start \(code.code)"))
                    == .linked(customerId: id, chatId: "7003"))
            await peer.log.plan([.ok, .fail(403, "Forbidden: bot was blocked by the user")])
            let worker = BotFixture.worker(db, peer)
            #expect(try await worker.runOnce() == 1, "the confirmation")
            #expect(try await MessengerLinks(db).chat(for: id)?.chatId == "7003")
            try await BotFixture.enqueue(db, customer: id, chat: "7003", text: "پیام")
            #expect(try await worker.runOnce() == 1)
            #expect(try await BotFixture.outbox(db).map(\.status) == ["sent", "dead"])
            #expect(try await MessengerLinks(db).chat(for: id) == nil)
            let link = try await MessengerLinks(db).link(chatId: "7003")
            #expect(link?.active == false && link?.inactiveReason?.contains("blocked") == true)
            // Writing again shows the user unblocked the bot: the link is active again.
            _ = try await MessengerInbox(db).receive(BotFixture.update(2, chat: 7003, message: 11, text: "دوباره سلام"))
            #expect(try await MessengerLinks(db).chat(for: id)?.active == true)
        }
    }

    @Test("a long text goes in parts at line breaks; a failed part is retried without sending the earlier ones again",
          arguments: TestDatabase.kinds)
    func longText(kind: String) async throws {
        let peer = try await LoopbackBotAPI.start()
        defer { peer.stop() }
        await peer.log.plan([.ok, .fail(500, "Internal Server Error")])
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let id = try await Self.customer(db, admin)
            // 30 lines of about 300 UTF-16 units: three parts.
            let text = (1...30).map { "سطر \($0): " + String(repeating: "سلام دنیا ", count: 29) + "پایان" }.joined(separator: "\n")
            try await BotFixture.enqueue(db, customer: id, chat: "7004", text: text)
            let worker = BotFixture.worker(db, peer)
            #expect(try await worker.runOnce() == 1)
            #expect(try await BotFixture.outbox(db).map(\.status) == ["failed"])
            #expect(try await worker.runOnce(now: Date().addingTimeInterval(3600)) == 1)
            #expect(try await BotFixture.outbox(db).map(\.status) == ["sent"])
            let sent = await peer.sent().compactMap(\.text)
            #expect(sent.count == 4, "part 1, part 2 refused, part 2 again, part 3")
            #expect(sent[1] == sent[2] && sent[0] != sent[1])
            #expect(sent.allSatisfy { $0.utf16.count <= 4096 })
            #expect(sent.allSatisfy { $0.hasSuffix("پایان") }, "cut at line ends")
            #expect([sent[0], sent[2], sent[3]].joined().filter { !$0.isWhitespace } == text.filter { !$0.isWhitespace }, "nothing lost")
            let record = try await db.sql.raw("SELECT external_id FROM channel_messages").first()
            #expect(try record?.decode(column: "external_id", as: String?.self) == "7004:501", "the first part's id")
        }
    }

    @Test("splitting: nothing over the limit, words kept whole, a text without spaces cut between characters")
    func splitting() {
        #expect(MessengerText.split("short") == ["short"])
        #expect(MessengerText.split("   \n ").isEmpty)
        #expect(MessengerText.split("aaa bbb ccc", limit: 7) == ["aaa bbb", "ccc"])
        #expect(MessengerText.split("aaaa\nbb cc", limit: 8) == ["aaaa", "bb cc"])
        #expect(MessengerText.split("abcdefghij", limit: 4) == ["abcd", "efgh", "ij"])
        let emoji = String(repeating: "😀", count: 5)  // two UTF-16 units each
        #expect(MessengerText.split(emoji, limit: 5) == ["😀😀", "😀😀", "😀"])
        let big = String(repeating: "کلمه ", count: 100_000)
        let parts = MessengerText.split(big)
        #expect(parts.allSatisfy { $0.utf16.count <= 4096 } && parts.joined(separator: " ") == big.trimmingCharacters(in: .whitespaces))
    }
}
