/// Lets one write transaction at a time through, in arrival order, without blocking a thread.
///
/// SQLite has one writer per file. Without a gate, writers waiting for the file's write lock sit
/// in SQLite's busy handler on the I/O threads, and when every thread is so blocked the writer
/// holding the lock cannot reach its COMMIT until the busy timeout ends: concurrent writes
/// stall for seconds, then fail. The gate makes them wait as suspended tasks instead. Writers in
/// other processes still queue through the busy timeout.
actor WriteGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// Runs `body` inside the gate, leaving it however `body` ends.
    func run<R: Sendable>(_ body: @Sendable () async throws -> R) async throws -> R {
        await enter()
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
