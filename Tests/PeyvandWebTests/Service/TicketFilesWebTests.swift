import Foundation
import HTTPTypes
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

/// The files of a ticket's thread through the router: an email's attachment in the API's thread
/// and on the page (fa and en), downloaded byte for byte; a reply from the page with a file (a
/// multipart form) going out with it; the API's `attachmentIds`; refusals that store nothing.
@Suite struct TicketFilesWebTests {
    struct Attachment: Decodable { let id: String, filename: String, contentType: String, size: Int }
    struct Message: Decodable { let id: String, direction: String, visibility: String, attachments: [Attachment] }

    static let pdf = "%PDF-1.4\n% فاکتور\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"

    /// An email from the customer with a PDF attached.
    static func email(id: String) -> String {
        [
            "From: Maryam <maryam@example.test>", "To: crm@example.ir", "Subject: =?UTF-8?B?\(Data("فاکتور اشتباه".utf8).base64EncodedString())?=",
            "Message-ID: <\(id)@example.test>", "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"m\"", "",
            "--m", "Content-Type: text/plain; charset=utf-8", "", "فاکتور پیوست است.", "",
            "--m", "Content-Type: application/pdf", "Content-Disposition: attachment; filename*=UTF-8''%D9%81%D8%A7%DA%A9%D8%AA%D9%88%D8%B1.pdf",
            "Content-Transfer-Encoding: base64", "", Data(pdf.utf8).base64EncodedString(), "--m--", "",
        ].joined(separator: "\r\n")
    }

    /// A multipart form as a browser sends it: the fields, then each file under `files`.
    static func multipart(_ fields: [(String, String)], files: [(name: String, content: String)]) -> String {
        var body = fields.map { "--b0\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n" }.joined()
        for file in files {
            body += "--b0\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n\(file.content)\r\n"
        }
        return body + "--b0--\r\n"
    }

    static func count(_ app: TestApp, _ table: String) async throws -> Int {
        try await app.database.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test("an email's file in the API thread and on the page in fa and en, downloaded byte for byte; a reply from the page carries a file to the outbox; a refused file stores nothing")
    func thread() async throws {
        try await TestApp.with { app, client in
            let customerId = try await TicketsAPITests.customer(app, client)
            let received = try await client.send(.post, "/api/v1/mail/inbound", headers: MailInboundAPITests.headers(app.token), json: Self.email(id: "files-1"))
            #expect(received.status == .created, "\(received.text)")
            let tickets = try await client.send(.get, "/api/v1/tickets?customerId=\(customerId)", headers: app.auth)
            let ticketId = try #require(try tickets.decoded(ListOf<IdBody>.self).items.first?.id)
            let thread = try await client.send(.get, "/api/v1/tickets/\(ticketId)/messages", headers: app.auth)
            let files = try #require(try thread.decoded(ListOf<Message>.self).items.first?.attachments)
            #expect(files.count == 1)
            let file = try #require(files.first)
            #expect(file.filename == "فاکتور.pdf" && file.contentType == "application/pdf" && file.size == Data(Self.pdf.utf8).count)
            let content = try await client.send(.get, "/api/v1/documents/\(file.id)/content", headers: app.auth)
            #expect(content.text == Self.pdf)

            var browser = Browser(client)
            _ = try await browser.logIn()
            for (lang, size) in [("fa", "۱ کیلوبایت"), ("en", "1 KB")] {
                let page = try await browser.request(.get, "/tickets/\(ticketId)?lang=\(lang)")
                #expect(page.text.contains("href=\"/documents/\(file.id)\" download><bdi dir=\"auto\" class=\"msg-file-name\">فاکتور.pdf</bdi>"))
                #expect(page.text.contains("<small class=\"hint msg-file-size\">\(size)</small>"))
                #expect(page.text.contains("enctype=\"multipart/form-data\"") && page.text.contains("id=\"tk-files\" name=\"files\" type=\"file\" multiple"))
            }
            let download = try await browser.request(.get, "/documents/\(file.id)")
            #expect(download.text == Self.pdf)

            // A reply from the page with a file: stored, linked, and named in the outgoing email.
            let page = try await browser.request(.get, "/tickets/\(ticketId)")
            let csrf = try #require(Browser.hidden("_csrf", in: page.text))
            let cookie = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let headers: HTTPFields = [.cookie: cookie, .contentType: "multipart/form-data; boundary=b0"]
            let sent = try await client.send(.post, "/tickets/\(ticketId)/messages", headers: headers,
                                             json: Self.multipart([("_csrf", csrf), ("body", "اصلاحیه پیوست است."), ("visibility", "public")],
                                                                  files: [("اصلاحیه.txt", "فاکتور اصلاح شد"), ("", "")]))
            #expect(sent.status == .seeOther, "\(sent.text)")
            let after = try await client.send(.get, "/api/v1/tickets/\(ticketId)/messages", headers: app.auth)
            let reply = try #require(try after.decoded(ListOf<Message>.self).items.last)
            #expect(reply.direction == "outbound" && reply.attachments.map(\.filename) == ["اصلاحیه.txt"])
            let payload = try #require(try await app.database.sql.raw("""
                SELECT payload FROM outbox_messages WHERE channel = 'email' AND recipient = 'maryam@example.test'
                """).first()?.decode(column: "payload", as: String.self))
            #expect(ChannelPayload.decode(payload)?.attachments == [Int64(reply.attachments[0].id) ?? -1])

            // A refused file: the page again with the file named and the reply as typed; nothing stored.
            let before = [try await Self.count(app, "ticket_messages"), try await Self.count(app, "documents"), try await Self.count(app, "outbox_messages")]
            let refused = try await client.send(.post, "/tickets/\(ticketId)/messages", headers: headers,
                                                json: Self.multipart([("_csrf", csrf), ("body", "نسخه نصبی"), ("visibility", "public")],
                                                                     files: [("ok.txt", "متن"), ("setup.exe", "MZ\u{90}")]))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("\u{2068}setup.exe\u{2069}: is not an accepted kind of document"))
            #expect(refused.text.contains(">نسخه نصبی</textarea>"))
            let empty = try await client.send(.post, "/tickets/\(ticketId)/messages", headers: headers,
                                              json: Self.multipart([("_csrf", csrf), ("body", "خالی"), ("visibility", "internal")], files: [("empty.pdf", "")]))
            #expect(empty.status == .unprocessableContent && empty.text.contains("\u{2068}empty.pdf\u{2069}: the file is empty"))
            let csrfLess = try await client.send(.post, "/tickets/\(ticketId)/messages", headers: headers,
                                                 json: Self.multipart([("body", "x")], files: [("a.txt", "a")]))
            #expect(csrfLess.status == .forbidden)
            #expect([try await Self.count(app, "ticket_messages"), try await Self.count(app, "documents"), try await Self.count(app, "outbox_messages")] == before)

            // The API: the email's document by id goes with a note; an id that is not a document of this customer is refused.
            let note = try await client.send(.post, "/api/v1/tickets/\(ticketId)/messages", headers: app.auth,
                                             json: #"{"body":"همان فاکتور","visibility":"internal","attachmentIds":["\#(file.id)"]}"#)
            #expect(note.status == .created)
            #expect(try note.decoded(Message.self).attachments.map(\.id) == [file.id])
            let unknown = try await client.send(.post, "/api/v1/tickets/\(ticketId)/messages", headers: app.auth,
                                                json: #"{"body":"x","attachmentIds":["999999"]}"#)
            #expect(try unknown.status == .unprocessableContent && (try unknown.decoded(ProblemBody.self)).error("attachmentIds")?.code == "send.attachmentUnknown")
            let malformed = try await client.send(.post, "/api/v1/tickets/\(ticketId)/messages", headers: app.auth, json: #"{"body":"x","attachmentIds":["a"]}"#)
            #expect(malformed.status == .unprocessableContent)
        }
    }

    @Test("an SMS ticket: a public reply with a file is refused in fa on the page and as problem+json; a note keeps it; files past the limit are refused with a message")
    func channelWithoutFiles() async throws {
        try await TestApp.with { app, client in
            _ = try await client.send(.post, "/api/v1/customers", headers: app.auth,
                                      json: #"{"kind":"person","name":"رضا","phones":["09121234567"],"consents":{"sms":true}}"#)
            let landed = try await Inbox(app.database).receive(InboundMessage(channel: .sms, address: "+989121234567", body: "گوشی روشن نمی‌شود", externalId: "s1"))
            let ticketId = try #require(landed.ticketId)
            let doc = try await client.send(.post, "/api/v1/customers/\(landed.customerId)/documents?filename=a.pdf", headers: app.auth, json: Self.pdf)
            let docId = try doc.decoded(IdBody.self).id
            let api = try await client.send(.post, "/api/v1/tickets/\(ticketId)/messages", headers: app.auth, json: #"{"body":"x","attachmentIds":["\#(docId)"]}"#)
            #expect(try api.status == .unprocessableContent && (try api.decoded(ProblemBody.self)).error("attachmentIds")?.code == "ticket.filesNotCarried")

            var browser = Browser(client)
            _ = try await browser.logIn()
            let page = try await browser.request(.get, "/tickets/\(ticketId)?lang=fa")
            let csrf = try #require(Browser.hidden("_csrf", in: page.text))
            let headers: HTTPFields = [.cookie: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "),
                                       .contentType: "multipart/form-data; boundary=b0"]
            let before = try await Self.count(app, "ticket_messages")
            let refused = try await client.send(.post, "/tickets/\(ticketId)/messages?lang=fa", headers: headers,
                                                json: Self.multipart([("_csrf", csrf), ("body", "راهنما"), ("visibility", "public")], files: [("guide.txt", "راهنما")]))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("پیامک یا پیام‌رسان می‌رود که پرونده نمی‌برد"))
            #expect(try await Self.count(app, "ticket_messages") == before)
            let note = try await client.send(.post, "/tickets/\(ticketId)/messages", headers: headers,
                                             json: Self.multipart([("_csrf", csrf), ("body", "راهنما"), ("visibility", "internal")], files: [("guide.txt", "راهنما")]))
            #expect(note.status == .seeOther)
            let thread = try await client.send(.get, "/api/v1/tickets/\(ticketId)/messages", headers: app.auth)
            #expect(try thread.decoded(ListOf<Message>.self).items.last?.attachments.map(\.filename) == ["guide.txt"])
            // Past the limit in all: the page says so (413), nothing stored.
            let huge = String(repeating: "a", count: Tickets.maxFileBytes + 300 * 1024)
            let tooBig = try await client.send(.post, "/tickets/\(ticketId)/messages?lang=fa", headers: headers,
                                               json: Self.multipart([("_csrf", csrf), ("body", "x"), ("visibility", "internal")], files: [("big.txt", huge)]))
            #expect(tooBig.status == .contentTooLarge)
            #expect(tooBig.text.contains("روی هم حداکثر ۱۵ مگابایت پرونده"))
            #expect(try await Self.count(app, "ticket_messages") == before + 1)
        }
    }
}
