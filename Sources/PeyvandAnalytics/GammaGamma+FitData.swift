import Dispatch
import Foundation

/// Repeat buyers of a Gamma-Gamma fit arranged for fast evaluation.
///
/// A customer's log-likelihood (Fader & Hardie 2013, equation 3, with the Jacobian of the mean)
/// `ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m + px ln x − (px+q) ln(xm+v)` is written,
/// with the total spend `y = xm`, as
/// `ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v − ln m − q ln y − (px+q) ln(1 + v/y)`:
/// the log-gamma terms are summed once per distinct frequency, `Σ ln m` and `Σ ln y` are constants,
/// and per customer only `ln(1 + v/y)` (small, so its sums keep their precision) and `1/(y+v)`
/// depend on the parameters.
struct GammaGammaFitData: Sendable {
    let customers: Double
    /// Per customer: frequency `x` and the reciprocal of the total repeat spend `1/(x m)`.
    let frequency: [Double]
    let inverseSpend: [Double]
    let frequencies: [Double]
    let frequencyCounts: [Double]
    /// `Σ ln m` and `Σ ln(x m)`, summed with compensation.
    let sumLogM: Double
    let sumLogY: Double

    /// Every `stride`-th of the customers with frequencies `x` (> 0) and mean spends `m` (> 0).
    init(x allX: [Double], m allM: [Double], stride step: Int = 1) {
        var x: [Double] = [], inverse: [Double] = []
        x.reserveCapacity(allX.count / step + 1)
        inverse.reserveCapacity(allX.count / step + 1)
        var logM = CompensatedSum()
        for i in Swift.stride(from: 0, to: allX.count, by: step) {
            x.append(allX[i])
            inverse.append(1 / (allX[i] * allM[i]))
            logM.add(Foundation.log(allM[i]))
        }
        let distinct = DistinctValues([x])
        var counts = [Double](repeating: 0, count: distinct.values.count)
        for g in distinct.indices[0] { counts[Int(g)] += 1 }
        customers = Double(x.count)
        frequency = x
        inverseSpend = inverse
        frequencies = distinct.values
        frequencyCounts = counts
        sumLogM = logM.value
        // Σ ln(x m) = Σ ln x + Σ ln m, the first once per distinct frequency.
        var logY = CompensatedSum()
        logY.add(sumLogM)
        for (v, c) in zip(frequencies, counts) { logY.add(c * Foundation.log(v)) }
        sumLogY = logY.value
    }

    struct Sums {
        var logs = 0.0, xLogs = 0.0, inverses = 0.0, xInverses = 0.0, inverses2 = 0.0, xInverses2 = 0.0
    }

    /// The objective `−ℓ/n` at `θ = ln(p, q, v)`, with gradient and Hessian in `θ` when `derivatives` is set.
    func evaluate(_ theta: [Double], derivatives: Bool = true) -> ObjectiveEvaluation {
        let p = Foundation.exp(theta[0]), q = Foundation.exp(theta[1]), v = Foundation.exp(theta[2])
        // Sums of l = ln(1 + v/y), x·l, 1/(y+v), x/(y+v), 1/(y+v)², x/(y+v)².
        let partials = ChunkedSum.map(frequency.count, placeholder: Sums()) { range in
            var s = Sums()
            frequency.withUnsafeBufferPointer { xs in
                inverseSpend.withUnsafeBufferPointer { inverseY in
                    if derivatives {
                        for i in range {
                            let x = xs[i], u = v * inverseY[i]
                            let l = Foundation.log1p(u), inv = inverseY[i] / (1 + u), inv2 = inv * inv
                            s.logs += l
                            s.xLogs += x * l
                            s.inverses += inv
                            s.xInverses += x * inv
                            s.inverses2 += inv2
                            s.xInverses2 += x * inv2
                        }
                    } else {
                        for i in range {
                            let l = Foundation.log1p(v * inverseY[i])
                            s.logs += l
                            s.xLogs += xs[i] * l
                        }
                    }
                }
            }
            return s
        }
        var s = Sums()
        for part in partials {
            s.logs += part.logs; s.xLogs += part.xLogs; s.inverses += part.inverses
            s.xInverses += part.xInverses; s.inverses2 += part.inverses2; s.xInverses2 += part.xInverses2
        }
        let n = customers
        let logV = Foundation.log(v), lgQ = Special.logGamma(q)
        var gammas = 0.0
        var gp = -s.xLogs
        var gq = derivatives ? n * (logV - Special.digamma(q)) - sumLogY - s.logs : 0
        let gv = n * q / v - p * s.xInverses - q * s.inverses
        var hpp = 0.0, hpq = 0.0
        var hqq = derivatives ? -n * Special.trigamma(q) : 0
        for (x, c) in zip(frequencies, frequencyCounts) {
            let px = p * x
            gammas += c * (Special.logGamma(px + q) - Special.logGamma(px))
            guard derivatives else { continue }
            let psiSum = Special.digamma(px + q), triSum = Special.trigamma(px + q)
            gp += c * x * (psiSum - Special.digamma(px))
            gq += c * psiSum
            hpp += c * x * x * (triSum - Special.trigamma(px))
            hpq += c * x * triSum
            hqq += c * triSum
        }
        let ll = gammas + n * (q * logV - lgQ) - q * sumLogY - sumLogM - p * s.xLogs - q * s.logs
        let value = -ll / n
        guard derivatives else { return ObjectiveEvaluation(value: value, gradient: [], hessian: [], logLikelihood: ll) }
        let hpv = -s.xInverses
        let hqv = n / v - s.inverses
        let hvv = -n * q / (v * v) + p * s.xInverses2 + q * s.inverses2
        return ObjectiveEvaluation.logParameters(
            [p, q, v], logLikelihood: ll, gradient: [gp, gq, gv],
            hessian: [[hpp, hpq, hpv], [hpq, hqq, hqv], [hpv, hqv, hvv]],
            customers: n, value: value, penalizer: 0)
    }
}

/// Neumaier's compensated summation (Neumaier 1974, improving Kahan 1965).
struct CompensatedSum {
    private var sum = 0.0
    private var compensation = 0.0

    mutating func add(_ x: Double) {
        let t = sum + x
        if abs(sum) >= abs(x) { compensation += (sum - t) + x } else { compensation += (x - t) + sum }
        sum = t
    }

    var value: Double { sum + compensation }
}
