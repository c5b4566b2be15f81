import Dispatch
import Foundation

/// Runs a fixed number of independent work items on up to that many threads.
///
/// Used only where every item writes its own disjoint part of the output, or
/// where results are combined afterwards in a fixed order, so results never
/// depend on the number of threads or on scheduling.
enum Parallel {
    /// Worker count for data-parallel loops: the active processors, at most 8.
    static var workerCount: Int { min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 8) }

    /// Calls `body(0..<count)`, concurrently when `count > 1`; returns when all are done.
    static func run(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if count <= 1 {
            if count == 1 { body(0) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }

    /// `0..<n` split into `parts` contiguous ranges of nearly equal length.
    static func chunk(_ n: Int, _ part: Int, of parts: Int) -> Range<Int> {
        let lo = n / parts * part + min(part, n % parts)
        let hi = n / parts * (part + 1) + min(part + 1, n % parts)
        return lo..<hi
    }
}

/// A pointer that may be shared between the workers of `Parallel.run` because
/// each worker touches a disjoint set of elements.
struct SharedPointer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    init(_ base: UnsafeMutablePointer<T>) { self.base = base }
    subscript(i: Int) -> T {
        @inline(__always) get { base[i] }
        @inline(__always) nonmutating set { base[i] = newValue }
    }
}

/// Deterministic, parallel sums over long index ranges for the likelihood fits.
///
/// A range `0..<n` is cut into chunks of a fixed length, so the partition depends on `n` alone;
/// each chunk is summed in order by one thread and the partial sums are combined in chunk order,
/// so the result is the same, bit for bit, whatever the number of threads or their scheduling.
enum ChunkedSum {
    /// Indices per chunk.
    static let chunkLength = 1 << 15

    /// `body(range)` for each chunk of `0..<n` (in parallel when there are several), in chunk order.
    static func map<T>(_ n: Int, placeholder: T, _ body: @Sendable (Range<Int>) -> T) -> [T] {
        let chunks = max(1, (n + chunkLength - 1) / chunkLength)
        if chunks == 1 { return [body(0..<n)] }
        var results = [T](repeating: placeholder, count: chunks)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes only its own slot.
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                out[c] = body(c * chunkLength..<min(n, (c + 1) * chunkLength))
            }
        }
        return results
    }
}
