import Foundation
import Hummingbird
import Logging
import NIOCore
import PeyvandChannels

/// A real HTTP server on 127.0.0.1 that receives webhooks: it records each request, checks its
/// signature with the secret it was given, and answers the statuses it is told to (then 200).
final class LoopbackPeer: Sendable {
    struct Received: Sendable {
        let event: String
        let delivery: String
        let signatureValid: Bool
        let body: String
    }

    actor Log {
        var received: [Received] = []
        var statuses: [Int]
        var port: Int?
        init(statuses: [Int]) { self.statuses = statuses }

        func record(_ r: Received) -> Int {
            received.append(r)
            return statuses.isEmpty ? 200 : statuses.removeFirst()
        }

        func answer(_ next: [Int]) { statuses = next }
        func setPort(_ p: Int) { port = p }
    }

    let log: Log
    let secret: String
    private let task: Task<Void, any Error>
    let url: String

    private init(log: Log, secret: String, task: Task<Void, any Error>, port: Int) {
        self.log = log
        self.secret = secret
        self.task = task
        self.url = "http://127.0.0.1:\(port)/hook"
    }

    static func start(secret: String, statuses: [Int] = []) async throws -> LoopbackPeer {
        let log = Log(statuses: statuses)
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let body = Array(buffer.readableBytesView)
            let signature = request.headers[.init("Peyvand-Signature")!] ?? ""
            let status = await log.record(Received(
                event: request.headers[.init("Peyvand-Event")!] ?? "",
                delivery: request.headers[.init("Peyvand-Delivery")!] ?? "",
                signatureValid: WebhookSignature.verify(signature, body: body, secret: secret),
                body: String(decoding: body, as: UTF8.self)
            ))
            return Response(status: .init(code: status))
        }
        var logger = Logger(label: "loopback-peer")
        logger.logLevel = .critical  // cancelling the server at the end of a test is not news
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in await log.setPort(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        for _ in 0..<500 {
            if let port = await log.port { return LoopbackPeer(log: log, secret: secret, task: task, port: port) }
            try await Task.sleep(for: .milliseconds(10))
        }
        task.cancel()
        throw CancellationError()
    }

    var received: [Received] { get async { await log.received } }

    func stop() { task.cancel() }
}
