import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing
@testable import PeyvandChannels

/// Received email lands on the right customer's timeline, on SQLite and PostgreSQL: unknown
/// senders become contacts, replies continue their conversation, the same message is stored once,
/// attachments become documents, and bounces mark the message and the address — never a contact.
@Suite("the mail inbox")
struct MailInboxTests {
    static func customerCount(_ db: Database) async throws -> Int64 {
        try await db.sql.raw("SELECT COUNT(*) AS n FROM customers").first()!.decode(column: "n", as: Int64.self)
    }

    /// An email to `address` sent through the outbox the way the worker does: enqueued with its
    /// interaction, claimed, and marked sent with the Message-ID `EmailChannel` gives it.
    static func send(_ db: Database, to customer: Customer, address: String, key: String, by admin: Principal)
        async throws -> (messageId: Int64, messageID: String, threadId: Int64) {
        let queued = try await db.transaction { sql in
            try await ChannelMessages.enqueue(CustomerMessage(customerId: customer.id, channel: .email, address: address,
                                                              payload: ChannelPayload(subject: "پیش‌فاکتور", text: "پیوست"),
                                                              staffId: admin.userId, idempotencyKey: key), in: sql)
        }
        let q = try #require(queued)
        let claimed = try #require(try await Outbox(db).claim(limit: 10, lease: .seconds(60)).first { $0.id == q.outboxMessageId })
        let messageID = EmailChannel.messageID(idempotencyKey: claimed.idempotencyKey, sender: "crm@example.ir")
        #expect(try await Outbox(db).markSent(claimed, reference: messageID))
        let thread = try #require(try await ChannelMessages(db).thread(ofOutboxMessage: q.outboxMessageId))
        return (q.messageId, messageID, thread)
    }

    @Test("an unknown sender becomes a new contact named as they sign; the same message twice is stored once",
          arguments: TestDatabase.kinds)
    func unknownSender(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let raw = try MailFixtures.bytes("persian-utf8-base64")
            guard case let .message(first, _) = try await MailInbox(database: db).receive(raw) else { Issue.record("not a message"); return }
            #expect(first.createdCustomer && !first.duplicate)
            let sara = try await CustomerRepository(db).get(first.customerId, by: admin)
            #expect(sara.fields.name == "سارا احمدی")
            #expect(sara.fields.emails == ["sara.ahmadi@example.com"])
            let interaction = try await InteractionRepository(db).get(first.interactionId, by: admin)
            #expect(interaction.fields.subject == "درخواست پیش‌فاکتور فرش")
            #expect(interaction.fields.body?.contains("پیش‌فاکتور ۱۲ عدد فرش دستباف") == true)
            #expect(interaction.fields.direction == .inbound && interaction.fields.kind == .email)
            guard case let .message(again, _) = try await MailInbox(database: db).receive(raw) else { Issue.record("not a message"); return }
            #expect(again.duplicate && again.interactionId == first.interactionId && again.customerId == first.customerId)
            #expect(try await Self.customerCount(db) == 1)
            let timeline = try await Timeline(db).page(of: sara.id, InteractionQuery(limit: 50), by: admin)
            #expect(timeline.items.count == 1)
        }
    }

    @Test("a Windows-1256 message lands on the customer who has the address, in readable Persian", arguments: TestDatabase.kinds)
    func knownSenderCP1256(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let maryam = try await CustomerRepository(db).create(CustomerInput(name: "مریم کریمی", emails: ["Maryam@Example.net"]), by: admin)
            guard case let .message(r, _) = try await MailInbox(database: db).receive(try MailFixtures.bytes("persian-cp1256-qp")) else {
                Issue.record("not a message"); return
            }
            #expect(r.customerId == maryam.id && !r.createdCustomer)
            let interaction = try await InteractionRepository(db).get(r.interactionId, by: admin)
            #expect(interaction.fields.subject == "پيگيري سفارش شماره 512")
            #expect(interaction.fields.body == "با سلام\nسفارش شماره 512 هنوز نرسيده است. لطفا پيگيري کنيد.\nمريم کريمي")
        }
    }

    @Test("a reply finds the conversation of the email it answers, by In-Reply-To or by the subject's token",
          arguments: TestDatabase.kinds)
    func replies(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let ali = try await CustomerRepository(db).create(CustomerInput(name: "علی رحیمی", emails: ["ali@example.ir"]), by: admin)
            let sent = try await Self.send(db, to: ali, address: "ali@example.ir", key: "quote-1", by: admin)
            // From an address the CRM does not know: the conversation decides the customer.
            let inner = String(sent.messageID.dropFirst().dropLast())
            guard case let .message(reply, _) = try await MailInbox(database: db)
                .receive(try MailFixtures.bytes("reply", replacing: ["OUTGOING-ID": inner])) else { Issue.record("not a message"); return }
            #expect(reply.customerId == ali.id && !reply.createdCustomer)
            #expect(reply.threadId == sent.threadId)
            // No In-Reply-To, a stranger's address, only the [#thread] token.
            guard case let .message(token, _) = try await MailInbox(database: db)
                .receive(try MailFixtures.bytes("subject-token", replacing: ["THREAD": String(sent.threadId)])) else { Issue.record("not a message"); return }
            #expect(token.customerId == ali.id && token.threadId == sent.threadId)
            #expect(try await Self.customerCount(db) == 1)
        }
    }

    @Test("a DSN marks the outgoing message bounced and the address hard-bounced; MAILER-DAEMON is no contact; sends skip it",
          arguments: TestDatabase.kinds)
    func bounce(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let nobody = try await CustomerRepository(db).create(CustomerInput(name: "Nobody", emails: ["nobody@customer.example"]), by: admin)
            let sent = try await Self.send(db, to: nobody, address: "nobody@customer.example", key: "offer-1", by: admin)
            let dsn = try MailFixtures.bytes("dsn-bounce", replacing: ["OUTGOING-ID": String(sent.messageID.dropFirst().dropLast()),
                                                                       "THREAD": String(sent.threadId)])
            guard case let .bounce(b) = try await MailInbox(database: db).receive(dsn) else { Issue.record("not a bounce"); return }
            #expect(b.originalMessageID == sent.messageID && b.channelMessageId == sent.messageId && b.customerId == nobody.id)
            #expect(b.recipients.map(\.status) == ["5.1.1"])
            let message = try #require(try await ChannelMessages(db).get(sent.messageId))
            #expect(message.status == .bounced)
            #expect(message.statusDetail?.hasPrefix("5.1.1 550 5.1.1 <nobody@customer.example>: Recipient address rejected") == true)
            let bounces = EmailBounces(db)
            #expect(try await bounces.isHardBounced("NOBODY@customer.example"))
            #expect(try await bounces.isHardBounced("somebody@customer.example") == false)
            #expect(try await Self.customerCount(db) == 1, "MAILER-DAEMON did not become a contact")
            let tickets = try await db.sql.raw("SELECT COUNT(*) AS n FROM tickets").first()?.decode(column: "n", as: Int.self)
            #expect(tickets == 0, "a bounce never opens a ticket")
            // The same report delivered again is counted once.
            _ = try await MailInbox(database: db).receive(dsn)
            #expect(try await bounces.bounces(of: ["nobody@customer.example"])["nobody@customer.example"]?.count == 1)
            // The timeline shows the outgoing message bounced.
            let timeline = try await Timeline(db).page(of: nobody.id, InteractionQuery(limit: 50), by: admin)
            #expect(timeline.items.first?.deliveryStatus == .bounced)
            // The next email to the address is not sent: dead at once, with the bounce as the reason.
            _ = try await db.transaction { sql in
                try await ChannelMessages.enqueue(CustomerMessage(customerId: nobody.id, channel: .email, address: "nobody@customer.example",
                                                                  payload: ChannelPayload(subject: "x", text: "y"), idempotencyKey: "offer-2"), in: sql)
            }
            let next = try #require(try await Outbox(db).claim(limit: 5, lease: .seconds(60)).first)
            let channel = EmailChannel(configuration: SMTPConfiguration(host: "127.0.0.1", port: 9, security: .none,
                                                                        connectTimeout: .seconds(1), commandTimeout: .seconds(1)),
                                       sender: MailAddress("crm@example.ir"), database: db)
            let result = try await channel.deliver(next)
            guard case let .reject(reason) = result else { Issue.record("sent to a hard-bounced address: \(result)"); return }
            #expect(reason.contains("bounced permanently") && reason.contains("5.1.1"))
        }
    }

    @Test("a bounce in no standard form from MAILER-DAEMON is not a contact either")
    func daemonWithoutReport() async throws {
        try await TestDatabase.with("sqlite") { db in
            let raw = MailFixtures.message(["From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>", "To: crm@example.ir",
                                            "Subject: failure notice", "Message-ID: <qmail-1@mx.example.net>", "",
                                            "Hi. This is the qmail-send program. I'm afraid I wasn't able to deliver your message."])
            guard case let .bounce(b) = try await MailInbox(database: db).receive(raw) else { Issue.record("not a bounce"); return }
            #expect(b.recipients.isEmpty && b.channelMessageId == nil)
            #expect(try await Self.customerCount(db) == 0)
            #expect(try await db.sql.raw("SELECT COUNT(*) AS n FROM tickets").first()?.decode(column: "n", as: Int.self) == 0)
        }
    }

    @Test("attachments become the customer's documents, linked to the email and to the ticket message it became", arguments: TestDatabase.kinds)
    func attachmentsAsDocuments(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let root = NSTemporaryDirectory() + "peyvand-mail-docs-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: root) }
            let inbox = MailInbox(database: db, documents: DocumentRepository(db, root: root))
            guard case let .message(r, documents) = try await inbox.receive(try MailFixtures.bytes("attachment")) else {
                Issue.record("not a message"); return
            }
            #expect(documents.count == 2)
            let pdf = try await DocumentRepository(db, root: root).get(documents[0], by: admin)
            #expect(pdf.filename == "قرارداد.pdf" && pdf.mediaType == "application/pdf")
            #expect(pdf.customerId == r.customerId && pdf.interactionId == r.interactionId)
            // The email opened a ticket: its documents are the files of the ticket's first message.
            let ticket = try #require(r.ticketId)
            let thread = try await Tickets(db).messages(ticket, by: admin)
            #expect(thread.count == 1 && thread[0].attachments.map(\.id) == documents)
            #expect(thread[0].body.contains("📎"), "every attachment stays listed in the message's text")
            // Delivered again: no second copy of the documents.
            guard case let .message(again, more) = try await inbox.receive(try MailFixtures.bytes("attachment")) else { return }
            #expect(again.duplicate && more.isEmpty)
        }
    }

    @Test("outgoing email: one Message-ID for every attempt of a message, the thread token once in the subject")
    func outgoingIdentity() {
        let a = EmailChannel.messageID(idempotencyKey: "msg_1", sender: "crm@example.ir")
        #expect(a == EmailChannel.messageID(idempotencyKey: "msg_1", sender: "crm@example.ir"))
        #expect(a != EmailChannel.messageID(idempotencyKey: "msg_2", sender: "crm@example.ir"))
        #expect(a.hasPrefix("<") && a.hasSuffix("@example.ir>"))
        #expect(EmailChannel.subject("پیش‌فاکتور", thread: 12) == "پیش‌فاکتور [#12]")
        #expect(EmailChannel.subject("Re: x [#12]", thread: 12) == "Re: x [#12]")
        #expect(MessageIDs.threadToken(EmailChannel.subject("پیش‌فاکتور", thread: 12)) == 12)
    }
}
