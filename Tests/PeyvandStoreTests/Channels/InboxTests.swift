import Foundation
import PeyvandCore
import PeyvandTestSupport
import SQLKit
import Testing
@testable import PeyvandStore

/// Inbound messages land on the right customer's timeline (by conversation, then by address, else
/// as a new contact), once; outgoing ones are stored with the outbox message and follow it.
@Suite("inbox and channel messages")
struct InboxTests {
    @Test("a message from a known address lands on that customer; a repeat is stored once", arguments: TestDatabase.kinds)
    func knownSender(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let maryam = try await CustomerRepository(db).create(CustomerInput(name: "مریم رضایی", phones: ["09121234567"],
                                                                               emails: ["Maryam@Example.ir"]), by: admin)
            let inbox = Inbox(db)
            let mail = InboundMessage(channel: .email, address: "maryam@example.ir", senderName: "Maryam", subject: "سفارش",
                                      body: "سلام", externalId: "<a1@example.ir>")
            let first = try await inbox.receive(mail)
            #expect(first.customerId == maryam.id)
            #expect(!first.createdCustomer && !first.duplicate)
            let again = try await inbox.receive(mail)
            #expect(again.duplicate && again.interactionId == first.interactionId)
            let sms = try await inbox.receive(InboundMessage(channel: .sms, address: "+989121234567", body: "لغو", externalId: "9001"))
            #expect(sms.customerId == maryam.id)
            let timeline = try await Timeline(db).page(of: maryam.id, InteractionQuery(limit: 50), by: admin)
            #expect(timeline.items.count == 2, "the repeated email is on the timeline once")
            #expect(timeline.items.allSatisfy { $0.direction == .inbound && $0.deliveryStatus == .received })
        }
    }

    @Test("an unknown sender becomes a new contact, reachable where they wrote from", arguments: TestDatabase.kinds)
    func unknownSender(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let receipt = try await Inbox(db).receive(InboundMessage(channel: .email, address: "New.Person@Example.com",
                                                                     senderName: " Sara Ahmadi ", body: "Hello"))
            #expect(receipt.createdCustomer)
            let sara = try await CustomerRepository(db).get(receipt.customerId, by: admin)
            #expect(sara.fields.name == "Sara Ahmadi")
            #expect(sara.fields.emails == ["new.person@example.com"])
            #expect(sara.fields.consents == Consents(), "writing to us is not consent to be written to")
            let again = try await Inbox(db).receive(InboundMessage(channel: .email, address: "new.person@example.com", body: "Again"))
            #expect(again.customerId == sara.id && !again.createdCustomer, "the second message finds the new contact")
        }
    }

    @Test("a reply continues the conversation of the message it answers, whoever sends it", arguments: TestDatabase.kinds)
    func replyThreads(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let ali = try await CustomerRepository(db).create(CustomerInput(name: "علی", emails: ["ali@example.ir"]), by: admin)
            let queued = try await db.transaction { sql in
                try await ChannelMessages.enqueue(CustomerMessage(customerId: ali.id, channel: .email, address: "ali@example.ir",
                                                                  payload: ChannelPayload(subject: "پیش‌فاکتور", text: "پیوست"),
                                                                  staffId: admin.userId, idempotencyKey: "k1"), in: sql)
            }
            let q = try #require(queued)
            // The outbox worker sends it; the SMTP server's Message-ID becomes its external id.
            let outbox = Outbox(db)
            let claimed = try await outbox.claim(limit: 5, lease: .seconds(60))
            #expect(claimed.map(\.id) == [q.outboxMessageId])
            #expect(try await outbox.markSent(claimed[0], reference: "<out-1@peyvand>"))
            let sent = try #require(try await ChannelMessages(db).get(q.messageId))
            #expect(sent.status == .sent && sent.externalId == "<out-1@peyvand>")
            // The reply comes from the customer's other address; its In-Reply-To ties it to the thread.
            let reply = try await Inbox(db).receive(InboundMessage(channel: .email, address: "ali.home@example.com", body: "ممنون",
                                                                   inReplyTo: ["<out-1@peyvand>"]))
            #expect(reply.customerId == ali.id && !reply.createdCustomer)
            #expect(reply.threadId == sent.threadId)
            // A subject token names the thread too.
            let token = try await Inbox(db).receive(InboundMessage(channel: .email, address: "ali.work@example.com", subject: "Re: [#\(sent.threadId!)]",
                                                                   body: "x", threadToken: sent.threadId))
            #expect(token.customerId == ali.id && token.threadId == sent.threadId)
            // A bounce reported later is kept; a later "sent" report does not overwrite it.
            try await ChannelMessages(db).report(channel: .email, externalId: "<out-1@peyvand>", status: .bounced, detail: "5.1.1")
            try await ChannelMessages(db).report(channel: .email, externalId: "<out-1@peyvand>", status: .sent)
            #expect(try await ChannelMessages(db).get(q.messageId)?.status == .bounced)
            let timeline = try await Timeline(db).page(of: ali.id, InteractionQuery(limit: 50), by: admin)
            #expect(timeline.items.first { $0.direction == .outbound }?.deliveryStatus == .bounced)
        }
    }

    @Test("a dead outgoing message shows failed on the timeline, and queued again when replayed", arguments: TestDatabase.kinds)
    func deadAndReplayed(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let ali = try await CustomerRepository(db).create(CustomerInput(name: "علی", phones: ["09351112233"]), by: admin)
            let later = Date().addingTimeInterval(3600)
            let message = CustomerMessage(customerId: ali.id, channel: .sms, address: "+989351112233",
                                          payload: ChannelPayload(text: "تخفیف"), idempotencyKey: "k2", notBefore: later)
            let queued = try await db.transaction { sql in try await ChannelMessages.enqueue(message, in: sql) }
            let q = try #require(queued)
            let outbox = Outbox(db)
            #expect(try await outbox.claim(limit: 5, lease: .seconds(60)).isEmpty, "not before quiet hours end")
            let claimed = try await outbox.claim(limit: 5, lease: .seconds(60), now: later)
            #expect(try await outbox.markFailed(claimed[0], error: "418 credit", permanent: true, policy: RetryPolicy(), at: later))
            #expect(try await ChannelMessages(db).get(q.messageId)?.status == .failed)
            _ = try await outbox.replay(q.outboxMessageId, by: admin)
            #expect(try await ChannelMessages(db).get(q.messageId)?.status == .queued)
            let again = try await db.transaction { sql in
                try await ChannelMessages.enqueue(CustomerMessage(customerId: ali.id, channel: .sms, address: "+989351112233",
                                                                  payload: ChannelPayload(text: "تخفیف"), idempotencyKey: "k2"), in: sql)
            }
            #expect(again == nil, "the same key is one message")
        }
    }
}
