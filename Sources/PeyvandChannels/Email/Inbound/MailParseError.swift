/// Why a message could not be read. Each case says what was wrong in words an administrator
/// reading an MTA's log understands; `peyvand mail receive` exits 65 (EX_DATAERR) with it and the
/// HTTP endpoint answers 400 (413 for `tooLarge`).
public enum MailParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No bytes at all.
    case empty
    /// Longer than the limit (25 MiB unless configured).
    case tooLarge(limit: Int)
    /// The message does not begin with header fields (`Name: value` lines).
    case noHeaders
    /// One header field, unfolded, is longer than the limit.
    case headerFieldTooLong(name: String, limit: Int)
    /// One part's header section is longer than the limit.
    case headerSectionTooLong(limit: Int)
    /// One part has more header fields than the limit.
    case tooManyHeaderFields(limit: Int)
    /// More MIME parts in the whole message than the limit.
    case tooManyParts(limit: Int)
    /// multipart or message parts nested deeper than the limit.
    case nestedTooDeep(limit: Int)
    /// A multipart part without a `boundary` parameter.
    case missingBoundary(part: String)
    /// A multipart part whose body never contains a line `--boundary`.
    case boundaryNotFound(boundary: String, part: String)
    /// A base64 part holding bytes that are not base64.
    case invalidBase64(part: String)
    /// No usable sender address in `From`, `Sender`, `Reply-To` or `Return-Path`.
    case noSender

    public var description: String {
        switch self {
        case .empty: "the message is empty"
        case let .tooLarge(limit): "the message is larger than \(Self.size(limit))"
        case .noHeaders: "the message does not begin with header fields (Name: value lines)"
        case let .headerFieldTooLong(name, limit): "the header field \(name.isEmpty ? "" : name + " ")is longer than \(Self.size(limit))"
        case let .headerSectionTooLong(limit): "a header section is longer than \(Self.size(limit))"
        case let .tooManyHeaderFields(limit): "a part has more than \(limit) header fields"
        case let .tooManyParts(limit): "the message has more than \(limit) MIME parts"
        case let .nestedTooDeep(limit): "MIME parts are nested more than \(limit) deep"
        case let .missingBoundary(part): "the multipart \(Self.name(part)) has no boundary parameter"
        case let .boundaryNotFound(boundary, part):
            "the multipart \(Self.name(part)) never contains its boundary line \"--\(boundary.prefix(80))\" (broken or truncated message)"
        case let .invalidBase64(part): "the \(Self.name(part)) says base64 but holds bytes that are not base64"
        case .noSender: "the message names no usable sender address (From, Sender, Reply-To, Return-Path)"
        }
    }

    static func name(_ part: String) -> String { part.isEmpty ? "message body" : "part \(part)" }

    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : bytes >= 1 << 10 && bytes % (1 << 10) == 0 ? "\(bytes >> 10) KiB" : "\(bytes) bytes"
    }
}

/// What the parser refuses, so a hostile or broken message costs bounded time and memory.
public struct MailLimits: Sendable, Hashable {
    /// The whole message, as received.
    public var maxMessageBytes: Int
    /// One header field after unfolding (a long `References` list fits; a runaway line does not).
    public var maxHeaderFieldBytes: Int
    /// One part's header section.
    public var maxHeaderSectionBytes: Int
    /// Header fields in one part's header section.
    public var maxHeaderFields: Int
    /// MIME parts in the whole message (each multipart and each leaf counts).
    public var maxParts: Int
    /// How deep multipart and message/rfc822 parts may nest.
    public var maxDepth: Int

    public init(maxMessageBytes: Int = 25 << 20, maxHeaderFieldBytes: Int = 128 << 10, maxHeaderSectionBytes: Int = 1 << 20,
                maxHeaderFields: Int = 1000, maxParts: Int = 1000, maxDepth: Int = 10) {
        self.maxMessageBytes = maxMessageBytes
        self.maxHeaderFieldBytes = maxHeaderFieldBytes
        self.maxHeaderSectionBytes = maxHeaderSectionBytes
        self.maxHeaderFields = maxHeaderFields
        self.maxParts = maxParts
        self.maxDepth = maxDepth
    }

    public static let standard = MailLimits()
}
