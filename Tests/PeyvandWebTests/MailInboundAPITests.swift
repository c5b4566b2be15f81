import Foundation
import Hummingbird
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

/// `POST /api/v1/mail/inbound`: a raw email in, the receipt out; the statuses a hosted mail
/// service sees; and the customer 360 showing a bounced address.
@Suite("Inbound mail API")
struct MailInboundAPITests {
    struct Receipt: Decodable {
        let customerId: String, interactionId: String, threadId: String, createdCustomer: Bool, duplicate: Bool, documentIds: [String]
    }
    struct Bounce: Decodable {
        struct Recipient: Decodable { let address: String; let status: String; let hard: Bool; let diagnostic: String? }
        let bounce: Bool
        let recipients: [Recipient]
        let originalMessageId: String?
    }

    static let message = [
        "From: =?UTF-8?B?2LPYp9ix2Kcg2KfYrdmF2K/bjA==?= <sara@example.com>", "To: crm@example.ir", "Subject: =?UTF-8?Q?=D8=B3=D9=84=D8=A7=D9=85?=",
        "Message-ID: <api-1@example.com>", "Content-Type: text/plain; charset=utf-8", "", "متن پیام", "",
    ].joined(separator: "\r\n")

    static func headers(_ token: String) -> HTTPFields {
        [.authorization: "Bearer \(token)", .contentType: "message/rfc822"]
    }

    @Test("201 for a new message (200 when it arrives again), 202 for a bounce, 400 malformed, 401, 403, 413")
    func statuses() async throws {
        try await TestApp.with { app, client in
            let first = try await client.send(.post, "/api/v1/mail/inbound", headers: Self.headers(app.token), json: Self.message)
            #expect(first.status == .created, "\(first.text)")
            let receipt = try first.decoded(Receipt.self)
            #expect(receipt.createdCustomer && !receipt.duplicate && receipt.documentIds.isEmpty)
            let customer = try await client.send(.get, "/api/v1/customers/\(receipt.customerId)", headers: app.auth)
            #expect(customer.json["name"] as? String == "سارا احمدی")
            let again = try await client.send(.post, "/api/v1/mail/inbound", headers: Self.headers(app.token), json: Self.message)
            #expect(again.status == .ok)
            #expect(try again.decoded(Receipt.self).interactionId == receipt.interactionId)

            let dsn = [
                "From: MAILER-DAEMON@mx.example.ir", "To: crm@example.ir", "Subject: Undelivered Mail",
                "Content-Type: multipart/report; report-type=delivery-status; boundary=r", "", "--r", "Content-Type: text/plain", "", "failed",
                "--r", "Content-Type: message/delivery-status", "", "Reporting-MTA: dns; mx.example.ir", "",
                "Final-Recipient: rfc822; gone@example.com", "Action: failed", "Status: 5.1.1", "Diagnostic-Code: smtp; 550 no such user",
                "", "--r--", "",
            ].joined(separator: "\r\n")
            let bounced = try await client.send(.post, "/api/v1/mail/inbound", headers: Self.headers(app.token), json: dsn)
            #expect(bounced.status == .accepted, "\(bounced.text)")
            let b = try bounced.decoded(Bounce.self)
            #expect(b.bounce && b.recipients.map(\.address) == ["gone@example.com"] && b.recipients[0].hard && b.originalMessageId == nil)
            #expect(try await EmailBounces(app.database).isHardBounced("gone@example.com"))

            let broken = try await client.send(.post, "/api/v1/mail/inbound", headers: Self.headers(app.token),
                                               json: "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--y\r\n")
            #expect(broken.status == .badRequest)
            let problem = try broken.decoded(ProblemBody.self)
            #expect(problem.detail?.contains("never contains its boundary line") == true)
            #expect(try await client.send(.post, "/api/v1/mail/inbound", headers: Self.headers(app.token), json: "just text").status == .badRequest)
            #expect(try await client.send(.post, "/api/v1/mail/inbound", headers: Self.headers(app.token), json: nil).status == .badRequest)

            #expect(try await client.send(.post, "/api/v1/mail/inbound", headers: [.contentType: "message/rfc822"], json: Self.message)
                .status == .unauthorized)
            let (_, repToken) = try await app.token(for: .salesRep, email: "rep@example.test")
            #expect(try await client.send(.post, "/api/v1/mail/inbound", headers: Self.headers(repToken), json: Self.message).status == .forbidden)
            let (_, channelToken) = try await app.token(for: .channelManager, email: "channels@example.test")
            let other = Self.message.replacingOccurrences(of: "api-1@", with: "api-2@")
            #expect(try await client.send(.post, "/api/v1/mail/inbound", headers: Self.headers(channelToken), json: other).status == .created)

            let huge = Self.message + String(repeating: "x", count: 25 << 20)
            #expect(try await client.send(.post, "/api/v1/mail/inbound", headers: Self.headers(app.token), json: huge).status == .contentTooLarge)
        }
    }

    @Test("the customer 360 marks a hard-bounced address, in Persian and in English")
    func bounceBadge() async throws {
        try await TestApp.with { app, client in
            let created = try await client.send(.post, "/api/v1/customers", headers: app.auth,
                                                json: #"{"name":"مریم","emails":["maryam@example.com","ok@example.com"]}"#)
            let id = try created.decoded(IdBody.self).id
            try await EmailBounces(app.database).record(address: "Maryam@Example.com", status: "5.1.1", diagnostic: "550 user unknown", hard: true)
            var browser = Browser(client)
            _ = try await browser.logIn()
            let fa = try await browser.request(.get, "/customers/\(id)?lang=fa").text
            #expect(fa.contains(#"<span class="badge bounced hard" title="ایمیل به این نشانی برگشت خورد (5.1.1 550 user unknown، "#))
            #expect(fa.contains(">برگشتی</span>"))
            #expect(fa.components(separatedBy: "badge bounced").count == 2, "only the bounced address has a badge")
            let en = try await browser.request(.get, "/customers/\(id)?lang=en").text
            #expect(en.contains(">bounced</span>") && en.contains("Mail to this address came back (5.1.1 550 user unknown, "))
        }
    }
}
