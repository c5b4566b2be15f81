/// Why a call to a bot API failed. The API's own words (`description`) are kept: they say what
/// to fix ("Unauthorized", "Bad Request: chat not found", "Forbidden: bot was blocked by the user").
public enum BotAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The API answered `{"ok":false,"error_code":…,"description":…}` (`retry_after` with a 429).
    case api(code: Int, description: String, retryAfter: Int?)
    /// No answer in time: the message may or may not have arrived.
    case timeout
    /// No connection, or it was lost.
    case connection(String)
    /// An answer that is not the Bot API's JSON (a proxy's page, a truncated body).
    case malformed(status: Int, String)

    /// Worth trying again later: too many requests, the platform's own failures, time-outs,
    /// lost connections, answers that are not the API's.
    public var isRetryable: Bool {
        switch self {
        case .api(let code, _, _): code == 429 || code >= 500
        case .timeout, .connection, .malformed: true
        }
    }

    /// The user blocked the bot, or the chat is gone for it: the link no longer works.
    public var isBlocked: Bool {
        if case .api(403, _, _) = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .api(let code, let text, let after): "the bot API answered \(code): \(text)" + (after.map { " (retry after \($0) s)" } ?? "")
        case .timeout: "the bot API did not answer in time"
        case .connection(let why): "could not reach the bot API: \(why)"
        case .malformed(let status, let why): "the bot API's answer (HTTP \(status)) was not understood: \(why)"
        }
    }
}
