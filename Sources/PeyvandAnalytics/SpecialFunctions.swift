import Foundation

/// Special functions shared by the models: log-gamma, log-beta, the Gauss
/// hypergeometric function and the normal distribution.
enum Special {
    /// `ln Γ(x)` for `x > 0` (C library `lgamma`).
    static func logGamma(_ x: Double) -> Double {
        Foundation.lgamma(x)
    }

    /// `ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b)`.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        logGamma(a) + logGamma(b) - logGamma(a + b)
    }

    /// Digamma `ψ(x) = d ln Γ(x) / dx` for `x > 0`: the recurrence `ψ(x) = ψ(x + 1) − 1/x` up to
    /// `x ≥ 10`, then the asymptotic (Stirling) series through `x⁻¹⁴` (Abramowitz & Stegun 6.3.5, 6.3.18);
    /// the truncation error there is below 1e-16.
    static func digamma(_ x: Double) -> Double {
        var x = x
        var shift = 0.0
        while x < 10 {
            shift -= 1 / x
            x += 1
        }
        let f = 1 / (x * x)
        let series = f * (-1.0 / 12 + f * (1.0 / 120 + f * (-1.0 / 252 + f * (1.0 / 240
            + f * (-1.0 / 132 + f * (691.0 / 32760 + f * (-1.0 / 12)))))))
        return shift + Foundation.log(x) - 0.5 / x + series
    }

    /// Trigamma `ψ′(x)` for `x > 0`: the recurrence `ψ′(x) = ψ′(x + 1) + 1/x²` up to `x ≥ 10`, then
    /// the asymptotic series `1/x + 1/(2x²) + Σ B₂ₖ / x²ᵏ⁺¹` through `x⁻¹⁵` (Abramowitz & Stegun 6.4.6, 6.4.12).
    static func trigamma(_ x: Double) -> Double {
        var x = x
        var shift = 0.0
        while x < 10 {
            shift += 1 / (x * x)
            x += 1
        }
        let z = 1 / x, f = z * z
        let series = z * f * (1.0 / 6 + f * (-1.0 / 30 + f * (1.0 / 42 + f * (-1.0 / 30
            + f * (5.0 / 66 + f * (-691.0 / 2730 + f * (7.0 / 6)))))))
        return shift + z + 0.5 * f + series
    }

    /// `ln(e^x + e^y)` without overflow.
    static func logAddExp(_ x: Double, _ y: Double) -> Double {
        let m = max(x, y)
        if m == -.infinity { return -.infinity }
        return m + Foundation.log(Foundation.exp(x - m) + Foundation.exp(y - m))
    }

    /// `ln ₂F₁(a, b; c; z)` for `a, b, c > 0` and `0 ≤ z < 1`, by direct
    /// summation of the Gauss series (Abramowitz & Stegun 15.1.1).
    ///
    /// With positive parameters every term is positive, so the series has no
    /// cancellation; the running sum is rescaled to keep it finite, so the
    /// logarithm is returned even where ₂F₁ itself would overflow a `Double`.
    static func logHyp2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
        if z == 0 { return 0 }
        var term = 1.0
        var sum = 1.0
        var logScale = 0.0
        var k = 0.0
        let limit = 10_000_000.0
        while k < limit {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z
            sum += term
            k += 1
            // Bound the tail by a geometric series with the larger of the
            // current term ratio and its limit z.
            let ratio = max((a + k) * (b + k) / ((c + k) * (k + 1)) * z, z)
            if ratio < 1, term * ratio / (1 - ratio) <= 1e-17 * sum { break }
            if sum > 1e250 {
                sum /= 1e250
                term /= 1e250
                logScale += 250 * Foundation.log(10.0)
            }
        }
        return Foundation.log(sum) + logScale
    }

    /// ₂F₁(a, b; c; z) for 0 ≤ z < 1 by its series, summed with signs, for parameters that may be
    /// negative (not a non-positive integer `c`), where ``logHyp2F1`` does not apply.
    static func hyp2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
        if z == 0 { return 1 }
        var term = 1.0, sum = 1.0, k = 0.0
        while k < 10_000_000 {
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z
            sum += term
            k += 1
            // Once every factor is positive the terms keep their sign; then bound the tail geometrically.
            if a + k > 0, b + k > 0, c + k > 0 {
                let ratio = max((a + k) * (b + k) / ((c + k) * (k + 1)) * z, z)
                if ratio < 1, abs(term) * ratio / (1 - ratio) <= 1e-17 * abs(sum) { break }
            }
        }
        return sum
    }

    /// `log ₂F₁(a, b; c; z)` for `c > 0`, `0 ≤ z < 1`, through Euler's transformation
    /// `₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z)` (Abramowitz & Stegun 15.3.3),
    /// whose series converges in far fewer terms when `a` and `b` are large next to `c − a`, `c − b`
    /// (BG/NBD's `₂F₁(r + x, b + x; a + b + x − 1; z)` for frequent buyers). Falls back to the
    /// direct series if the transformed sum is not positive.
    static func logHyp2F1Euler(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
        let transformed = hyp2F1(c - a, c - b, c, z)
        if transformed > 0, transformed.isFinite { return (c - a - b) * log1p(-z) + log(transformed) }
        return logHyp2F1(a, b, c, z)
    }

    /// Standard normal upper two-sided tail probability `P(|Z| > |z|)`.
    static func twoSidedNormalPValue(_ z: Double) -> Double {
        Foundation.erfc(abs(z) / 2.0.squareRoot())
    }

    /// Quantile of the standard normal distribution (Acklam's rational
    /// approximation refined by one Halley step on `erfc`; ~1e-15 accurate).
    static func normalQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1)
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * Foundation.log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5
            let r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * Foundation.log(1 - p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        for _ in 0..<2 {
            let e = 0.5 * Foundation.erfc(-x / 2.0.squareRoot()) - p
            let u = e * (2 * Double.pi).squareRoot() * Foundation.exp(x * x / 2)
            x -= u / (1 + x * u / 2)
        }
        return x
    }
}
