import Dispatch
import Foundation

/// Customer data of a BG/NBD fit arranged so that one evaluation of the likelihood, its gradient
/// and its Hessian costs two table look-ups, one `exp` and one `log1p` per customer with a repeat
/// purchase.
///
/// With `s = r + x`, `A = −s ln(α+T)` and `B = ln a − ln(b+x−1) − s ln(α+tₓ)`, a customer's
/// log-likelihood (equation 6 of Fader, Hardie & Lee 2005) is
/// `C(x) + r ln α + ln(e^A + 1{x>0} e^B)`, where
/// `C(x) = ln Γ(r+x) − ln Γ(r) + ln Γ(a+b) + ln Γ(b+x) − ln Γ(b) − ln Γ(a+b+x)` depends on the
/// frequency alone and is summed once per distinct frequency; the logarithms `ln(α+t)` are computed
/// once per distinct time. Customers without a repeat purchase contribute `−r ln(α+T)` only and are
/// counted per distinct age. The derivatives of `ln(e^A + e^B)` follow from those of `A` and `B` with
/// the weight `w = e^B / (e^A + e^B)`: gradient `(1−w)∇A + w∇B`, Hessian
/// `(1−w)∇²A + w∇²B + w(1−w)(∇A−∇B)(∇A−∇B)ᵀ`.
struct BGNBDFitData: Sendable {
    /// Number of customers.
    let customers: Double
    /// `Σ x`, for the log-likelihood in the original time unit.
    let totalFrequency: Double
    /// Distinct times (ages and recencies), rescaled.
    let times: [Double]
    /// Customers without repeat purchases: time index of their age, and how many.
    let zeroAgeIndex: [Int]
    let zeroAgeCount: [Double]
    /// Distinct positive frequencies, ascending, and their counts.
    let frequencies: [Double]
    let frequencyCounts: [Double]
    /// Customers with a repeat purchase, grouped by frequency: group `g` is
    /// `groupStart[g]..<groupStart[g + 1]` of `ageIndex` and `recencyIndex` (indices into `times`).
    let groupStart: [Int]
    let ageIndex: [Int32]
    let recencyIndex: [Int32]

    /// Every `stride`-th customer, with times multiplied by `scale`. The summaries must be valid.
    init(_ all: [CustomerSummary], scale: Double, stride step: Int = 1) {
        var frequency: [Double] = [], age: [Double] = [], recency: [Double] = []
        let capacity = (all.count + step - 1) / step
        frequency.reserveCapacity(capacity)
        age.reserveCapacity(capacity)
        recency.reserveCapacity(capacity)
        for i in Swift.stride(from: 0, to: all.count, by: step) {
            frequency.append(Double(all[i].frequency))
            age.append(all[i].age)
            recency.append(all[i].recency)
        }
        customers = Double(frequency.count)
        let distinctTimes = DistinctValues([age, recency])
        times = distinctTimes.values.map { $0 * scale }
        let ageTime = distinctTimes.indices[0], recencyTime = distinctTimes.indices[1]
        // Group the repeat buyers by frequency (a stable counting sort).
        let distinctFrequency = DistinctValues([frequency])
        let group = distinctFrequency.indices[0]
        let offset = distinctFrequency.values.first == 0 ? 1 : 0  // frequency 0 is not a group
        frequencies = Array(distinctFrequency.values.dropFirst(offset))
        var counts = [Int](repeating: 0, count: distinctFrequency.values.count)
        var zeroCounts = [Double](repeating: 0, count: times.count)
        for i in frequency.indices {
            counts[Int(group[i])] += 1
            if frequency[i] == 0 { zeroCounts[Int(ageTime[i])] += 1 }
        }
        counts.removeFirst(offset)
        frequencyCounts = counts.map(Double.init)
        totalFrequency = zip(frequencies, frequencyCounts).reduce(0) { $0 + $1.0 * $1.1 }
        var start = [0]
        for k in counts { start.append(start[start.count - 1] + k) }
        groupStart = start
        var ages = [Int32](repeating: 0, count: start[start.count - 1])
        var recencies = ages
        var cursor = start
        cursor.withUnsafeMutableBufferPointer { next in
            ages.withUnsafeMutableBufferPointer { ages in
                recencies.withUnsafeMutableBufferPointer { recencies in
                    for i in frequency.indices where frequency[i] > 0 {
                        let g = Int(group[i]) - offset
                        let k = next[g]
                        ages[k] = ageTime[i]
                        recencies[k] = recencyTime[i]
                        next[g] = k + 1
                    }
                }
            }
        }
        ageIndex = ages
        recencyIndex = recencies
        zeroAgeIndex = zeroCounts.indices.filter { zeroCounts[$0] > 0 }
        zeroAgeCount = zeroAgeIndex.map { zeroCounts[$0] }
    }

    /// Per-customer sums of one chunk (see ``evaluate(_:penalizer:derivatives:)``).
    struct Sums {
        var ll = 0.0, gr = 0.0, gAlpha = 0.0, ga = 0.0, gb = 0.0
        var hrr = 0.0, hrAlpha = 0.0, hAlphaAlpha = 0.0, hra = 0.0, hrb = 0.0
        var hAlphaA = 0.0, hAlphaB = 0.0, haa = 0.0, hab = 0.0, hbb = 0.0

        static func += (l: inout Sums, r: Sums) {
            l.ll += r.ll; l.gr += r.gr; l.gAlpha += r.gAlpha; l.ga += r.ga; l.gb += r.gb
            l.hrr += r.hrr; l.hrAlpha += r.hrAlpha; l.hAlphaAlpha += r.hAlphaAlpha; l.hra += r.hra; l.hrb += r.hrb
            l.hAlphaA += r.hAlphaA; l.hAlphaB += r.hAlphaB; l.haa += r.haa; l.hab += r.hab; l.hbb += r.hbb
        }
    }

    /// The objective `−ℓ/n + penalizer·(r² + α² + a² + b²)` at log-parameters `θ = ln(r, α, a, b)`
    /// (α in the rescaled unit), with its gradient and Hessian in `θ` when `derivatives` is set;
    /// `logLikelihood` is ℓ, the total log-likelihood in the rescaled unit.
    func evaluate(_ theta: [Double], penalizer: Double, derivatives: Bool = true) -> ObjectiveEvaluation {
        let r = Foundation.exp(theta[0]), alpha = Foundation.exp(theta[1])
        let a = Foundation.exp(theta[2]), b = Foundation.exp(theta[3])
        let logTable = times.map { Foundation.log(alpha + $0) }
        let inverseTable = derivatives ? times.map { 1 / (alpha + $0) } : []
        let logA = Foundation.log(a)

        // Customers with repeat purchases: ln(e^A + e^B), chunk by chunk.
        let repeaters = groupStart[groupStart.count - 1]
        let partials = ChunkedSum.map(repeaters, placeholder: Sums()) { range in
            var sums = Sums()
            // First group overlapping the chunk.
            var g = 0
            var hi = groupStart.count - 1
            while g < hi {
                let mid = (g + hi + 1) / 2
                if groupStart[mid] <= range.lowerBound { g = mid } else { hi = mid - 1 }
            }
            logTable.withUnsafeBufferPointer { logs in
                inverseTable.withUnsafeBufferPointer { inverses in
                    ageIndex.withUnsafeBufferPointer { ages in
                        recencyIndex.withUnsafeBufferPointer { recencies in
                            var lo = range.lowerBound
                            while lo < range.upperBound {
                                let end = min(range.upperBound, groupStart[g + 1])
                                let x = frequencies[g]
                                let s = r + x
                                let q = 1 / (b + x - 1)
                                let k = logA - Foundation.log(b + x - 1)
                                if derivatives {
                                    Self.accumulate(
                                        &sums, lo..<end, s: s, k: k, q: q, a: a,
                                        logs: logs, inverses: inverses, ages: ages, recencies: recencies)
                                } else {
                                    var softplus = 0.0, logAges = 0.0
                                    for i in lo..<end {
                                        let lt = logs[Int(ages[i])], lr = logs[Int(recencies[i])]
                                        let d = k + s * (lt - lr)
                                        softplus += Swift.max(d, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(d)))
                                        logAges += lt
                                    }
                                    sums.ll += softplus - s * logAges
                                }
                                lo = end
                                g += 1
                            }
                        }
                    }
                }
            }
            return sums
        }
        var t = Sums()
        for p in partials { t += p }

        // Terms that depend on the frequency alone, once per distinct frequency; r ln α for everyone.
        let n = customers
        let logAlpha = Foundation.log(alpha)
        let lgR = Special.logGamma(r), lgB = Special.logGamma(b), lgAB = Special.logGamma(a + b)
        t.ll += n * r * logAlpha
        let psiR = derivatives ? Special.digamma(r) : 0, psiB = derivatives ? Special.digamma(b) : 0
        let psiAB = derivatives ? Special.digamma(a + b) : 0
        let triR = derivatives ? Special.trigamma(r) : 0, triB = derivatives ? Special.trigamma(b) : 0
        let triAB = derivatives ? Special.trigamma(a + b) : 0
        for (x, c) in zip(frequencies, frequencyCounts) {
            t.ll += c * (Special.logGamma(r + x) - lgR + lgAB + Special.logGamma(b + x) - lgB - Special.logGamma(a + b + x))
            guard derivatives else { continue }
            let psiABX = Special.digamma(a + b + x), triABX = Special.trigamma(a + b + x)
            t.gr += c * (Special.digamma(r + x) - psiR)
            t.ga += c * (psiAB - psiABX)
            t.gb += c * (psiAB + Special.digamma(b + x) - psiB - psiABX)
            t.hrr += c * (Special.trigamma(r + x) - triR)
            t.haa += c * (triAB - triABX)
            t.hab += c * (triAB - triABX)
            t.hbb += c * (triAB + Special.trigamma(b + x) - triB - triABX)
        }
        // Customers without repeat purchases: −r ln(α + T).
        var zeroLogs = 0.0, zeroInverse = 0.0, zeroInverse2 = 0.0
        for (j, c) in zip(zeroAgeIndex, zeroAgeCount) {
            zeroLogs += c * logTable[j]
            if derivatives {
                zeroInverse += c * inverseTable[j]
                zeroInverse2 += c * inverseTable[j] * inverseTable[j]
            }
        }
        t.ll -= r * zeroLogs

        var value = -t.ll / n
        if penalizer > 0 { value += penalizer * (r * r + alpha * alpha + a * a + b * b) }
        guard derivatives else {
            return ObjectiveEvaluation(value: value, gradient: [], hessian: [], logLikelihood: t.ll)
        }
        t.gr += n * logAlpha - zeroLogs
        t.gAlpha += n * r / alpha - r * zeroInverse
        t.hrAlpha += n / alpha - zeroInverse
        t.hAlphaAlpha += -n * r / (alpha * alpha) + r * zeroInverse2

        // Natural-parameter gradient and Hessian of ℓ, then those of the objective in θ.
        let p = [r, alpha, a, b]
        let grad = [t.gr, t.gAlpha, t.ga, t.gb]
        let hess = [
            [t.hrr, t.hrAlpha, t.hra, t.hrb],
            [t.hrAlpha, t.hAlphaAlpha, t.hAlphaA, t.hAlphaB],
            [t.hra, t.hAlphaA, t.haa, t.hab],
            [t.hrb, t.hAlphaB, t.hab, t.hbb],
        ]
        return ObjectiveEvaluation.logParameters(
            p, logLikelihood: t.ll, gradient: grad, hessian: hess, customers: n, value: value, penalizer: penalizer)
    }

    /// Sums over customers `range` of one frequency group (`s = r + x`, `k = ln a − ln(b+x−1)`,
    /// `q = 1/(b+x−1)`) of ln(e^A + e^B) and its derivatives.
    @inline(__always)
    private static func accumulate(
        _ sums: inout Sums, _ range: Range<Int>, s: Double, k: Double, q: Double, a: Double,
        logs: UnsafeBufferPointer<Double>, inverses: UnsafeBufferPointer<Double>,
        ages: UnsafeBufferPointer<Int32>, recencies: UnsafeBufferPointer<Int32>
    ) {
        var softplus = 0.0, logAges = 0.0, wdl = 0.0, m = 0.0, m2 = 0.0, w = 0.0, v = 0.0
        var vdl = 0.0, vdiff = 0.0, vdl2 = 0.0, vdldiff = 0.0, vdiff2 = 0.0
        for i in range {
            let ti = Int(ages[i]), ri = Int(recencies[i])
            let lt = logs[ti], lr = logs[ri], it = inverses[ti], ir = inverses[ri]
            let dl = lt - lr
            let d = k + s * dl  // B − A
            let e = Foundation.exp(-Swift.abs(d))
            let share = 1 / (1 + e)
            let wi = d >= 0 ? share : e * share  // e^B / (e^A + e^B)
            let vi = wi * (1 - wi)
            let diff = it - ir
            softplus += Swift.max(d, 0) + Foundation.log1p(e)
            logAges += lt
            wdl += wi * dl
            m += it - wi * diff
            m2 += it * it - wi * (it * it - ir * ir)
            w += wi
            v += vi
            vdl += vi * dl
            vdiff += vi * diff
            vdl2 += vi * dl * dl
            vdldiff += vi * dl * diff
            vdiff2 += vi * diff * diff
        }
        sums.ll += softplus - s * logAges
        sums.gr += wdl - logAges
        sums.gAlpha -= s * m
        sums.ga += w / a
        sums.gb -= q * w
        sums.hrr += vdl2
        sums.hrAlpha += s * vdldiff - m
        sums.hAlphaAlpha += s * s * vdiff2 + s * m2
        sums.hra += vdl / a
        sums.hrb -= q * vdl
        sums.hAlphaA += s * vdiff / a
        sums.hAlphaB -= q * s * vdiff
        sums.haa += (v - w) / (a * a)
        sums.hab -= q * v / a
        sums.hbb += q * q * (v + w)
    }
}
