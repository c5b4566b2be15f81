import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import PeyvandChannels

/// The SMTP client against a real server (aiosmtpd) on loopback.
@Suite("SMTP client against aiosmtpd", .enabled(if: SMTPPeer.python != nil, "no Python with aiosmtpd found: set PEYVAND_TEST_PYTHON or run scripts/test (it installs requirements-test.txt into .venv)"), .serialized)
struct SMTPClientTests {
    static let pdf: [UInt8] = Array("%PDF-1.4\n".utf8) + (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) }

    func message() -> MIMEMessage {
        MIMEMessage(
            from: MailAddress("shop@peyvand.example", name: "فروشگاه پیوند"),
            to: [MailAddress("sara@example.com", name: "سارا محمدی"), MailAddress("ali@example.com")],
            bcc: [MailAddress("archive@peyvand.example")],
            subject: "فاکتور سفارش ۱۴۰۳ آماده است",
            text: "سلام سارا،\nفاکتور پیوست است.\n.\n..دو نقطه",
            html: "<p>سلام سارا، فاکتور سفارش <b>۱۴۰۳</b> پیوست است.</p>\n.\n<p>.</p>",
            language: "fa",
            inReplyTo: "<thread-1@customer.example>",
            attachments: [MIMEAttachment(filename: "فاکتور ۱۴۰۳.pdf", contentType: "application/pdf", data: Self.pdf)]
        )
    }

    func config(_ port: Int, _ security: SMTPConfiguration.Security = .none, user: String? = nil, password: String = "",
                method: SMTPConfiguration.AuthMethod = .automatic) -> SMTPConfiguration {
        SMTPConfiguration(
            host: "127.0.0.1", port: port, security: security,
            credentials: user.map { .init(username: $0, password: password) }, authMethod: method,
            heloName: "crm.peyvand.example", verifyCertificate: false,
            connectTimeout: .seconds(5), commandTimeout: .seconds(5), dataTimeout: .seconds(10))
    }

    func expectError(_ kind: SMTPError.Kind, retryable: Bool, _ body: () async throws -> Void) async -> SMTPError? {
        do {
            try await body()
            Issue.record("expected an SMTP \(kind) error, the message was sent")
            return nil
        } catch let e as SMTPError {
            #expect(e.kind == kind, "\(e)")
            #expect(e.isRetryable == retryable, "\(e)")
            return e
        } catch {
            Issue.record("not an SMTPError: \(error)")
            return nil
        }
    }

    @Test func persianMultipartWithAttachmentArrivesIntact() async throws {
        let peer = try SMTPPeer()
        defer { peer.stop() }
        let m = message()
        let receipt = try await SMTPClient(configuration: config(peer.port)).send(m)
        #expect(receipt.code == 250 && receipt.text.contains("queued as peyvand-1"))

        let got = try peer.received()
        #expect(got["mail_from"] as? String == "shop@peyvand.example")
        #expect(got["rcpt_tos"] as? [String] == ["sara@example.com", "ali@example.com", "archive@peyvand.example"])
        #expect(got["subject"] as? String == "فاکتور سفارش ۱۴۰۳ آماده است")
        #expect(got["from"] as? String == "فروشگاه پیوند <shop@peyvand.example>")
        #expect(got["to"] as? String == "سارا محمدی <sara@example.com>, ali@example.com")
        #expect(got["in_reply_to"] as? String == "<thread-1@customer.example>")
        #expect(got["message_id"] as? String == m.messageID)
        #expect(got["content_type"] as? String == "multipart/mixed")
        #expect((got["defects"] as? [String])?.isEmpty == true, "\(got["defects"] ?? "")")
        #expect((got["max_line"] as? Int ?? 9999) <= 998)
        #expect(got["bare_lf"] as? Bool == false)

        let parts = try #require(got["parts"] as? [[String: Any]])
        #expect(parts.map { $0["type"] as? String } == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf"])
        #expect(parts[2]["text"] as? String == "سلام سارا،\r\nفاکتور پیوست است.\r\n.\r\n..دو نقطه")
        let html = try #require(parts[3]["text"] as? String)
        #expect(html.contains("<html dir=\"rtl\" lang=\"fa\">"))
        #expect(html.contains("فاکتور سفارش <b>۱۴۰۳</b> پیوست است"))
        #expect(html.contains("\r\n.\r\n<p>.</p>"), "a lone dot line survives dot-stuffing")
        #expect(parts[4]["filename"] as? String == "فاکتور ۱۴۰۳.pdf")
        #expect((parts[4]["base64"] as? String).flatMap { Data(base64Encoded: $0) } == Data(Self.pdf))
        // Bcc reaches the envelope, never the headers.
        #expect(!String(decoding: try peer.raw(), as: UTF8.self).contains("archive@"))
    }

    @Test func startTLSThenAuthPlain() async throws {
        let peer = try SMTPPeer(["--starttls", "--user", "peyvand", "--password", "رمز-secret"])
        defer { peer.stop() }
        try await SMTPClient(configuration: config(peer.port, .startTLS, user: "peyvand", password: "رمز-secret", method: .plain)).send(message())
        #expect(peer.authLog == ["PLAIN ok"])
        #expect(try peer.received()["tls"] as? Bool == true)
    }

    @Test func authLoginWithoutTLS() async throws {
        let peer = try SMTPPeer(["--user", "peyvand", "--password", "secret"])
        defer { peer.stop() }
        try await SMTPClient(configuration: config(peer.port, user: "peyvand", password: "secret", method: .login)).send(message())
        #expect(peer.authLog == ["LOGIN ok"])
        #expect(try peer.received()["tls"] as? Bool == false)
    }

    @Test func implicitTLS() async throws {
        let peer = try SMTPPeer(["--implicit-tls"])
        defer { peer.stop() }
        try await SMTPClient(configuration: config(peer.port, .implicitTLS)).send(message())
        #expect(try peer.received()["tls"] as? Bool == true)
    }

    @Test(arguments: [SMTPConfiguration.AuthMethod.plain, .login])
    func wrongPasswordIsAPermanentErrorWithTheServersText(method: SMTPConfiguration.AuthMethod) async throws {
        let peer = try SMTPPeer(["--starttls", "--user", "peyvand", "--password", "secret"])
        defer { peer.stop() }
        let e = await expectError(.permanent, retryable: false) {
            try await SMTPClient(configuration: config(peer.port, .startTLS, user: "peyvand", password: "wrong", method: method)).send(message())
        }
        #expect(e?.code == 535 && e?.stage == "AUTH")
        #expect(e?.message.contains("Authentication credentials invalid") == true, "\(e?.message ?? "")")
        #expect(peer.messageCount == 0)
    }

    @Test func noCredentialsWhereAuthIsRequiredIsPermanent() async throws {
        let peer = try SMTPPeer(["--user", "peyvand", "--password", "secret"])
        defer { peer.stop() }
        let e = await expectError(.permanent, retryable: false) {
            try await SMTPClient(configuration: config(peer.port)).send(message())
        }
        #expect(e?.code == 530 && e?.stage == "MAIL FROM")
    }

    @Test func recipientRefusedWith451IsRetryable() async throws {
        let peer = try SMTPPeer(["--rcpt-reply", "451 4.3.0 Mailbox busy, try later"])
        defer { peer.stop() }
        let e = await expectError(.transient, retryable: true) {
            try await SMTPClient(configuration: config(peer.port)).send(message())
        }
        #expect(e?.code == 451 && e?.stage == "RCPT TO")
        #expect(e?.message == "<sara@example.com>: 4.3.0 Mailbox busy, try later")
    }

    @Test func dataRefusedWith554IsPermanent() async throws {
        let peer = try SMTPPeer(["--data-reply", "554 5.6.0 Message looks like spam"])
        defer { peer.stop() }
        let e = await expectError(.permanent, retryable: false) {
            try await SMTPClient(configuration: config(peer.port)).send(message())
        }
        #expect(e?.code == 554 && e?.stage == "DATA" && e?.message == "5.6.0 Message looks like spam")
    }

    @Test func startTLSRequiredButNotOfferedIsRefused() async throws {
        let peer = try SMTPPeer()
        defer { peer.stop() }
        let e = await expectError(.unsupported, retryable: false) {
            try await SMTPClient(configuration: config(peer.port, .startTLS)).send(message())
        }
        #expect(e?.stage == "STARTTLS")
        #expect(peer.messageCount == 0)
    }

    @Test func selfSignedCertificateIsRefusedWhenVerifying() async throws {
        let peer = try SMTPPeer(["--starttls"])
        defer { peer.stop() }
        var c = config(peer.port, .startTLS)
        c.verifyCertificate = true
        let e = await expectError(.tls, retryable: false) {
            try await SMTPClient(configuration: c).send(message())
        }
        #expect(e?.message.contains("TLS") == true, "\(String(describing: e))")
        #expect(peer.messageCount == 0)
    }

    @Test func closedPortIsARetryableConnectionError() async throws {
        // A port just bound and released: nothing listens there.
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(channel.localAddress?.port)
        try await channel.close()
        let e = await expectError(.connection, retryable: true) {
            try await SMTPClient(configuration: config(port)).send(message())
        }
        #expect(e?.stage == "connect")
        #expect(e?.message.contains("127.0.0.1:\(port)") == true)
    }

    @Test func silentServerTimesOutRetryably() async throws {
        let peer = try SMTPPeer(["--silent"])
        defer { peer.stop() }
        var c = config(peer.port)
        c.commandTimeout = .milliseconds(300)
        let started = ContinuousClock.now
        let e = await expectError(.timeout, retryable: true) {
            try await SMTPClient(configuration: c).send(message())
        }
        #expect(e?.stage == "greeting")
        #expect(ContinuousClock.now - started < .seconds(3))
    }
}
