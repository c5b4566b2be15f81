import Foundation
import NIOCore
import NIOPosix

/// Hands messages to one SMTP server: greeting, EHLO (HELO if refused), STARTTLS, AUTH PLAIN or
/// LOGIN, MAIL FROM, RCPT TO for every recipient, DATA (dot-stuffed), QUIT. One connection per
/// `send`. Every reply code is checked; failures are `SMTPError`s carrying the server's text.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    let group: any EventLoopGroup

    public init(configuration: SMTPConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.configuration = configuration
        self.group = group
    }

    /// What the server said when it took the message (usually its queue id).
    public struct Receipt: Sendable {
        public var code: Int
        public var text: String
    }

    /// Sends `message` to all its To, Cc and Bcc recipients.
    @discardableResult
    public func send(_ message: MIMEMessage) async throws -> Receipt {
        try await send(from: message.from.address, to: message.recipients, data: message.rendered())
    }

    /// Sends an already written RFC 5322 message (`data`, any line ends) with the given envelope.
    @discardableResult
    public func send(from sender: String, to recipients: [String], data: String) async throws -> Receipt {
        try Self.checkAddress(sender, stage: "MAIL FROM", allowEmpty: true)
        guard !recipients.isEmpty else { throw SMTPError(.invalidInput, stage: "RCPT TO", message: "no recipients") }
        for r in recipients { try Self.checkAddress(r, stage: "RCPT TO", allowEmpty: false) }

        let connection = try await SMTPConnection.connect(configuration, group: group)
        do {
            let receipt = try await dialogue(connection, sender: sender, recipients: recipients, data: data)
            await connection.close()
            return receipt
        } catch {
            await connection.close()
            throw error
        }
    }

    private func dialogue(_ c: SMTPConnection, sender: String, recipients: [String], data: String) async throws -> Receipt {
        let greeting = try await c.reply(stage: "greeting")
        guard greeting.code == 220 else { throw SMTPError.reply(greeting, stage: "greeting") }

        var extensions = try await hello(c)
        if configuration.security == .startTLS {
            guard extensions.keys.contains("STARTTLS") else {
                throw SMTPError(.unsupported, stage: "STARTTLS", message: "the server does not offer STARTTLS, which this configuration requires")
            }
            try await c.command("STARTTLS", stage: "STARTTLS", expect: [220])
            try await c.startTLS()
            extensions = try await hello(c, allowHELO: false)
        }
        if let credentials = configuration.credentials {
            try await authenticate(c, credentials, offered: extensions["AUTH"] ?? [])
        }

        try await c.command("MAIL FROM:<\(sender)>", stage: "MAIL FROM", expect: [250])
        for r in recipients {
            do {
                try await c.command("RCPT TO:<\(r)>", stage: "RCPT TO", expect: [250, 251])
            } catch var e as SMTPError {
                e.message = "<\(r)>: " + e.message
                throw e
            }
        }
        try await c.command("DATA", stage: "DATA", expect: [354])
        try await c.write(ByteBuffer(string: Self.dotStuffed(data)), stage: "DATA")
        let accepted = try await c.reply(stage: "DATA", timeout: configuration.dataTimeout)
        guard accepted.code == 250 else { throw SMTPError.reply(accepted, stage: "DATA") }

        // The message is taken; a failing QUIT changes nothing.
        _ = try? await c.command("QUIT", stage: "QUIT", expect: [221])
        return Receipt(code: accepted.code, text: accepted.text)
    }

    /// EHLO, or HELO when the server refuses EHLO with 5xx. Returns the extensions offered:
    /// keyword (upper case) → parameters.
    private func hello(_ c: SMTPConnection, allowHELO: Bool = true) async throws -> [String: [String]] {
        try await c.send("EHLO \(configuration.heloName)", stage: "EHLO")
        let r = try await c.reply(stage: "EHLO")
        if r.code == 250 {
            var ext: [String: [String]] = [:]
            for line in r.lines.dropFirst() {
                let words = line.split(separator: " ").map(String.init)
                guard let key = words.first?.uppercased() else { continue }
                ext[key] = words.dropFirst().map { $0.uppercased() }
            }
            return ext
        }
        guard allowHELO, (500..<600).contains(r.code) else { throw SMTPError.reply(r, stage: "EHLO") }
        try await c.command("HELO \(configuration.heloName)", stage: "HELO", expect: [250])
        return [:]
    }

    private func authenticate(_ c: SMTPConnection, _ credentials: SMTPConfiguration.Credentials, offered: [String]) async throws {
        let method: SMTPConfiguration.AuthMethod
        switch configuration.authMethod {
        case .automatic:
            if offered.contains("PLAIN") { method = .plain }
            else if offered.contains("LOGIN") { method = .login }
            else {
                throw SMTPError(.unsupported, stage: "AUTH", message: offered.isEmpty
                    ? "the server offers no authentication here (some offer it only after STARTTLS)"
                    : "the server offers only \(offered.joined(separator: " ")); Peyvand speaks PLAIN and LOGIN")
            }
        case .plain, .login:
            method = configuration.authMethod
        }
        let b64 = { (s: String) in Data(s.utf8).base64EncodedString() }
        switch method {
        case .plain, .automatic:
            try await c.command("AUTH PLAIN " + b64("\0\(credentials.username)\0\(credentials.password)"), stage: "AUTH", expect: [235])
        case .login:
            try await c.command("AUTH LOGIN", stage: "AUTH", expect: [334])
            try await c.command(b64(credentials.username), stage: "AUTH", expect: [334])
            try await c.command(b64(credentials.password), stage: "AUTH", expect: [235])
        }
    }

    /// CRLF line ends, a dot doubled at the start of every line, and the closing `.` line.
    static func dotStuffed(_ data: String) -> String {
        var lines = MIMEEncoding.normalizeLineBreaks(data).components(separatedBy: "\r\n")
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n.\r\n"
    }

    /// An envelope address must not break the command line it is written into.
    static func checkAddress(_ address: String, stage: String, allowEmpty: Bool) throws {
        if address.isEmpty && allowEmpty { return }
        let bad = address.isEmpty || address.unicodeScalars.contains { $0.value < 0x21 || $0 == "<" || $0 == ">" || $0.value == 0x7F }
        if bad {
            throw SMTPError(.invalidInput, stage: stage, message: "not a mail address: \(address.debugDescription)")
        }
    }
}
