import Foundation

/// Cox proportional-hazards regression.
///
/// Implements Cox, D. R. (1972), "Regression Models and Life-Tables", *Journal
/// of the Royal Statistical Society B* 34(2), 187–220, maximising the partial
/// likelihood by Newton–Raphson with step halving. Tied event times use
/// Efron, B. (1977), "The Efficiency of Cox's Likelihood Function for Censored
/// Data", *JASA* 72, 557–565, by default, or Breslow's (1974) approximation.
///
/// As lifelines' `CoxPHFitter` does, covariates are centred and scaled to unit
/// (sample) standard deviation for the optimisation and results are reported
/// on the original scale; standard errors come from the inverse of the
/// observed information, p-values from the two-sided normal (Wald) test.
public struct CoxPH: Sendable, Hashable {
    /// How tied event times enter the partial likelihood.
    public enum Ties: String, Sendable, Hashable {
        case efron
        case breslow
    }

    /// One column of the design matrix.
    public struct Covariate: Sendable, Hashable {
        public var name: String
        public var values: [Double]
        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    /// The fitted effect of one covariate.
    public struct Coefficient: Sendable, Hashable {
        public var name: String
        /// log hazard ratio per unit of the covariate.
        public var coefficient: Double
        public var standardError: Double
        /// Wald statistic `coefficient / standardError`.
        public var z: Double
        /// Two-sided p-value of `z`.
        public var pValue: Double
        public var hazardRatio: Double { exp(coefficient) }
        /// 95% Wald confidence interval of the coefficient.
        public var lower95: Double { coefficient - 1.959963984540054 * standardError }
        public var upper95: Double { coefficient + 1.959963984540054 * standardError }
    }

    public var coefficients: [Coefficient]
    /// Partial log-likelihood at the estimate.
    public var logLikelihood: Double
    /// Harrell's C of the fitted linear predictor on the training data.
    public var concordance: Double
    /// Newton–Raphson iterations used.
    public var iterations: Int
    public var ties: Ties
    /// Covariance matrix of the coefficients (original scale), in `coefficients` order.
    public var covariance: [[Double]]
    /// The covariates' means, at which the baseline hazard is given (as lifelines does).
    public var covariateMeans: [Double] = []
    /// Breslow's cumulative baseline hazard at each distinct event time, ascending (see ``survival(at:row:)``).
    public var baseline: [(time: Double, cumulativeHazard: Double)] = []
    /// The longest follow-up time in the data (the end of the restricted mean).
    public var lastTime: Double = 0

    public static func == (l: CoxPH, r: CoxPH) -> Bool {
        l.coefficients == r.coefficients && l.logLikelihood == r.logLikelihood && l.concordance == r.concordance
            && l.iterations == r.iterations && l.ties == r.ties && l.covariance == r.covariance
            && l.covariateMeans == r.covariateMeans && l.lastTime == r.lastTime
            && l.baseline.map(\.time) == r.baseline.map(\.time) && l.baseline.map(\.cumulativeHazard) == r.baseline.map(\.cumulativeHazard)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(coefficients)
        hasher.combine(logLikelihood)
        hasher.combine(baseline.map(\.cumulativeHazard))
    }

    /// Linear predictor `Σ βⱼ xⱼ` (uncentred) for one row of covariates in
    /// `coefficients` order; `exp` of it is proportional to the hazard.
    public func linearPredictor(_ row: [Double]) -> Double {
        zip(coefficients, row).reduce(0) { $0 + $1.0.coefficient * $1.1 }
    }

    /// Fits the model.
    ///
    /// - Parameters:
    ///   - durations: follow-up time of each subject (≥ 0).
    ///   - events: `true` if the event was observed, `false` if censored.
    ///   - covariates: the columns of the design matrix, each with one value per subject.
    /// - Throws: `AnalyticsError` for empty or mismatched input, no events,
    ///   non-finite values, a constant or collinear covariate (named), or no
    ///   convergence within `maxIterations` (e.g. under complete separation).
    public static func fit(
        durations: [Double], events: [Bool], covariates: [Covariate],
        ties: Ties = .efron, maxIterations: Int = 50
    ) throws(AnalyticsError) -> CoxPH {
        let n = durations.count
        guard n > 0 else { throw .emptyInput("Cox PH data") }
        guard !covariates.isEmpty else { throw .invalidInput("Cox PH needs at least one covariate") }
        guard events.count == n else { throw .invalidInput("durations and events must have the same length") }
        for c in covariates where c.values.count != n {
            throw .invalidInput("covariate '\(c.name)' has \(c.values.count) values for \(n) subjects")
        }
        guard durations.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw .invalidInput("durations must be finite and ≥ 0")
        }
        for c in covariates where !c.values.allSatisfy(\.isFinite) {
            throw .invalidInput("covariate '\(c.name)' has a missing or non-finite value")
        }
        guard events.contains(true) else { throw .invalidInput("no observed events; the Cox model cannot be fitted") }

        let design = try StandardizedDesign(covariates)
        let p = covariates.count
        let data = PartialLikelihood(durations: durations, events: events, z: design.rows, ties: ties)

        var beta = [Double](repeating: 0, count: p)
        var current = data.evaluate(beta)
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            let information = current.hessian.map { $0.map { -$0 } }
            guard let step = Matrix.solveSymmetricPositiveDefinite(information, current.gradient) else {
                throw .noConvergence(model: "Cox PH (information matrix not positive definite)", iterations: iterations)
            }
            var t = 1.0
            var candidate = beta
            var next = current
            while true {
                candidate = zip(beta, step).map { $0 + t * $1 }
                next = data.evaluate(candidate)
                if next.logLikelihood.isFinite && next.logLikelihood >= current.logLikelihood - 1e-12 * abs(current.logLikelihood) {
                    break
                }
                t /= 2
                if t < 1e-8 { break }
            }
            let change = zip(candidate, beta).map { abs($0 - $1) }.max() ?? 0
            let gain = next.logLikelihood - current.logLikelihood
            beta = candidate
            current = next
            if change < 1e-9 || (abs(gain) < 1e-12 * (abs(current.logLikelihood) + 1) && change < 1e-6) {
                converged = true
                break
            }
        }
        guard converged, current.logLikelihood.isFinite else {
            throw .noConvergence(model: "Cox PH fit", iterations: iterations)
        }
        // Under (quasi-)complete separation the partial likelihood keeps
        // rising towards a finite supremum as a coefficient runs to ±∞, and
        // Newton "converges" to a huge coefficient with a flat likelihood.
        // A change of e^20 in the hazard per standard deviation is not a
        // credible estimate, so it is reported as divergence.
        if let j = beta.indices.first(where: { abs(beta[$0]) > 20 }) {
            throw .noConvergence(
                model: "Cox PH fit (coefficient of '\(covariates[j].name)' diverges: the covariate separates "
                    + "the event times)", iterations: iterations)
        }
        guard let inverse = Matrix.inverseSymmetricPositiveDefinite(current.hessian.map { $0.map { -$0 } }) else {
            throw .noConvergence(model: "Cox PH (singular information matrix at the estimate)", iterations: iterations)
        }
        let scale = design.standardDeviations
        var coefficients: [Coefficient] = []
        var covariance = inverse
        for i in 0..<p {
            for j in 0..<p { covariance[i][j] = inverse[i][j] / (scale[i] * scale[j]) }
            let coef = beta[i] / scale[i]
            let se = covariance[i][i].squareRoot()
            let z = coef / se
            coefficients.append(Coefficient(
                name: covariates[i].name, coefficient: coef, standardError: se, z: z,
                pValue: Special.twoSidedNormalPValue(z)))
        }
        var model = CoxPH(
            coefficients: coefficients, logLikelihood: current.logLikelihood, concordance: 0,
            iterations: iterations, ties: ties, covariance: covariance)
        let scores = (0..<n).map { i in -model.linearPredictor(covariates.map { $0.values[i] }) }
        model.setBaseline(durations: durations, events: events, linearPredictors: scores.map { -$0 }, means: design.means)
        model.concordance = (try? concordanceIndex(times: durations, predictedScores: scores, events: events)) ?? 0.5
        guard coefficients.allSatisfy({ $0.coefficient.isFinite && $0.standardError.isFinite }) else {
            throw .noConvergence(model: "Cox PH fit", iterations: iterations)
        }
        return model
    }
}

/// Centred, unit-variance covariates, with constant and collinear columns rejected.
struct StandardizedDesign {
    var rows: [[Double]]
    var means: [Double]
    var standardDeviations: [Double]

    init(_ covariates: [CoxPH.Covariate]) throws(AnalyticsError) {
        let n = covariates[0].values.count
        let p = covariates.count
        let means = covariates.map { $0.values.reduce(0, +) / Double(n) }
        var sds: [Double] = []
        for (j, c) in covariates.enumerated() {
            let mean = means[j]
            let ss = c.values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            let sd = n > 1 ? (ss / Double(n - 1)).squareRoot() : 0
            let magnitude = c.values.map(abs).max() ?? 0
            if !(sd > 1e-12 * max(magnitude, 1e-300)) { throw .constantCovariate(c.name) }
            sds.append(sd)
        }
        let rows = (0..<n).map { i in (0..<p).map { (covariates[$0].values[i] - means[$0]) / sds[$0] } }
        self.means = means
        self.standardDeviations = sds
        self.rows = rows
        // Correlation matrix: a collapsing Cholesky pivot names the first
        // column that the preceding ones (nearly) span.
        var corr = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for row in rows { for a in 0..<p { for b in 0...a { corr[a][b] += row[a] * row[b] } } }
        for a in 0..<p { for b in 0...a { corr[a][b] /= Double(n - 1); corr[b][a] = corr[a][b] } }
        var failed: Int?
        if Matrix.cholesky(corr, relativeTolerance: 1e-10, failedColumn: &failed) == nil {
            throw .collinearCovariate(covariates[failed ?? 0].name)
        }
    }
}

/// Cox partial log-likelihood with its gradient and Hessian.
struct PartialLikelihood {
    var z: [[Double]]
    var events: [Bool]
    var ties: CoxPH.Ties
    /// Subject indices grouped by distinct time, latest time first.
    var groups: [[Int]]

    init(durations: [Double], events: [Bool], z: [[Double]], ties: CoxPH.Ties) {
        self.z = z
        self.events = events
        self.ties = ties
        let order = durations.indices.sorted { durations[$0] > durations[$1] }
        var groups: [[Int]] = []
        for i in order {
            if let last = groups.last?.first, durations[last] == durations[i] {
                groups[groups.count - 1].append(i)
            } else {
                groups.append([i])
            }
        }
        self.groups = groups
    }

    struct Value {
        var logLikelihood: Double
        var gradient: [Double]
        var hessian: [[Double]]
    }

    func evaluate(_ beta: [Double]) -> Value {
        let p = beta.count
        let eta = z.map { row in zip(row, beta).reduce(0) { $0 + $1.0 * $1.1 } }
        let shift = eta.max() ?? 0
        var s0 = 0.0
        var s1 = [Double](repeating: 0, count: p)
        var s2 = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        var ll = 0.0
        var gradient = [Double](repeating: 0, count: p)
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for group in groups {
            var d0 = 0.0
            var d1 = [Double](repeating: 0, count: p)
            var d2 = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
            var deaths = 0
            for i in group {
                let w = exp(eta[i] - shift)
                let zi = z[i]
                s0 += w
                for a in 0..<p {
                    s1[a] += w * zi[a]
                    for b in 0...a { s2[a][b] += w * zi[a] * zi[b] }
                }
                if events[i] {
                    deaths += 1
                    d0 += w
                    ll += eta[i]
                    for a in 0..<p {
                        d1[a] += w * zi[a]
                        gradient[a] += zi[a]
                        for b in 0...a { d2[a][b] += w * zi[a] * zi[b] }
                    }
                }
            }
            if deaths == 0 { continue }
            for l in 0..<deaths {
                let f = ties == .efron ? Double(l) / Double(deaths) : 0
                let den = s0 - f * d0
                ll -= log(den) + shift
                for a in 0..<p {
                    let na = s1[a] - f * d1[a]
                    gradient[a] -= na / den
                    for b in 0...a {
                        let nb = s1[b] - f * d1[b]
                        hessian[a][b] -= (s2[a][b] - f * d2[a][b]) / den - na * nb / (den * den)
                    }
                }
            }
        }
        for a in 0..<p { for b in 0..<a { hessian[b][a] = hessian[a][b] } }
        return Value(logLikelihood: ll, gradient: gradient, hessian: hessian)
    }
}
