import Foundation

/// The fast k-means engine: k-means++ seeding and Lloyd iterations with
/// bit-for-bit the results of the plain loops in `KMeans.swift`
/// (`seedPlusPlus`, `lloyd`), which remain the reference and the fallback.
///
/// - Restarts run in parallel. Each seeding draws `next(below: n)` and then
///   exactly `k − 1` `nextUnit()` values from the shared `SplitMix64` stream,
///   whatever the data, so the draws of every restart are taken from the
///   stream up front, in restart order; the restarts are then independent.
///   Each worker runs its restarts in lockstep over blocks of rows (a block
///   is read from memory once for all of them).
/// - Seeding: the same D² values, the same sums (from 0, in row order) and
///   the same cumulative scan as `seedPlusPlus`.
/// - Lloyd: the assignment skips rows whose current centre provably stays
///   the strictly nearest one by a relative margin (see `LloydRun`), which is
///   all the plain loop (strict `<`, lowest index on ties) can conclude;
///   every other row gets all `k` distances, computed with the same
///   operations in the same order. Cluster sums are accumulated from 0 in
///   row order and counts are exact integers, so the centres are the same
///   floating-point means, the empty-cluster rule sees the same distances
///   and the inertia is the same sum.
/// - Used when every |value| ≤ 10¹⁰⁰ (so no square, sum or bound overflows or
///   underflows); otherwise `fit` runs the plain loops.
extension KMeans {
    /// Largest |value| the engine accepts.
    static let engineMagnitudeLimit = 1e100

    /// One restart's random draws.
    struct SeedDraws: Sendable {
        var first: Int
        var units: [Double]
    }

    /// The draws of `restarts` seedings, in order, exactly as `seedPlusPlus` makes them.
    static func seedDraws(restarts: Int, n: Int, k: Int, seed: UInt64) -> [SeedDraws] {
        var rng = SplitMix64(seed: seed)
        return (0..<restarts).map { _ in
            let first = rng.next(below: n)
            let units = (1..<max(k, 1)).map { _ in rng.nextUnit() }
            return SeedDraws(first: first, units: units)
        }
    }

    /// All restarts with the engine (runs without labels, and each run's
    /// labels); `nil` outside the engine's domain (see above).
    static func engineRuns(
        _ data: [Double], n: Int, p: Int, k: Int, options: Options
    ) -> (runs: [Run], labels: [[Int32]])? {
        guard k >= 1, n >= 1, p >= 1, k < Int(Int32.max), n < Int(Int32.max) else { return nil }
        for v in data where !(abs(v) <= engineMagnitudeLimit) { return nil }
        let draws = seedDraws(restarts: options.restarts, n: n, k: k, seed: options.seed)
        let results = UnsafeMutablePointer<(run: Run, labels: [Int32])?>.allocate(capacity: options.restarts)
        results.initialize(repeating: nil, count: options.restarts)
        defer {
            results.deinitialize(count: options.restarts)
            results.deallocate()
        }
        let shared = SharedPointer(results)
        let maxIterations = options.maxIterations, restarts = options.restarts
        // Restart r goes to worker r mod workers (any split gives the same runs).
        let workers = min(restarts, Parallel.workerCount)
        Parallel.run(workers) { w in
            let mine = Array(stride(from: w, to: restarts, by: workers))
            // At most 8 restarts in lockstep, to bound the memory.
            for first in stride(from: 0, to: mine.count, by: 8) {
                let group = Array(mine[first..<min(mine.count, first + 8)])
                let done = data.withUnsafeBufferPointer { x in
                    k <= 256
                        ? engineGroup(p, UInt8.self, x, n: n, k: k, draws: draws, group: group, maxIterations: maxIterations)
                        : engineGroup(p, Int32.self, x, n: n, k: k, draws: draws, group: group, maxIterations: maxIterations)
                }
                for (r, result) in zip(group, done) { shared[r] = result }
            }
        }
        let all = (0..<restarts).map { results[$0]! }
        return (all.map(\.run), all.map(\.labels))
    }

    /// `engineGroup` with the distance kernel for row length `p`.
    static func engineGroup<L: Label>(
        _ p: Int, _ label: L.Type, _ x: UnsafeBufferPointer<Double>, n: Int, k: Int,
        draws: [SeedDraws], group: [Int], maxIterations: Int
    ) -> [(run: Run, labels: [Int32])] {
        func run<K: Kernel>(_ kernel: K.Type) -> [(run: Run, labels: [Int32])] {
            engineGroup(K.self, L.self, x, n: n, p: p, k: k, draws: draws, group: group, maxIterations: maxIterations)
        }
        switch p {
        case 1: return run(Kernel1.self)
        case 2: return run(Kernel2.self)
        case 3: return run(Kernel3.self)
        case 4: return run(Kernel4.self)
        default: return run(KernelN.self)
        }
    }

    // MARK: - Seeding

    /// `seedPlusPlus` with the given draws.
    static func engineSeed<K: Kernel>(
        _ kernel: K.Type, _ xs: UnsafeBufferPointer<Double>, n: Int, p: Int, k: Int, draws: SeedDraws
    ) -> [Double] {
        let x = xs.baseAddress!
        var centres = [Double](repeating: 0, count: k * p)
        let d2 = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer { d2.deallocate() }
        centres.withUnsafeMutableBufferPointer { cs in
            let centre = cs.baseAddress!
            for j in 0..<p { centre[j] = x[draws.first * p + j] }
            // d2 and its sum (`d2.reduce(0, +)`: from 0, in row order).
            var total = 0.0
            for i in 0..<n {
                let d = K.squared(x + i &* p, centre, p)
                d2[i] = d
                total += d
            }
            for c in 1..<max(k, 1) {
                let target = draws.units[c - 1] * total
                var cumulative = 0.0
                var chosen = -1
                for i in 0..<n where d2[i] > 0 {
                    chosen = i
                    cumulative += d2[i]
                    if cumulative > target { break }
                }
                precondition(chosen >= 0, "k-means++: no row left to choose")
                let newCentre = centre + c * p
                for j in 0..<p { newCentre[j] = x[chosen * p + j] }
                if c + 1 < k {
                    total = 0
                    for i in 0..<n {
                        let m = min(d2[i], K.squared(x + i &* p, newCentre, p))
                        d2[i] = m
                        total += m
                    }
                }
            }
        }
        return centres
    }

    /// Runs the restarts `group` (seeding, then Lloyd in lockstep: every pass
    /// walks the rows in blocks and gives each unfinished run the block in
    /// turn, so a block is read from memory once for all of them).
    static func engineGroup<K: Kernel, L: Label>(
        _ kernel: K.Type, _ label: L.Type, _ xs: UnsafeBufferPointer<Double>, n: Int, p: Int, k: Int,
        draws: [SeedDraws], group: [Int], maxIterations: Int
    ) -> [(run: Run, labels: [Int32])] {
        let x = xs.baseAddress!
        // A bound on every distance between rows and centres (means of rows):
        // the diameter of the rows' bounding box, with room for rounding.
        var squaredDiameter = 0.0
        for j in 0..<p {
            var lo = Double.infinity, hi = -Double.infinity
            for i in 0..<n {
                lo = min(lo, x[i * p + j])
                hi = max(hi, x[i * p + j])
            }
            squaredDiameter += (hi - lo) * (hi - lo)
        }
        let diameter = squaredDiameter.squareRoot() * 1.001
        let runs = group.map { r in
            LloydRun<K, L>(
                n: n, p: p, centroids: engineSeed(K.self, xs, n: n, p: p, k: k, draws: draws[r]),
                maxIterations: maxIterations, diameter: diameter)
        }
        let block = max(1, 8192 * 3 / p)
        let candidates = UnsafeMutablePointer<Int32>.allocate(capacity: block)
        defer { candidates.deallocate() }
        while true {
            let active = runs.filter { !$0.finished }
            if active.isEmpty { break }
            for run in active { run.begin() }
            var start = 0
            while start < n {
                let rows = start..<min(n, start + block)
                for run in active { run.assign(x, rows, candidates) }
                start = rows.upperBound
            }
            for run in active { run.end(x) }
        }
        return runs.map { $0.result(x) }
    }

}

extension UInt8: KMeans.Label {
    @inline(__always) var int: Int { Int(self) }
}

extension Int32: KMeans.Label {
    @inline(__always) var int: Int { Int(self) }
}
