import Foundation
import Hummingbird
import Logging
import NIOCore

/// A real HTTP server on 127.0.0.1 speaking the Bot API's shapes (`POST /bot<token>/<method>`):
/// `sendMessage` answers a fresh message id, `setWebhook`/`deleteWebhook` `true`, `getUpdates` the
/// updates it holds from the asked offset. Each request is recorded; planned answers (a 429 with
/// retry_after, a 403, a 500, a hang) are given to the next calls in turn.
final class LoopbackBotAPI: Sendable {
    struct Call: Sendable {
        let token: String
        let method: String
        let json: [String: AnyJSON]
        var chatId: String? { json["chat_id"]?.text }
        var text: String? { json["text"]?.text }
    }

    /// A JSON value the tests read back.
    enum AnyJSON: Sendable {
        case string(String), number(Double), other
        var text: String? {
            switch self {
            case .string(let s): s
            case .number(let n): String(Int64(n))
            case .other: nil
            }
        }
    }

    enum Plan: Sendable {
        case ok
        case fail(Int, String, retryAfter: Int? = nil)
        case hang
        case raw(Int, String)
    }

    actor Log {
        var calls: [Call] = []
        var plans: [Plan] = []
        var updates: [(id: Int64, json: String)] = []
        var nextMessageId: Int64 = 500
        var port: Int?

        func record(_ call: Call) -> (Plan, Int64) {
            calls.append(call)
            nextMessageId += 1
            return (plans.isEmpty ? .ok : plans.removeFirst(), nextMessageId)
        }

        func plan(_ next: [Plan]) { plans = next }
        func hold(_ next: [(Int64, String)]) { updates.append(contentsOf: next.map { (id: $0.0, json: $0.1) }) }
        func updates(from offset: Int64) -> [String] { updates.filter { $0.id >= offset }.map(\.json) }
        func setPort(_ p: Int) { port = p }
    }

    let log: Log
    let baseURL: String
    private let task: Task<Void, any Error>

    private init(log: Log, task: Task<Void, any Error>, port: Int) {
        self.log = log
        self.task = task
        self.baseURL = "http://127.0.0.1:\(port)"
    }

    static func start() async throws -> LoopbackBotAPI {
        let log = Log()
        let router = Router()
        router.post("/:bot/:method") { request, context -> Response in
            let bot = context.parameters.get("bot") ?? ""
            let method = context.parameters.get("method") ?? ""
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let object = (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
            let json = object.mapValues { value -> AnyJSON in
                if let s = value as? String { return .string(s) }
                if let n = value as? NSNumber { return .number(n.doubleValue) }
                return .other
            }
            let (plan, messageId) = await log.record(Call(token: String(bot.dropFirst(3)), method: method, json: json))
            func answer(_ status: Int, _ body: String) -> Response {
                Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
            }
            switch plan {
            case .hang:
                try await Task.sleep(for: .seconds(30))
                return answer(200, #"{"ok":true,"result":true}"#)
            case .fail(let code, let description, let retryAfter):
                let parameters = retryAfter.map { #","parameters":{"retry_after":\#($0)}"# } ?? ""
                return answer(code, #"{"ok":false,"error_code":\#(code),"description":"\#(description)"\#(parameters)}"#)
            case .raw(let code, let body):
                return answer(code, body)
            case .ok:
                switch method {
                case "sendMessage":
                    let chat = json["chat_id"]?.text ?? "0"
                    return answer(200, #"{"ok":true,"result":{"message_id":\#(messageId),"chat":{"id":\#(chat),"type":"private"},"date":1764950400}}"#)
                case "getUpdates":
                    let offset = Int64(json["offset"]?.text ?? "0") ?? 0
                    let items = await log.updates(from: offset)
                    return answer(200, #"{"ok":true,"result":[\#(items.joined(separator: ","))]}"#)
                default:
                    return answer(200, #"{"ok":true,"result":true}"#)
                }
            }
        }
        var logger = Logger(label: "loopback-bot-api")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in await log.setPort(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        for _ in 0..<500 {
            if let port = await log.port { return LoopbackBotAPI(log: log, task: task, port: port) }
            try await Task.sleep(for: .milliseconds(10))
        }
        task.cancel()
        throw CancellationError()
    }

    var calls: [Call] { get async { await log.calls } }

    func sent() async -> [Call] { await log.calls.filter { $0.method == "sendMessage" } }

    func stop() { task.cancel() }
}
