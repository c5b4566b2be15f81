import Foundation

/// The Lloyd iterations of the k-means engine (`KMeans+Engine.swift`).
extension KMeans {
    // MARK: - Lloyd

    /// Labels storage: `UInt8` when k ≤ 256, else `Int32`.
    protocol Label {
        init(_ value: Int)
        var int: Int { get }
    }

    /// One restart's Lloyd iterations (`lloyd`), skipping rows whose centre
    /// provably stays the nearest (Hamerly, G. (2010), "Making k-means even
    /// faster", *Proc. SIAM SDM*, 130–140, with lazily moved bounds).
    ///
    /// Per row the state is its label and three `Float`s stored relative to
    /// running sums of drifts, so a skipped row writes nothing. With `D[c]`
    /// the sum of centre `c`'s drifts and `M[c]` the sum of the largest drift
    /// among the other centres (both since the start), `upper + D[label]`
    /// bounds the distance to the row's centre from above, `lower − M[label]`
    /// the distance to every other centre from below, and
    /// `gap ≤ lower − upper`. A row is skipped when `gap > M + D + ε` (every
    /// other centre is more than ε farther than its own) or when
    /// `upper + D + ε` is below half the distance from its centre to the
    /// nearest other centre (then so is every other centre); otherwise its
    /// exact distance to its centre may still settle it, and if not, all `k`
    /// distances are computed. Here `ε = max(10⁻⁹ R, 10⁻¹⁰⁰)` for a bound `R`
    /// on every distance (the diameter of the rows' bounding box; every
    /// centre is a mean of rows or a row), so the skipped row's centre is
    /// nearer than any other by a relative 10⁻⁹, far beyond the rounding of
    /// a computed squared distance (≈ (p + 4)·2⁻⁵²): the plain loop's strict
    /// `<` picks it too. Every bound is rounded outwards at each step (`Float`
    /// storage one `Float` ulp outwards, drift sums with `nextUp`, distances
    /// from squared distances widened by `widen`), so it stays a true bound.
    final class LloydRun<K: Kernel, L: Label> {
        let n: Int, p: Int, k: Int
        let maxIterations: Int
        let centres: UnsafeMutablePointer<Double>
        let previous: UnsafeMutablePointer<Double>
        let sums: UnsafeMutablePointer<Double>
        let counts: UnsafeMutablePointer<Int>
        /// `D[c]`.
        let drifted: UnsafeMutablePointer<Double>
        /// `M[c]`.
        let otherDrifted: UnsafeMutablePointer<Double>
        /// Half the distance from each centre to its nearest other centre (rounded down).
        let halfGap: UnsafeMutablePointer<Double>
        /// Per centre: skip when `gapStored > thresholds.x` or when
        /// `−upperStored > thresholds.y` (= `upperStored < −thresholds.y`).
        let thresholds: UnsafeMutablePointer<SIMD2<Double>>
        let labels: UnsafeMutablePointer<L>
        /// `(gapStored, −upperStored)`, side by side for the skip test.
        let settling: UnsafeMutablePointer<SIMD2<Float>>
        let lowerStored: UnsafeMutablePointer<Float>
        var iterations = 0
        var converged = false
        var finished = false
        var changed = false
        /// ε.
        let epsilon: Double
        /// Relative widening of a distance computed from a squared distance.
        let widen: Double

        init(n: Int, p: Int, centroids start: [Double], maxIterations: Int, diameter: Double) {
            self.n = n
            self.p = p
            k = start.count / p
            self.maxIterations = maxIterations
            // A computed squared distance is within (p + 4)·2⁻⁵² (relative) of the true one.
            let rounding = Double(p + 4) * 0x1p-52
            widen = 4 * rounding + 0x1p-50
            epsilon = max(diameter * max(1e-9, 1e3 * rounding), 1e-100)
            centres = .allocate(capacity: k * p)
            centres.initialize(from: start, count: k * p)
            previous = .allocate(capacity: k * p)
            previous.initialize(repeating: 0, count: k * p)
            sums = .allocate(capacity: k * p)
            sums.initialize(repeating: 0, count: k * p)
            counts = .allocate(capacity: k)
            counts.initialize(repeating: 0, count: k)
            drifted = .allocate(capacity: k)
            drifted.initialize(repeating: 0, count: k)
            otherDrifted = .allocate(capacity: k)
            otherDrifted.initialize(repeating: 0, count: k)
            halfGap = .allocate(capacity: k)
            halfGap.initialize(repeating: 0, count: k)
            thresholds = .allocate(capacity: k)
            thresholds.initialize(repeating: SIMD2(.infinity, .infinity), count: k)
            labels = .allocate(capacity: n)
            settling = .allocate(capacity: n)
            lowerStored = .allocate(capacity: n)
        }

        deinit {
            centres.deallocate(); previous.deallocate(); sums.deallocate(); counts.deallocate()
            drifted.deallocate(); otherDrifted.deallocate(); halfGap.deallocate(); thresholds.deallocate()
            labels.deallocate(); settling.deallocate(); lowerStored.deallocate()
        }

        /// A `Float` above the exact result `v` of one `Double` operation:
        /// the nearest `Float` is within half a `Float` ulp of the computed
        /// `v`, which is within half a `Double` ulp of the exact one, so the
        /// next `Float` up is above it (no data-dependent branch).
        @inline(__always)
        static func roundUp(_ v: Double) -> Float { Float(v).nextUp }

        /// A `Float` below the exact result `v` of one `Double` operation.
        @inline(__always)
        static func roundDown(_ v: Double) -> Float { Float(v).nextDown }

        /// 0 when `a < b`, else 1 (also for NaN), computed without a branch
        /// (a vector compare), since the outcome is hard to predict.
        @inline(__always)
        static func isNotLess(_ a: Double, _ b: Double) -> Int {
            let less = SIMD2(a, a) .< SIMD2(b, b)
            return Int(SIMD2<Int64>(repeating: 1).replacing(with: 0, where: less)[0])
        }

        /// An upper bound of the distance whose computed square is `squared`
        /// (`widen` also covers the rounding of the square root and product).
        @inline(__always)
        func distanceAbove(_ squared: Double) -> Double { squared.squareRoot() * (1 + widen) }

        /// A lower bound of the distance whose computed square is `squared`.
        @inline(__always)
        func distanceBelow(_ squared: Double) -> Double { squared.squareRoot() * (1 - widen) }

        /// Stores bounds `u` (to the row's centre `c`) and `l` (to all others).
        @inline(__always)
        func store(_ i: Int, upper u: Double, lower l: Double, centre c: Int) {
            let us = Self.roundUp(u - drifted[c])
            let ls = Self.roundDown(l + otherDrifted[c])
            lowerStored[i] = ls
            settling[i] = SIMD2(Self.roundDown(Double(ls) - Double(us)), -us)
        }

        /// Starts an assignment pass.
        func begin() {
            iterations += 1
            sums.update(repeating: 0, count: k * p)
            changed = false
        }

        /// The nearest centre as the plain loop finds it (strict `<`, lowest
        /// index on ties), its squared distance and the second smallest one.
        ///
        /// The engine's squared distances are finite and ≥ +0 (never −0 or
        /// NaN), so they order exactly as their bit patterns; comparing those
        /// lets the selects compile without branches (the winner is hard to
        /// predict for the rows that get here).
        @inline(__always)
        func nearest(_ row: UnsafePointer<Double>) -> (best: Int, distance: Double, second: Double) {
            var best = 0
            var bestBits = Double.infinity.bitPattern, secondBits = Double.infinity.bitPattern
            for c in 0..<k {
                let bits = K.squared(row, centres + c &* p, p).bitPattern
                let closer = bits < bestBits
                let lesser = bits < secondBits ? bits : secondBits
                secondBits = closer ? bestBits : lesser
                bestBits = closer ? bits : bestBits
                best = closer ? c : best
            }
            return (best, Double(bitPattern: bestBits), Double(bitPattern: secondBits))
        }

        /// The assignment of `rows` (passes cover the rows in order), then
        /// their addition to their clusters' sums, in row order.
        /// `candidates` has room for `rows.count` indices.
        func assign(_ x: UnsafePointer<Double>, _ rows: Range<Int>, _ candidates: UnsafeMutablePointer<Int32>) {
            let p = p, centres = centres, sums = sums, labels = labels
            if iterations == 1 {
                // Every row against every centre (labels start at −1, so all change).
                if !rows.isEmpty { changed = true }
                for i in rows {
                    let (best, distance, second) = nearest(x + i &* p)
                    labels[i] = L(best)
                    counts[best] += 1
                    store(i, upper: distanceAbove(distance), lower: distanceBelow(second), centre: best)
                }
            } else {
                // 1. Rows the stored bounds cannot settle. Branch-free: a
                //    difference of two doubles is positive exactly when the
                //    first is larger (and NaN never counts as settled).
                let settling = settling, thresholds = thresholds
                var m = 0
                var i = rows.lowerBound
                while i < rows.upperBound {
                    let a = labels[i].int
                    let by = SIMD2<Double>(settling[i]) - thresholds[a]
                    let margin = by.x > by.y ? by.x : by.y
                    candidates[m] = Int32(truncatingIfNeeded: i)
                    m &+= Self.isNotLess(0, margin)
                    i &+= 1
                }
                // 2. Their exact distance to their own centre (a valid upper
                //    bound in any case); the rows still unsettled are kept.
                var full = 0
                let twoEpsilon = 2 * epsilon, shrink = 1 - 0x1p-50, otherDrifted = otherDrifted
                let lowerStored = lowerStored, drifted = drifted, halfGap = halfGap
                for q in 0..<m {
                    let i = Int(candidates[q])
                    let a = labels[i].int
                    let u = distanceAbove(K.squared(x + i &* p, centres + a &* p, p))
                    let ls = Double(lowerStored[i])
                    // Below the exact `ls − M` (when positive; a negative one never settles).
                    let l = (ls - otherDrifted[a]) * shrink
                    // Above the exact `u + ε` (u ≤ R, so 2ε dwarfs the rounding).
                    let need = u + twoEpsilon
                    let us = Self.roundUp(u - drifted[a])
                    settling[i] = SIMD2(Self.roundDown(ls - Double(us)), -us)
                    candidates[full] = Int32(truncatingIfNeeded: i)
                    full &+= Self.isNotLess(need, max(l, halfGap[a]))
                }
                // 3. Every centre, for the rest.
                var differences = 0
                for q in 0..<full {
                    let i = Int(candidates[q])
                    let a = labels[i].int
                    let (best, distance, second) = nearest(x + i &* p)
                    labels[i] = L(best)
                    counts[a] -= 1
                    counts[best] += 1
                    differences |= best ^ a
                    store(i, upper: distanceAbove(distance), lower: distanceBelow(second), centre: best)
                }
                if differences != 0 { changed = true }
            }
            // Sums, in row order.
            var row = x + rows.lowerBound &* p
            var i = rows.lowerBound
            while i < rows.upperBound {
                K.add(row, to: sums + labels[i].int &* p, p)
                row += p
                i &+= 1
            }
        }

        /// Ends a pass: converged, or the update step (and the new bounds' drifts).
        func end(_ x: UnsafePointer<Double>) {
            if !changed {
                converged = true
                finished = true
                return
            }
            previous.update(from: centres, count: k * p)
            var taken = Set<Int>()
            var distances: UnsafeMutablePointer<Double>?
            for c in 0..<k {
                if counts[c] > 0 {
                    for j in 0..<p { centres[c * p + j] = sums[c * p + j] / Double(counts[c]) }
                } else {
                    // Empty cluster: move its centre to the customer farthest from
                    // its own centre (this pass's distances, recomputed exactly).
                    if distances == nil {
                        let d = UnsafeMutablePointer<Double>.allocate(capacity: n)
                        for i in 0..<n { d[i] = K.squared(x + i * p, previous + labels[i].int * p, p) }
                        distances = d
                    }
                    let distance = distances!
                    var far = -1
                    for i in 0..<n where !taken.contains(i) && (far < 0 || distance[i] > distance[far]) { far = i }
                    taken.insert(far)
                    for j in 0..<p { centres[c * p + j] = x[far * p + j] }
                }
            }
            distances?.deallocate()
            // Drifts (rounded up, summed upwards), half gaps (rounded down) and thresholds.
            var largest = 0.0, secondLargest = 0.0, largestAt = -1
            for c in 0..<k {
                let d = distanceAbove(K.squared(previous + c * p, centres + c * p, p))
                drifted[c] = (drifted[c] + d).nextUp
                if d > largest {
                    secondLargest = largest
                    largest = d
                    largestAt = c
                } else {
                    secondLargest = max(secondLargest, d)
                }
            }
            for c in 0..<k {
                otherDrifted[c] = (otherDrifted[c] + (c == largestAt ? secondLargest : largest)).nextUp
                var gap = Double.infinity
                for o in 0..<k where o != c {
                    gap = min(gap, distanceBelow(K.squared(centres + c * p, centres + o * p, p)))
                }
                halfGap[c] = 0.5 * gap
                thresholds[c] = SIMD2(
                    ((otherDrifted[c] + drifted[c]).nextUp + epsilon).nextUp,
                    -((halfGap[c] - drifted[c]).nextDown - epsilon).nextDown)
            }
            if iterations >= maxIterations { finished = true }
        }

        /// The run (its labels apart) and its labels.
        func result(_ x: UnsafePointer<Double>) -> (run: Run, labels: [Int32]) {
            var inertia = 0.0
            for i in 0..<n { inertia += K.squared(x + i &* p, centres + labels[i].int &* p, p) }
            let run = Run(
                centroids: Array(UnsafeBufferPointer(start: centres, count: k * p)),
                labels: [], inertia: inertia, iterations: iterations, converged: converged)
            return (run, (0..<n).map { Int32(truncatingIfNeeded: labels[$0].int) })
        }
    }
}
