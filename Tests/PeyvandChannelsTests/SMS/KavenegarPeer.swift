import Foundation
import Hummingbird
import Logging
import NIOCore

/// A real HTTP server on 127.0.0.1 speaking Kavenegar's shapes: `send.json` records each request's
/// form fields and answers a `messageid` (the same one again for a repeated `localid`, as
/// Kavenegar does), or the code it is told to (418, 411, 500), or hangs past the client's
/// time-out; `status.json` answers the statuses it is given; `receive.json` hands out the replies
/// it holds once. `POST /generic/send` takes a JSON body for the generic adapter.
final class KavenegarPeer: Sendable {
    enum Answer: Sendable {
        case ok
        case code(Int)
        case http(Int)
        case hang(Duration)
    }

    struct Request: Sendable {
        let key: String
        let fields: [String: String]
        let contentType: String
    }

    struct Reply: Sendable {
        let messageid: Int
        let message: String
        let sender: String
        var receptor = "30004554"
        var date = 1_764_950_400

        var json: [String: Any] { ["messageid": messageid, "message": message, "sender": sender, "receptor": receptor, "date": date] }
    }

    actor State {
        var requests: [Request] = []
        var answers: [Answer] = []
        var idsByLocal: [String: Int] = [:]
        /// Messages the gateway passed on to the operator: one per distinct localid.
        var handedOn = 0
        var nextId = 8_000_000_001
        var statuses: [String: Int] = [:]
        var replies: [Reply] = []
        var statusQueries: [[String]] = []
        var port: Int?

        func record(_ r: Request) -> (Answer, Int) {
            requests.append(r)
            let answer = answers.isEmpty ? .ok : answers.removeFirst()
            if case .code = answer { return (answer, 0) }
            if case .http = answer { return (answer, 0) }
            let local = r.fields["localid"] ?? r.fields["ref"] ?? UUID().uuidString
            if let id = idsByLocal[local] { return (answer, id) }
            let id = nextId
            nextId += 1
            idsByLocal[local] = id
            statuses[String(id)] = 1
            handedOn += 1
            return (answer, id)
        }

        func answer(_ next: [Answer]) { answers = next }
        func setStatus(_ id: String, _ code: Int) { statuses[id] = code }
        func addReply(_ reply: Reply) { replies.append(reply) }
        func takeReplies() -> [Reply] { defer { replies = [] }; return replies }
        func query(_ ids: [String]) -> [(String, Int)] {
            statusQueries.append(ids)
            return ids.map { ($0, statuses[$0] ?? 100) }
        }
        func setPort(_ p: Int) { port = p }
    }

    let state: State
    private let task: Task<Void, any Error>
    let baseURL: String

    private init(task: Task<Void, any Error>, port: Int, state: State) {
        self.task = task
        self.baseURL = "http://127.0.0.1:\(port)"
        self.state = state
    }

    static func form(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for part in body.split(separator: "&") {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            fields[decode(kv[0])] = kv.count > 1 ? decode(kv[1]) : ""
        }
        return fields
    }

    static func json(_ object: Any, status: Int = 200) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(status: .init(code: status), headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func start() async throws -> KavenegarPeer {
        let state = State()
        let router = Router()
        router.post("/v1/:key/sms/send.json") { request, context -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let key = context.parameters.get("key") ?? ""
            let (answer, id) = await state.record(Request(key: key, fields: form(String(buffer: buffer)),
                                                          contentType: request.headers[.contentType] ?? ""))
            switch answer {
            case .code(let code):
                return json(["return": ["status": code, "message": "کد \(code)"], "entries": NSNull()], status: code)
            case .http(let code):
                return Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(string: "<html>busy</html>")))
            case .hang(let d):
                try await Task.sleep(for: d)
            case .ok:
                break
            }
            return json(["return": ["status": 200, "message": "تایید شد"],
                         "entries": [["messageid": id, "message": "", "status": 1, "statustext": "در صف ارسال", "sender": "30004554",
                                      "receptor": "09121234567", "date": 1_764_950_400, "cost": 1200]]])
        }
        router.get("/v1/:key/sms/status.json") { request, _ -> Response in
            let ids = (request.uri.queryParameters.get("messageid") ?? "").split(separator: ",").map(String.init)
            let answers = await state.query(ids)
            return json(["return": ["status": 200, "message": "تایید شد"],
                         "entries": answers.map { ["messageid": Int($0.0) ?? 0, "status": $0.1, "statustext": "وضعیت \($0.1)"] }])
        }
        router.get("/v1/:key/sms/receive.json") { _, _ -> Response in
            let replies = await state.takeReplies()
            return json(["return": ["status": 200, "message": "تایید شد"], "entries": replies.isEmpty ? NSNull() : replies.map(\.json) as Any])
        }
        router.post("/generic/send") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let object = (try? JSONSerialization.jsonObject(with: Data(buffer: buffer))) as? [String: Any] ?? [:]
            let fields = object.compactMapValues { $0 as? String }
            let (answer, id) = await state.record(Request(key: request.headers[.authorization] ?? "", fields: fields,
                                                          contentType: request.headers[.contentType] ?? ""))
            if case .code(let code) = answer { return json(["status": code], status: code) }
            return json(["status": 1, "data": ["packId": "p1", "messageIds": [id], "cost": 1200]])
        }
        var logger = Logger(label: "kavenegar-peer")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in await state.setPort(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        for _ in 0..<500 {
            if let port = await state.port {
                return KavenegarPeer(task: task, port: port, state: state)
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        task.cancel()
        throw CancellationError()
    }

    func stop() { task.cancel() }
}
