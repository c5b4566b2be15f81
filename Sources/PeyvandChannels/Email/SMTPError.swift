import NIOSSL

/// Why a message was not handed to the SMTP server. `isRetryable` tells the outbox whether to
/// try again later (4xx replies, time-outs, connection failures) or give up (5xx replies,
/// a server lacking what the configuration requires).
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The server answered 4xx: try again later.
        case transient
        /// The server answered 5xx: the same message will be refused again.
        case permanent
        /// No reply in time.
        case timeout
        /// Could not connect, or the connection was lost.
        case connection
        /// The TLS handshake failed (certificate, protocol).
        case tls
        /// The server lacks something the configuration requires (STARTTLS, an AUTH method)
        /// or said something that is not SMTP.
        case unsupported
        /// The message or an address cannot be sent as given (a line break in an address).
        case invalidInput
    }

    public var kind: Kind
    /// The step that failed: `connect`, `greeting`, `EHLO`, `STARTTLS`, `AUTH`, `MAIL FROM`, `RCPT TO`, `DATA`, `message`.
    public var stage: String
    /// The server's reply code, when it replied.
    public var code: Int?
    /// The server's reply text (all lines), or what went wrong locally.
    public var message: String

    public init(_ kind: Kind, stage: String, code: Int? = nil, message: String) {
        self.kind = kind
        self.stage = stage
        self.code = code
        self.message = message
    }

    public var isRetryable: Bool {
        switch kind {
        case .transient, .timeout, .connection: return true
        case .permanent, .tls, .unsupported, .invalidInput: return false
        }
    }

    public var description: String {
        "SMTP \(kind.rawValue) error at \(stage)" + (code.map { " (\($0))" } ?? "") + ": \(message)"
    }

    /// The error for an unexpected reply: 4xx transient, 5xx permanent, anything else not SMTP.
    static func reply(_ reply: SMTPReply, stage: String) -> SMTPError {
        let kind: Kind
        switch reply.code {
        case 400..<500: kind = .transient
        case 500..<600: kind = .permanent
        default: kind = .unsupported
        }
        return SMTPError(kind, stage: stage, code: reply.code, message: reply.text)
    }
}

extension SMTPError {
    /// A local failure as an SMTPError: TLS failures (certificate, handshake) apart from lost connections.
    static func from(_ error: any Error, stage: String) -> SMTPError {
        if let e = error as? SMTPError { return e }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            return SMTPError(.tls, stage: stage, message: "TLS failed: \(error)")
        }
        return SMTPError(.connection, stage: stage, message: "the connection failed: \(error)")
    }
}
