import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PeyvandStore

/// A client of the Telegram Bot API, which Bale offers too at another address: `POST
/// {base}/bot{token}/{method}` with a JSON body, answered `{"ok":true,"result":…}` or
/// `{"ok":false,"error_code":…,"description":…,"parameters":{"retry_after":…}}`. The token is
/// part of every URL, so no URL is ever put in an error or a log line.
public struct BotAPIClient: Sendable {
    /// `https://tapi.bale.ai` for Bale, `https://api.telegram.org` for Telegram.
    public let baseURL: String
    let token: String
    let client: HTTPClient
    /// How long one call (other than a long poll) may take.
    public var timeout: TimeAmount

    public static let bale = "https://tapi.bale.ai"
    public static let telegram = "https://api.telegram.org"

    public init(baseURL: String, token: String, client: HTTPClient = .shared, timeout: TimeAmount = .seconds(15)) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.token = token
        self.client = client
        self.timeout = timeout
    }

    /// Whether a token has the Bot API's shape (`123456789:ABC…`), so a typo is caught at start.
    public static func isPlausibleToken(_ token: String) -> Bool {
        let parts = token.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[0].allSatisfy(\.isASCII) && parts[0].allSatisfy(\.isNumber)
            && parts[1].count >= 10 && parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    /// Sends `text` to a chat; returns the platform's message id.
    public func sendMessage(chatId: String, text: String) async throws(BotAPIError) -> Int64 {
        struct Body: Encodable {
            let chat_id: ChatID
            let text: String
        }
        struct Sent: Decodable { let message_id: Int64 }
        let result: Sent = try await call("sendMessage", Body(chat_id: ChatID(chatId), text: text), timeout: timeout)
        return result.message_id
    }

    /// Registers the webhook: the platform posts every update to `url`, with `secretToken` in
    /// `X-Telegram-Bot-Api-Secret-Token` when given.
    public func setWebhook(url: String, secretToken: String?) async throws(BotAPIError) {
        struct Body: Encodable {
            let url: String
            let secret_token: String?
            let allowed_updates: [String]
        }
        let _: Bool = try await call("setWebhook", Body(url: url, secret_token: secretToken, allowed_updates: ["message"]), timeout: timeout)
    }

    /// Removes the webhook, so `getUpdates` may be used instead.
    public func deleteWebhook() async throws(BotAPIError) {
        struct Body: Encodable {}
        let _: Bool = try await call("deleteWebhook", Body(), timeout: timeout)
    }

    /// The updates from `offset` on, waiting up to `wait` seconds for one (long polling). Each
    /// comes with its id; an update that cannot be read is returned as nil beside its id, so the
    /// offset still moves past it.
    public func getUpdates(offset: Int64, wait: Int, limit: Int = 100) async throws(BotAPIError) -> [(id: Int64, update: MessengerUpdate?)] {
        struct Body: Encodable {
            let offset: Int64
            let timeout: Int
            let limit: Int
            let allowed_updates: [String]
        }
        let items: [LenientUpdate] = try await call("getUpdates", Body(offset: offset, timeout: wait, limit: limit, allowed_updates: ["message"]),
                                                    timeout: timeout + .seconds(Int64(max(wait, 0))))
        return items.compactMap { item in item.id.map { (id: $0, update: item.update) } }
    }

    /// One method call: the decoded `result`, or why not.
    func call<Body: Encodable, Result: Decodable>(_ method: String, _ body: Body, timeout: TimeAmount) async throws(BotAPIError) -> Result {
        var request = HTTPClientRequest(url: "\(baseURL)/bot\(token)/\(method)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Peyvand-Bot/1")
        guard let data = try? JSONEncoder().encode(body) else { throw .malformed(status: 0, "the request could not be written") }
        request.body = .bytes(ByteBuffer(bytes: data))
        let status: Int
        let bytes: ByteBuffer
        do {
            let response = try await client.execute(request, timeout: timeout)
            status = Int(response.status.code)
            bytes = try await response.body.collect(upTo: 4 << 20)
        } catch let error as HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout || error == .writeTimeout {
                throw .timeout
            }
            throw .connection(String(describing: error))
        } catch let error as NIOTooManyBytesError {
            throw .malformed(status: 0, String(describing: error))
        } catch {
            throw .connection(String(describing: error))
        }
        let envelope: BotAPIEnvelope<Result>
        do {
            envelope = try JSONDecoder().decode(BotAPIEnvelope<Result>.self, from: Data(bytes.readableBytesView))
        } catch {
            // A failure answered without the API's JSON (a proxy's 502 page) still says how it failed.
            if !(200..<300).contains(status) {
                throw .api(code: status, description: String(String(buffer: bytes).prefix(200)), retryAfter: nil)
            }
            throw .malformed(status: status, String(String(describing: error).prefix(300)))
        }
        guard envelope.ok, let result = envelope.result else {
            throw .api(code: envelope.error_code ?? status, description: envelope.description ?? "no description",
                       retryAfter: envelope.parameters?.retry_after)
        }
        return result
    }
}

/// Every answer of the Bot API: `{"ok":true,"result":…}` or `{"ok":false,"error_code":…,"description":…,"parameters":{"retry_after":…}}`.
struct BotAPIEnvelope<R: Decodable>: Decodable {
    struct Parameters: Decodable { let retry_after: Int? }
    let ok: Bool
    let result: R?
    let error_code: Int?
    let description: String?
    let parameters: Parameters?
}

/// A chat id as the API takes it: a number, or a public `@name`.
struct ChatID: Encodable {
    let raw: String
    init(_ raw: String) { self.raw = raw }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let number = Int64(raw) { try c.encode(number) } else { try c.encode(raw) }
    }
}

/// An update of a `getUpdates` answer, read even when its message cannot be.
struct LenientUpdate: Decodable {
    let id: Int64?
    let update: MessengerUpdate?

    struct IDOnly: Decodable { let update_id: Int64 }

    init(from decoder: any Decoder) throws {
        update = try? MessengerUpdate(from: decoder)
        id = update?.updateId ?? (try? IDOnly(from: decoder))?.update_id
    }
}
