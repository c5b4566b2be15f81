import Foundation

/// The Kaplan–Meier product-limit estimator of a survival function.
///
/// Implements Kaplan, E. L. & Meier, P. (1958), "Nonparametric Estimation from
/// Incomplete Observations", *JASA* 53, 457–481, with Greenwood's (1926)
/// variance and the "exponential Greenwood" (log(−log)) confidence interval of
/// Kalbfleisch & Prentice (1980), which is what lifelines'
/// `KaplanMeierFitter` reports:
///
///     S(t) = Π_{tᵢ ≤ t} (1 − dᵢ/nᵢ),   V(t) = Σ_{tᵢ ≤ t} dᵢ / (nᵢ(nᵢ − dᵢ))
///     CI = exp(−exp(ln(−ln S) ∓ z √V / ln S))
///
/// As in lifelines, the timeline starts at 0, terms with nᵢ = dᵢ add nothing to
/// V, the interval is [1, 1] while S = 1 and [0, 0] once S = 0.
public struct KaplanMeier: Sendable, Hashable {
    /// One distinct time of the timeline.
    public struct Step: Sendable, Hashable {
        public var time: Double
        /// Subjects still under observation just before `time`.
        public var atRisk: Int
        /// Observed events at `time`.
        public var events: Int
        /// Censored subjects at `time`.
        public var censored: Int
        /// Survival probability just after `time`.
        public var survival: Double
        /// Greenwood's sum `Σ d/(n(n−d))` up to `time` (variance of ln S).
        public var greenwoodSum: Double
        /// Lower and upper confidence limits of `survival`.
        public var lower: Double
        public var upper: Double

        /// Subjects leaving the risk set at `time` (events + censored).
        public var removed: Int { events + censored }
        /// Greenwood's variance of `survival`: `S² · Σ d/(n(n−d))`.
        public var variance: Double { survival * survival * greenwoodSum }
    }

    public var steps: [Step]
    /// Confidence level of `lower`/`upper` (0.95 by default).
    public var confidenceLevel: Double

    /// Median survival time: the first time at which `survival ≤ 0.5`, or
    /// `nil` if the curve never gets there (lifelines reports `inf`).
    public var median: Double? { quantileTime(0.5) }

    /// The first time at which `survival ≤ q`, or `nil` if never reached.
    public func quantileTime(_ q: Double) -> Double? {
        steps.first { $0.survival <= q }?.time
    }

    /// `S(t)` as a right-continuous step function (1 before the first time).
    public func survival(at t: Double) -> Double {
        steps.last { $0.time <= t }?.survival ?? 1
    }

    /// Estimates the survival curve.
    ///
    /// - Parameters:
    ///   - durations: follow-up time of each subject (≥ 0).
    ///   - events: `true` if the event was observed, `false` if censored.
    ///   - confidenceLevel: in (0, 1).
    public static func fit(
        durations: [Double], events: [Bool], confidenceLevel: Double = 0.95
    ) throws(AnalyticsError) -> KaplanMeier {
        guard !durations.isEmpty else { throw .emptyInput("Kaplan–Meier data") }
        guard events.count == durations.count else { throw .invalidInput("durations and events must have the same length") }
        guard durations.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw .invalidInput("durations must be finite and ≥ 0")
        }
        guard confidenceLevel > 0 && confidenceLevel < 1 else {
            throw .invalidInput("the confidence level must be between 0 and 1 (got \(confidenceLevel))")
        }
        let z = Special.normalQuantile(1 - (1 - confidenceLevel) / 2)
        var counts: [Double: (events: Int, censored: Int)] = [0: (0, 0)]
        for (t, e) in zip(durations, events) {
            var c = counts[t] ?? (0, 0)
            if e { c.events += 1 } else { c.censored += 1 }
            counts[t] = c
        }
        var atRisk = durations.count
        var survival = 1.0
        var logSurvival = 0.0
        var greenwood = 0.0
        var steps: [Step] = []
        for t in counts.keys.sorted() {
            let (d, c) = counts[t]!
            if d > 0 {
                let n = Double(atRisk), dd = Double(d)
                logSurvival += log(n - dd) - log(n)
                survival = exp(logSurvival)
                if atRisk > d { greenwood += dd / (n * (n - dd)) }
            }
            let (lower, upper) = Self.interval(survival, greenwood, z)
            steps.append(Step(
                time: t, atRisk: atRisk, events: d, censored: c, survival: survival,
                greenwoodSum: greenwood, lower: lower, upper: upper))
            atRisk -= d + c
        }
        return KaplanMeier(steps: steps, confidenceLevel: confidenceLevel)
    }

    static func interval(_ s: Double, _ v: Double, _ z: Double) -> (Double, Double) {
        if s >= 1 { return (1, 1) }
        if s <= 0 { return (0, 0) }
        let ls = log(s)
        let spread = z * v.squareRoot() / ls
        return (exp(-exp(log(-ls) - spread)), exp(-exp(log(-ls) + spread)))
    }
}
