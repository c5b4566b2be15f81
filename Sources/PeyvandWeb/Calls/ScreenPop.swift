import Foundation
import PeyvandCore

/// The in-process broadcaster of the screen-pop: each signed-in browser holds one subscription
/// (`GET /events`); a call event is sent to some of them. Each subscription has a bounded buffer
/// that drops its oldest event when full, so a slow browser never stalls the others; a browser
/// that went away is removed when its stream ends or the next write (at most one keep-alive
/// later) fails. Events reach only the browsers connected to this process: with several `serve`
/// instances, the instance that received the PBX's report delivers its screen-pop.
actor ScreenPop {
    struct Subscriber {
        let principal: Principal
        let continuation: AsyncStream<String>.Continuation
    }

    /// Events kept for one browser before the oldest is dropped.
    static let bufferSize = 32

    private var subscribers: [UUID: Subscriber] = [:]
    private var ticker: Task<Void, Never>?
    let keepAlive: Duration

    init(keepAlive: Duration = .seconds(15)) {
        self.keepAlive = keepAlive
    }

    /// A new subscription for this person: its id (to unsubscribe) and the stream of event texts.
    func subscribe(_ principal: Principal) -> (UUID, AsyncStream<String>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(Self.bufferSize))
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            Task { await self.unsubscribe(id) }
        }
        subscribers[id] = Subscriber(principal: principal, continuation: continuation)
        startTicker()
        return (id, stream)
    }

    func unsubscribe(_ id: UUID) {
        subscribers.removeValue(forKey: id)?.continuation.finish()
        if subscribers.isEmpty {
            ticker?.cancel()
            ticker = nil
        }
    }

    /// Ends every subscription (the server is shutting down).
    func finishAll() {
        for id in Array(subscribers.keys) { unsubscribe(id) }
    }

    var count: Int { subscribers.count }

    /// The people signed in now, once each.
    func listeners() -> [Principal] {
        var seen: Set<Int64> = []
        return subscribers.values.map(\.principal).filter { seen.insert($0.userId).inserted }
    }

    /// Sends `event` to every subscription of each person `text` returns a text for.
    func send(_ texts: [Int64: String]) {
        for subscriber in subscribers.values {
            if let text = texts[subscriber.principal.userId] { subscriber.continuation.yield(text) }
        }
    }

    /// One keep-alive comment for every subscription every `keepAlive`, while any is open; writing
    /// it is also how a browser that left without closing is noticed.
    private func startTicker() {
        guard ticker == nil else { return }
        let interval = keepAlive
        ticker = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self, !Task.isCancelled else { return }
                await self.tick()
            }
        }
    }

    private func tick() {
        for subscriber in subscribers.values { subscriber.continuation.yield(Self.keepAliveComment) }
    }

    /// The comment sent to every stream every `keepAlive`.
    static let keepAliveComment = ": keep-alive\n\n"

    /// One server-sent event: its name and its data (one line of JSON).
    static func event(_ name: String, data: String) -> String {
        "event: \(name)\ndata: \(data.replacingOccurrences(of: "\n", with: " "))\n\n"
    }
}
