import Foundation
import PeyvandChannels
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

/// Incoming bot updates: link codes, linked and unknown chats, repeats, and polling with offsets;
/// the bot's answers go out through the worker to the loopback Bot API.
@Suite("messenger updates in")
struct MessengerInboxTests {
    @Test("a link code ties the chat, the confirmation reaches the chat, and the next message lands on the customer's timeline",
          arguments: TestDatabase.kinds)
    func linkCode(kind: String) async throws {
        let peer = try await LoopbackBotAPI.start()
        defer { peer.stop() }
        try await TestDatabase.with(kind) { db in
            let settings = try await BotFixture.configure(db)
            let admin = try await TestDatabase.admin(db)
            let customer = try await CustomerRepository(db).create(CustomerInput(name: "مریم کاظمی"), by: admin)
            let code = try await MessengerLinks(db).createCode(for: customer.id, by: admin)
            #expect(code.code.count == 8 && code.code.allSatisfy { MessengerLinks.alphabet.contains($0) })
            let state = try await MessengerLinks(db).state(of: customer.id, by: admin)
            #expect(state.deepLink == "https://ble.ir/peyvand_bot?start=\(code.code)" && settings.platform == "bale")
            let inbox = MessengerInbox(db)
            #expect(try await inbox.receive(BotFixture.update(1, chat: 9001, message: 1, text: "/start \(code.code)"))
                    == .linked(customerId: customer.id, chatId: "9001"))
            #expect(try await BotFixture.worker(db, peer).runOnce() == 1)
            let sent = await peer.sent()
            #expect(sent.count == 1)
            #expect(sent.first?.chatId == "9001" && sent.first?.text == MessengerReplies.linked(english: false))
            let link = try await MessengerLinks(db).chat(for: customer.id)
            #expect(link?.chatId == "9001" && link?.userName == "sara_a" && link?.displayName == "سارا احمدی" && link?.active == true)
            let received = try await inbox.receive(BotFixture.update(2, chat: 9001, message: 2, text: "سفارشم کی می‌رسد؟"))
            guard case .received(let receipt) = received else { Issue.record("not received: \(received)"); return }
            #expect(receipt.customerId == customer.id && !receipt.createdCustomer)
            let timeline = try await BotFixture.interactions(db, customer: customer.id)
            #expect(timeline.map(\.body) == ["سفارشم کی می‌رسد؟"])
            #expect(timeline.first?.direction == "in" && timeline.first?.channel == "messenger")
            let record = try await ChannelMessages(db).find(channel: .messenger, externalId: "9001:2")
            #expect(record?.customerId == customer.id && record?.address == "9001")
            // The code worked once: sending it again (from another chat) is refused politely.
            #expect(try await inbox.receive(BotFixture.update(3, chat: 9002, message: 1, text: code.code.lowercased()))
                    == .refusedCode("the link code \(code.code) is unknown, used or expired"))
            #expect(try await MessengerLinks(db).link(chatId: "9002") == nil)
        }
    }

    @Test("an unknown or expired code gets a polite answer and links nothing; a newer code replaces the older",
          arguments: TestDatabase.kinds)
    func refusedCodes(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            _ = try await BotFixture.configure(db)
            let admin = try await TestDatabase.admin(db)
            let customer = try await CustomerRepository(db).create(CustomerInput(name: "Reza"), by: admin)
            let links = MessengerLinks(db)
            let old = try await links.createCode(for: customer.id, by: admin, at: Date().addingTimeInterval(-8 * 86400))
            let inbox = MessengerInbox(db)
            guard case .refusedCode = try await inbox.receive(BotFixture.update(1, chat: 1, message: 1, text: "/start \(old.code)")) else {
                Issue.record("an expired code was taken"); return
            }
            guard case .refusedCode = try await inbox.receive(BotFixture.update(2, chat: 1, message: 2, text: "/start ZZZZ-ZZZZ")) else {
                Issue.record("an unknown code was taken"); return
            }
            let first = try await links.createCode(for: customer.id, by: admin)
            let second = try await links.createCode(for: customer.id, by: admin)
            #expect(try await links.state(of: customer.id, by: admin).code?.code == second.code)
            guard case .refusedCode = try await inbox.receive(BotFixture.update(3, chat: 1, message: 3, text: "/start \(first.code)")) else {
                Issue.record("a replaced code was taken"); return
            }
            // Typed by hand, in Persian digits and lower case, with a space: still the code.
            let lower = second.code.lowercased()
            let typed = PersianText.persianDigits(String(lower.prefix(4)) + " " + String(lower.dropFirst(4)))
            #expect(try await inbox.receive(BotFixture.update(4, chat: 1, message: 4, text: typed)) == .linked(customerId: customer.id, chatId: "1"))
            let replies = try await BotFixture.outbox(db)
            #expect(replies.count == 4 && replies.allSatisfy { $0.recipient == "1" })
            #expect(try await BotFixture.count(db, "interactions") == 0, "codes are not messages")
        }
    }

    @Test("a message from an unknown chat makes a new contact and links the chat; the next message finds them",
          arguments: TestDatabase.kinds)
    func unknownChat(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            _ = try await BotFixture.configure(db)
            let inbox = MessengerInbox(db)
            guard case .received(let first) = try await inbox.receive(BotFixture.update(10, chat: 4242, message: 1, text: "قیمت این کالا چند است؟")),
                  case .received(let second) = try await inbox.receive(BotFixture.update(11, chat: 4242, message: 2, text: "ممنون")) else {
                Issue.record("not received"); return
            }
            #expect(first.createdCustomer && !second.createdCustomer && first.customerId == second.customerId)
            let admin = try await TestDatabase.admin(db)
            let contact = try await CustomerRepository(db).get(first.customerId, by: admin)
            #expect(contact.fields.name == "سارا احمدی" && contact.fields.stage == .lead)
            #expect(try await MessengerLinks(db).chat(for: first.customerId)?.chatId == "4242")
            #expect(try await BotFixture.interactions(db, customer: first.customerId).map(\.body) == ["قیمت این کالا چند است؟", "ممنون"])
        }
    }

    @Test("the same update twice is stored once; other kinds of update and group chats are acknowledged and ignored",
          arguments: TestDatabase.kinds)
    func duplicatesAndOthers(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            _ = try await BotFixture.configure(db)
            let inbox = MessengerInbox(db)
            let update = BotFixture.update(20, chat: 5, message: 1, text: "سلام")
            guard case .received = try await inbox.receive(update) else { Issue.record("not received"); return }
            #expect(try await inbox.receive(update) == .duplicate)
            #expect(try await BotFixture.count(db, "interactions") == 1)
            #expect(try await BotFixture.count(db, "customers") == 1)
            guard case .ignored = try await inbox.receive(MessengerUpdate(updateId: 21, message: nil)) else { Issue.record("taken"); return }
            let group = MessengerUpdate(updateId: 22, message: .init(messageId: 3, from: nil, chat: .init(id: -100, type: "group"), text: "hi"))
            guard case .ignored = try await inbox.receive(group) else { Issue.record("taken"); return }
            #expect(try await BotFixture.count(db, "interactions") == 1)
            // A photo without a caption still lands, named for what it is.
            let photo = try JSONDecoder().decode(MessengerUpdate.self, from: Data(#"""
                {"update_id":23,"message":{"message_id":4,"from":{"id":5,"first_name":"Ali"},"chat":{"id":5,"type":"private"},"date":1764950400,"photo":[{"file_id":"x"}]}}
                """#.utf8))
            guard case .received(let receipt) = try await inbox.receive(photo) else { Issue.record("photo dropped"); return }
            #expect(try await BotFixture.interactions(db, customer: receipt.customerId).last?.body == "[photo]")
        }
    }

    @Test("polling reads from the stored offset, lands each update once and skips one it cannot read", arguments: TestDatabase.kinds)
    func polling(kind: String) async throws {
        let peer = try await LoopbackBotAPI.start()
        defer { peer.stop() }
        try await TestDatabase.with(kind) { db in
            _ = try await BotFixture.configure(db)
            await peer.log.hold([(100, BotFixture.json(100, chat: 77, message: 1, text: "اولی")),
                                 (101, #"{"update_id":101,"message":{"message_id":"not a number"}}"#),
                                 (102, BotFixture.json(102, chat: 77, message: 2, text: "دومی"))])
            let poller = MessengerPoller(database: db, client: BotFixture.client(peer), wait: 0)
            #expect(try await poller.pollOnce() == 3)
            #expect(try await MessengerSettings(db).current()?.pollOffset == 103)
            #expect(try await poller.pollOnce() == 0)
            await peer.log.hold([(103, BotFixture.json(103, chat: 77, message: 3, text: "سومی"))])
            #expect(try await poller.pollOnce() == 1)
            let offsets = await peer.calls.filter { $0.method == "getUpdates" }.compactMap { $0.json["offset"]?.text }
            #expect(offsets == ["0", "103", "103"])
            let customer = try #require(try await MessengerLinks(db).link(chatId: "77")).customerId
            #expect(try await BotFixture.interactions(db, customer: customer).map(\.body) == ["اولی", "دومی", "سومی"])
            // A poll that reads the same updates again (offset lost) stores nothing twice.
            try await db.sql.raw("UPDATE messenger_settings SET poll_offset = 0").run()
            #expect(try await poller.pollOnce() == 4)
            #expect(try await BotFixture.interactions(db, customer: customer).count == 3)
        }
    }

    @Test("set-webhook sends the URL and the secret token; API errors come back with the platform's words")
    func webhookCalls() async throws {
        let peer = try await LoopbackBotAPI.start()
        defer { peer.stop() }
        let client = BotFixture.client(peer)
        try await client.setWebhook(url: "https://crm.example/api/v1/messenger/webhook/abc", secretToken: "s3cret")
        let call = try #require(await peer.calls.last)
        #expect(call.method == "setWebhook" && call.json["url"]?.text == "https://crm.example/api/v1/messenger/webhook/abc"
                && call.json["secret_token"]?.text == "s3cret")
        await peer.log.plan([.fail(401, "Unauthorized")])
        await #expect(throws: BotAPIError.api(code: 401, description: "Unauthorized", retryAfter: nil)) {
            try await client.deleteWebhook()
        }
    }
}
