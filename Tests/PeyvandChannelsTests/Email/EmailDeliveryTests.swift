import Foundation
import PeyvandChannels
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

/// Emails written to the outbox reach a real SMTP server (aiosmtpd) on loopback through the worker.
@Suite("email delivery from the outbox", .serialized)
struct EmailDeliveryTests {
    static func email(_ key: String, to address: String, subject: String) throws -> OutgoingMessage {
        let payload = EmailChannel.Payload(subject: subject, text: "سلام مریم، سفارش شما فرستاده شد.",
                                           html: "<p>سلام مریم، سفارش شما فرستاده شد.</p>", language: "fa")
        return OutgoingMessage(channel: .email, idempotencyKey: key, recipient: address,
                               payload: String(decoding: try JSONEncoder().encode(payload), as: UTF8.self))
    }

    static func status(_ db: Database) async throws -> [String] {
        try await db.sql.raw("SELECT status FROM outbox_messages ORDER BY id").all().map { try $0.decode(column: "status", as: String.self) }
    }

    @Test("an email in the outbox is sent once to the SMTP server, in Persian, right to left")
    func delivered() async throws {
        guard let peer = try? SMTPPeer() else { Issue.record(Comment(rawValue: SMTPPeer.unavailable)); return }
        defer { peer.stop() }
        try await TestDatabase.with("sqlite") { db in
            let channel = EmailChannel(configuration: SMTPConfiguration(host: "127.0.0.1", port: peer.port, security: .none,
                                                                        connectTimeout: .seconds(5), commandTimeout: .seconds(5)),
                                       sender: MailAddress("crm@peyvand.example", name: "پیوند"))
            let worker = OutboxWorker(database: db, channels: [channel])
            try await Outbox(db).enqueue(try Self.email("mail-1", to: "maryam@example.com", subject: "ارسال سفارش"))
            try await Outbox(db).enqueue(try Self.email("mail-1", to: "maryam@example.com", subject: "ارسال سفارش"))
            #expect(try await worker.runOnce() == 1)
            #expect(try await Self.status(db) == ["sent"])
            let received = try peer.received(1)
            #expect(received["subject"] as? String == "ارسال سفارش")
            let parts = received["parts"] as? [[String: Any]] ?? []
            let html = parts.first { $0["type"] as? String == "text/html" }?["text"] as? String
            #expect(html?.contains("<html dir=\"rtl\" lang=\"fa\">") == true && html?.contains("سفارش شما فرستاده شد") == true)
            #expect(try await worker.runOnce() == 0, "nothing is sent twice")
        }
    }

    @Test("a server that cannot be reached is retried; a malformed email is dead at once")
    func failures() async throws {
        try await TestDatabase.with("sqlite") { db in
            // A port nothing listens on: a connection error, retried later.
            let channel = EmailChannel(configuration: SMTPConfiguration(host: "127.0.0.1", port: 9, security: .none,
                                                                        connectTimeout: .seconds(2), commandTimeout: .seconds(2)),
                                       sender: MailAddress("crm@peyvand.example"))
            let worker = OutboxWorker(database: db, channels: [channel])
            try await Outbox(db).enqueue(try Self.email("mail-2", to: "sara@example.com", subject: "یادآوری"))
            try await Outbox(db).enqueue(OutgoingMessage(channel: .email, idempotencyKey: "mail-3", recipient: "sara@example.com", payload: "not json"))
            _ = try await worker.runOnce()
            #expect(try await Self.status(db).sorted() == ["dead", "failed"], "the unreachable server's email waits for its retry")
        }
    }

    @Test("a message to a customer with their documents attached reaches the SMTP server with the files; a text to SMS may not carry them")
    func attachments() async throws {
        guard let peer = try? SMTPPeer() else { Issue.record(Comment(rawValue: SMTPPeer.unavailable)); return }
        defer { peer.stop() }
        try await TestDatabase.with("sqlite") { db in
            let admin = try await TestDatabase.admin(db)
            let root = NSTemporaryDirectory() + "peyvand-attach-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: root) }
            let documents = DocumentRepository(db, root: root)
            let maryam = try await CustomerRepository(db).create(CustomerInput(name: "مریم", phones: ["09121234567"], emails: ["maryam@example.com"],
                                                                               consents: ["email": true, "sms": true]), by: admin)
            let pdf = Array("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8)
            let quote = try await documents.attach(pdf, filename: "پیش‌فاکتور.pdf", customerId: maryam.id, by: admin)
            let messaging = CustomerMessaging(db, publicURL: "https://crm.example.ir")
            let other = try await CustomerRepository(db).create(CustomerInput(name: "علی"), by: admin)
            let theirs = try await documents.attach(pdf, filename: "x.pdf", customerId: other.id, by: admin)
            for (channel, id, code) in [(ContactChannel.sms, quote.id, "send.attachmentsEmailOnly"), (.email, theirs.id, "send.attachmentUnknown")] {
                do {
                    _ = try await messaging.send(to: maryam.id, .init(channel: channel, text: "x", attachmentIds: [id]), by: admin)
                    Issue.record("sent document \(id) by \(channel)")
                } catch StoreError.invalid(let error) {
                    #expect(error.issues.first?.code == code)
                }
            }
            _ = try await messaging.send(to: maryam.id, .init(channel: .email, subject: "پیش‌فاکتور", text: "{{customer.salutation}}، پیوست را ببینید.",
                                                              attachmentIds: [quote.id]), by: admin)
            let channel = EmailChannel(configuration: SMTPConfiguration(host: "127.0.0.1", port: peer.port, security: .none,
                                                                        connectTimeout: .seconds(5), commandTimeout: .seconds(5)),
                                       sender: MailAddress("crm@peyvand.example"), database: db, documents: documents)
            #expect(try await OutboxWorker(database: db, channels: [channel]).runOnce() == 1)
            let received = try peer.received(1)
            let parts = received["parts"] as? [[String: Any]] ?? []
            let file = parts.first { $0["type"] as? String == "application/pdf" }
            #expect(file?["filename"] as? String == "پیش‌فاکتور.pdf")
            #expect((file?["base64"] as? String).flatMap { Data(base64Encoded: $0) }.map(Array.init) == pdf)
            #expect(parts.contains { ($0["text"] as? String)?.contains("مریم عزیز، پیوست را ببینید.") == true })
        }
    }
}
