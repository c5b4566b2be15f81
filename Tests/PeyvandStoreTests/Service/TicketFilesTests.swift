import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

@Suite("Service: the files of a ticket's thread")
struct TicketFilesTests {
    static let pdf = Array("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]

    static func folder() -> String { NSTemporaryDirectory() + "ticket-files-\(UUID().uuidString)" }

    static func email(subject: String, id: String, token: Int64? = nil) -> InboundMessage {
        InboundMessage(channel: .email, address: "maryam@example.test", senderName: "Maryam", subject: subject, body: "پیوست را ببینید", externalId: id,
                       threadToken: token)
    }

    static func counts(_ db: Database) async throws -> [Int] {
        var out: [Int] = []
        for table in ["documents", "ticket_messages", "ticket_message_documents", "outbox_messages", "interactions"] {
            out.append(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM \(ident: table)"))
        }
        return out
    }

    @Test("an email's files are the customer's documents and the files of the ticket message it became — opening the ticket or continuing it; a refused one is left out", arguments: TestDatabase.kinds)
    func inbound(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            let root = Self.folder()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let documents = DocumentRepository(db, root: root)
            let inbox = Inbox(db)
            let first = try await inbox.receive(Self.email(subject: "فاکتور اشتباه", id: "<f1@x>"))
            let ticketId = try #require(first.ticketId)
            let kept = try await inbox.keep([InboundFile(filename: "فاکتور.pdf", bytes: Self.pdf),
                                             InboundFile(filename: "page.html", bytes: Array("<html><script>x</script></html>".utf8)),
                                             InboundFile(filename: "scan.png", bytes: Self.png)],
                                            of: first, in: documents, by: f.admin)
            #expect(kept.stored.count == 2)
            #expect(kept.refused.map(\.filename) == ["page.html"])
            // The customer answers in the same thread with another file: it belongs to the second message.
            let second = try await inbox.receive(Self.email(subject: "Re: فاکتور [#\(first.threadId)]", id: "<f2@x>", token: first.threadId))
            #expect(second.ticketId == ticketId)
            let more = try await inbox.keep([InboundFile(filename: "receipt.txt", bytes: Array("شماره پیگیری ۱۲۳".utf8))], of: second, in: documents, by: f.admin)
            let thread = try await Tickets(db).messages(ticketId, by: f.admin)
            #expect(thread.count == 2)
            #expect(thread[0].attachments.map(\.id) == kept.stored)
            #expect(thread[0].attachments.map(\.filename) == ["فاکتور.pdf", "scan.png"])
            #expect(thread[0].attachments.map(\.mediaType) == ["application/pdf", "image/png"])
            #expect(thread[0].attachments.map(\.size) == [Self.pdf.count, Self.png.count])
            #expect(thread[1].attachments.map(\.id) == more.stored && thread[1].attachments.first?.mediaType == "text/plain; charset=utf-8")
            // They are the customer's documents of the email's interaction, with their bytes.
            let stored = try await documents.content(kept.stored[0], by: f.admin)
            #expect(stored.0.customerId == f.customer.id && stored.0.interactionId == first.interactionId && stored.1 == Data(Self.pdf))
            // A removed document leaves the thread.
            try await documents.delete(kept.stored[1], by: f.admin)
            #expect(try await Tickets(db).messages(ticketId, by: f.admin)[0].attachments.map(\.id) == [kept.stored[0]])
        }
    }

    @Test("an agent's email reply carries its new files and a document by id: stored, linked, and named in the outgoing email; a note keeps its file and sends nothing", arguments: TestDatabase.kinds)
    func reply(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            let root = Self.folder()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let documents = DocumentRepository(db, root: root)
            let opened = try await Inbox(db).receive(Self.email(subject: "گارانتی", id: "<r1@x>"))
            let ticketId = try #require(opened.ticketId)
            let earlier = try await documents.attach(Self.png, filename: "کارت گارانتی.png", customerId: f.customer.id, by: f.admin)
            let agent = f.agents[0].principal
            let file = try documents.check(Self.pdf, filename: "راهنما.pdf")
            let reply = try await Tickets(db).addMessage(ticketId, body: "راهنما پیوست است.", internal: false, files: [file], documentIds: [earlier.id, earlier.id],
                                                         documents: documents, by: agent)
            #expect(reply.channel == "email" && reply.attachments.count == 2)
            #expect(Set(reply.attachments.map(\.filename)) == ["کارت گارانتی.png", "راهنما.pdf"])
            let added = try #require(reply.attachments.first { $0.filename == "راهنما.pdf" })
            let document = try await documents.get(added.id, by: f.admin)
            #expect(document.customerId == f.customer.id && document.interactionId == reply.interactionId && document.interactionId != nil)
            let payload = try #require(try await db.sql.raw("""
                SELECT payload FROM outbox_messages WHERE channel = 'email' AND recipient = 'maryam@example.test'
                """).first()?.decode(column: "payload", as: String.self))
            #expect(Set(ChannelPayload.decode(payload)?.attachments ?? []) == [earlier.id, added.id])
            // A note keeps its file on the ticket; nothing goes out.
            let outboxBefore = try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM outbox_messages")
            let note = try await Tickets(db).addMessage(ticketId, body: "عکس انبار", internal: true, files: [try documents.check(Self.png, filename: "انبار.png")],
                                                        documents: documents, by: agent)
            #expect(!note.isPublic && note.attachments.map(\.filename) == ["انبار.png"])
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM outbox_messages") == outboxBefore)
            #expect(try await documents.get(note.attachments[0].id, by: f.admin).interactionId == nil)
        }
    }

    @Test("files on an SMS reply, too many or too large in all, another customer's document: refused with a reason and nothing stored", arguments: TestDatabase.kinds)
    func refusals(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            let root = Self.folder()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let documents = DocumentRepository(db, root: root, maxSize: 20 << 20)
            let tickets = Tickets(db)
            let sms = try await Inbox(db).receive(InboundMessage(channel: .sms, address: "+989121234567", body: "گوشی خراب است", externalId: "sms-1"))
            let smsTicket = try #require(sms.ticketId)
            let email = try #require(try await Inbox(db).receive(Self.email(subject: "x", id: "<x1@x>")).ticketId)
            let other = try await CustomerRepository(db).create(CustomerInput(name: "دیگری"), by: f.admin)
            let foreign = try await documents.attach(Self.pdf, filename: "a.pdf", customerId: other.id, by: f.admin)
            let before = try await Self.counts(db)
            func code(_ body: () async throws -> Void) async -> String? {
                do { try await body(); return nil } catch StoreError.invalid(let e) { return e.issues.first?.code } catch { return "\(error)" }
            }
            let pdf = try documents.check(Self.pdf, filename: "a.pdf")
            #expect(await code { _ = try await tickets.addMessage(smsTicket, body: "پیوست", internal: false, files: [pdf], documents: documents, by: f.admin) }
                    == "ticket.filesNotCarried")
            #expect(await code { _ = try await tickets.addMessage(email, body: "x", internal: false, files: Array(repeating: pdf, count: 11), documents: documents,
                                                                  by: f.admin) } == "ticket.filesTooMany")
            var big = Self.pdf
            big += [UInt8](repeating: 0x20, count: 8 << 20)
            let large = try documents.check(big, filename: "big.pdf")
            #expect(await code { _ = try await tickets.addMessage(email, body: "x", internal: true, files: [large, large], documents: documents, by: f.admin) }
                    == "ticket.filesTooLarge")
            #expect(await code { _ = try await tickets.addMessage(email, body: "x", internal: false, documentIds: [foreign.id], by: f.admin) }
                    == "send.attachmentUnknown")
            #expect(await code { _ = try await tickets.addMessage(email, body: " ", internal: false, files: [pdf], documents: documents, by: f.admin) }
                    == "required")
            #expect(try await Self.counts(db) == before, "nothing half-stored")
            // The file itself: what the documents refuse, with the file named.
            do { _ = try documents.check(Array("MZ\u{90}\u{0}".utf8), filename: "setup.exe"); Issue.record("an executable was taken") } catch StoreError.invalid(let e) {
                #expect(e.issues.first?.code == "file.kind" && e.issues.first?.params?["filename"] == "setup.exe")
            }
            // The SMS reply without files goes; a note on the SMS ticket keeps a file.
            _ = try await tickets.addMessage(smsTicket, body: "تماس می‌گیریم", internal: false, by: f.admin)
            let note = try await tickets.addMessage(smsTicket, body: "فاکتور مشتری", internal: true, files: [pdf], documents: documents, by: f.admin)
            #expect(note.attachments.count == 1)
        }
    }
}
