/// Lets one write transaction at a time through, in arrival order, without blocking a thread.
///
/// SQLite has one writer per file. Without a gate, writers waiting for the file's write lock sit
/// in SQLite's busy handler on the I/O threads, and when every thread is so blocked the writer
/// holding the lock cannot reach its COMMIT until the busy timeout ends: concurrent writes
/// stall for seconds, then fail. The gate makes them wait as suspended tasks instead. Writers in
/// other processes still queue through the busy timeout.
///
/// A writer waits at most `patience`; then it gives up with ``StoreError/busy(retryAfterSeconds:)``
/// (503 with `Retry-After` on the web) instead of piling up behind a long writer.
actor WriteGate {
    private var busy = false
    private var waiting: [(id: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []
    private var nextId: UInt64 = 0
    let patience: Duration

    init(patience: Duration = .seconds(8)) {
        self.patience = patience
    }

    /// True when no writer is inside or waiting: a best-effort write may go ahead without queueing.
    var isIdle: Bool { !busy && waiting.isEmpty }

    /// Enters the gate; false when `patience` passed first.
    func enter() async -> Bool {
        if !busy {
            busy = true
            return true
        }
        nextId &+= 1
        let id = nextId
        let patience = self.patience
        let timer = Task { [weak self] in
            try await Task.sleep(for: patience)
            await self?.giveUp(id)
        }
        let entered = await withCheckedContinuation { waiting.append((id, $0)) }
        timer.cancel()
        return entered
    }

    private func giveUp(_ id: UInt64) {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        waiting.remove(at: index).continuation.resume(returning: false)
    }

    func leave() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().continuation.resume(returning: true)
        }
    }

    /// Runs `body` inside the gate, leaving it however `body` ends.
    func run<R: Sendable>(_ body: @Sendable () async throws -> R) async throws -> R {
        guard await enter() else { throw StoreError.busy(retryAfterSeconds: 2) }
        do {
            let result = try await body()
            leave()
            return result
        } catch {
            leave()
            throw error
        }
    }
}
