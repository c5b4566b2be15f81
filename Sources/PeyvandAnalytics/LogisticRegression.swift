import Foundation

/// Binary logistic regression (e.g. churn propensity) with an intercept,
/// optionally L2-regularised.
///
/// Model: `P(y = 1 | x) = 1 / (1 + exp(−(β₀ + Σ βⱼ xⱼ)))` (Cox, D. R. (1958),
/// "The regression analysis of binary sequences", *JRSS B* 20(2), 215–242).
///
/// Objective (minimised): `−ℓ(β) + ‖β‖² / (2C)`, the scikit-learn
/// `LogisticRegression(C=…, l1_ratio=0)` objective `C Σ logloss + ½‖β‖²`
/// divided by `C`. As in scikit-learn, the **intercept is not penalised**
/// (the fixture script checks this: the gradient at scikit-learn's solution
/// vanishes only without an intercept penalty), and the penalty applies to the
/// coefficients of the features as given unless `standardizeFeatures` is set,
/// which penalises the coefficients of z-scored features (population sd, as a
/// scikit-learn `StandardScaler` pipeline). `Penalty.none` is the plain
/// maximum-likelihood fit of statsmodels' `Logit`.
///
/// Fitting: Newton–Raphson, which for the logistic model is iteratively
/// reweighted least squares (McCullagh, P. & Nelder, J. A. (1989),
/// *Generalized Linear Models*, 2nd ed., §4.4; Hastie, Tibshirani & Friedman
/// (2009), *The Elements of Statistical Learning*, §4.4.1), on internally
/// centred and scaled features (Newton's method is affine-invariant, so this
/// changes only the conditioning). Each step is the full Newton step when it
/// satisfies the Armijo sufficient-decrease condition, else it is halved
/// (backtracking line search; Nocedal & Wright (2006), *Numerical
/// Optimization*, Alg. 3.1). If the Hessian is numerically not positive
/// definite in penalised mode, a Levenberg damping term is added. Iteration
/// stops when the largest Newton step is below 10⁻¹⁰ (in standardised units).
///
/// Unpenalised inference: standard errors are the square roots of the diagonal
/// of the inverse observed information (the Hessian of `−ℓ`) at the estimate,
/// `z = β / se`, and p-values from the two-sided normal (Wald) test, as
/// statsmodels reports. With a penalty they are not defined and are `nil`.
///
/// Errors (never `NaN`): empty input, one row, a non-finite value, a constant
/// feature, one outcome class, and, without a penalty, perfectly collinear
/// features (singular Hessian at the start, named) and perfect or
/// quasi-complete separation (Albert, A. & Anderson, J. A. (1984), "On the
/// existence of maximum likelihood estimates in logistic regression models",
/// *Biometrika* 71(1), 1–10), recognised when the Hessian becomes singular
/// along the way, the likelihood stops changing while the coefficients keep
/// growing, or the iterations run out (or the line search fails) with fitted
/// probabilities at 0 or 1.
public struct LogisticRegression: Sendable, Hashable {
    /// Regularisation.
    public enum Penalty: Sendable, Hashable {
        /// Maximum likelihood (statsmodels `Logit`).
        case none
        /// L2 with inverse strength `c > 0` (scikit-learn `C`).
        case l2(c: Double)
    }

    /// One fitted coefficient.
    public struct Coefficient: Sendable, Hashable {
        public var name: String
        /// Log-odds change per unit of the feature (for the intercept: log-odds at all features 0).
        public var coefficient: Double
        /// Log-odds change per population standard deviation of the feature
        /// (for the intercept: log-odds at the mean of every feature).
        public var standardizedCoefficient: Double
        /// Unpenalised fits only.
        public var standardError: Double?
        /// Wald statistic `coefficient / standardError` (unpenalised fits only).
        public var z: Double?
        /// Two-sided p-value of `z` (unpenalised fits only).
        public var pValue: Double?
        public var oddsRatio: Double { exp(coefficient) }
    }

    /// One feature's share of a customer's score.
    public struct Contribution: Sendable, Hashable {
        public var name: String
        /// The customer's value of the feature.
        public var value: Double
        /// `(value − training mean) / training population sd`.
        public var standardizedValue: Double
        /// `standardizedCoefficient × standardizedValue = β (value − mean)`:
        /// log-odds added relative to a customer at the training means.
        public var contribution: Double
    }

    public var intercept: Coefficient
    /// In feature order.
    public var coefficients: [Coefficient]
    public var penalty: Penalty
    public var standardizeFeatures: Bool
    /// Log-likelihood `ℓ` at the estimate (without the penalty term).
    public var logLikelihood: Double
    /// Newton iterations used.
    public var iterations: Int
    /// Covariance of (intercept, coefficients…) for unpenalised fits.
    public var covariance: [[Double]]?
    public var featureMeans: [Double]
    /// Population standard deviations of the training features.
    public var featureStandardDeviations: [Double]
    public var featureNames: [String] { coefficients.map(\.name) }

    /// Fits the model.
    ///
    /// - Parameters:
    ///   - features: the feature columns (3–20 is typical), one value per customer each.
    ///   - outcomes: `true` for the event (e.g. churned), one per customer.
    ///   - penalty: `.l2(c: 1)` (scikit-learn's default) or `.none`.
    ///   - standardizeFeatures: penalise coefficients of z-scored features.
    ///   - maxIterations: Newton iterations allowed.
    /// - Throws: `emptyInput`, `singleCustomer`, `invalidInput`,
    ///   `nonFiniteValue`, `constantCovariate`, `singleClass`,
    ///   `collinearCovariate` and `perfectSeparation` (unpenalised), `noConvergence`.
    public static func fit(
        features: [FeatureColumn], outcomes: [Bool], penalty: Penalty = .l2(c: 1),
        standardizeFeatures: Bool = false, maxIterations: Int = 100
    ) throws(AnalyticsError) -> LogisticRegression {
        if let first = features.first, outcomes.count != first.values.count {
            throw .invalidInput("\(outcomes.count) outcomes for \(first.values.count) customers")
        }
        let table = try FeatureTable(features, model: "logistic regression")
        if case .l2(let c) = penalty, !(c > 0 && c.isFinite) {
            throw .invalidInput("the inverse regularisation strength C must be positive and finite, got \(c)")
        }
        let positives = outcomes.filter { $0 }.count
        guard positives > 0, positives < outcomes.count else {
            throw .singleClass("logistic regression outcome (\(positives) of \(outcomes.count) positive)")
        }
        let n = table.rowCount, p = table.columns.count, q = p + 1
        let means = table.means, sds = table.standardDeviations
        // Design in internal units: column 0 is the intercept, then z-scores.
        let z = table.flatRows(standardize: true)
        let y = outcomes.map { $0 ? 1.0 : 0.0 }
        // Penalty weights on the internal coefficients γⱼ = βⱼ σⱼ.
        var lambda = [Double](repeating: 0, count: q)
        if case .l2(let c) = penalty {
            for j in 0..<p { lambda[j + 1] = (standardizeFeatures ? 1 : 1 / (sds[j] * sds[j])) / c }
        }
        let problem = LogisticObjective(z: z, y: y, n: n, p: p, lambda: lambda)

        // Start at the log-odds of the base rate.
        var theta = [Double](repeating: 0, count: q)
        theta[0] = log(Double(positives) / Double(n - positives))
        var current = problem.evaluate(theta)
        if penalty == .none {
            var failed: Int?
            if Matrix.cholesky(current.hessian, relativeTolerance: 1e-10, failedColumn: &failed) == nil {
                let j = max(1, failed ?? 1)
                throw .collinearCovariate(table.names[j - 1])
            }
        }

        var iterations = 0
        var converged = false
        var flatSteps = 0
        while iterations < maxIterations {
            iterations += 1
            var failed: Int?
            var hessian = current.hessian
            var factor = Matrix.cholesky(hessian, relativeTolerance: 1e-13, failedColumn: &failed)
            if factor == nil {
                if penalty == .none {
                    throw .perfectSeparation("logistic regression (the information matrix became singular at iteration \(iterations))")
                }
                let trace = (0..<q).reduce(0) { $0 + abs(hessian[$1][$1]) }
                var mu = 1e-10 * max(trace, 1)
                while factor == nil && mu.isFinite {
                    hessian = current.hessian
                    for j in 0..<q { hessian[j][j] += mu }
                    factor = Matrix.cholesky(hessian, relativeTolerance: 1e-13, failedColumn: &failed)
                    mu *= 10
                }
            }
            guard let l = factor else { throw .noConvergence(model: "logistic regression (Hessian)", iterations: iterations) }
            let step = Matrix.choleskySolve(l, current.gradient)
            let slope = zip(step, current.gradient).reduce(0) { $0 + $1.0 * $1.1 }
            var t = 1.0
            var candidate = theta
            var next = current
            var accepted = false
            while t >= 1e-12 {
                candidate = (0..<q).map { theta[$0] - t * step[$0] }
                next = problem.evaluate(candidate)
                if next.objective.isFinite && next.objective <= current.objective - 1e-4 * t * slope {
                    accepted = true
                    break
                }
                t /= 2
            }
            let largestStep = step.map(abs).max() ?? 0
            if !accepted {
                // No decrease is possible: at the optimum to rounding, or stuck.
                if largestStep < 1e-6 { converged = true; break }
                if penalty == .none && current.largestLogOdds > 15 {
                    throw .perfectSeparation("logistic regression (fitted probabilities reach 0 or 1)")
                }
                throw .noConvergence(model: "logistic regression (line search failed)", iterations: iterations)
            }
            let objectiveChange = current.objective - next.objective
            theta = candidate
            current = next
            if t * largestStep < 1e-10 { converged = true; break }
            // Separation: the objective has stopped changing while the estimate keeps moving.
            if penalty == .none && objectiveChange <= 1e-13 * abs(current.objective) && t * largestStep > 1e-3 {
                flatSteps += 1
                if flatSteps >= 5 {
                    throw .perfectSeparation("logistic regression (the coefficients diverge)")
                }
            } else {
                flatSteps = 0
            }
        }
        guard converged else {
            if penalty == .none && current.largestLogOdds > 15 {
                throw .perfectSeparation("logistic regression (fitted probabilities reach 0 or 1)")
            }
            throw .noConvergence(model: "logistic regression (Newton–Raphson)", iterations: iterations)
        }

        // Back to the features' own units: βⱼ = γⱼ/σⱼ, β₀ = θ₀ − Σ βⱼ x̄ⱼ.
        let beta = (0..<p).map { theta[$0 + 1] / sds[$0] }
        let beta0 = theta[0] - (0..<p).reduce(0) { $0 + beta[$1] * means[$1] }
        var covariance: [[Double]]?
        if penalty == .none {
            guard let inverse = Matrix.inverseSymmetricPositiveDefinite(current.hessian) else {
                throw .perfectSeparation("logistic regression (singular information matrix at the estimate)")
            }
            // Jacobian of (β₀, β) with respect to θ.
            var jac = [[Double]](repeating: [Double](repeating: 0, count: q), count: q)
            jac[0][0] = 1
            for j in 0..<p {
                jac[0][j + 1] = -means[j] / sds[j]
                jac[j + 1][j + 1] = 1 / sds[j]
            }
            var cov = [[Double]](repeating: [Double](repeating: 0, count: q), count: q)
            for a in 0..<q {
                for b in 0..<q {
                    var s = 0.0
                    for u in 0..<q where jac[a][u] != 0 {
                        for v in 0..<q where jac[b][v] != 0 { s += jac[a][u] * inverse[u][v] * jac[b][v] }
                    }
                    cov[a][b] = s
                }
            }
            covariance = cov
        }
        func coefficient(_ name: String, _ index: Int, _ value: Double, _ standardized: Double) -> Coefficient {
            guard let cov = covariance else {
                return Coefficient(name: name, coefficient: value, standardizedCoefficient: standardized)
            }
            let se = cov[index][index].squareRoot()
            let zValue = value / se
            return Coefficient(
                name: name, coefficient: value, standardizedCoefficient: standardized, standardError: se, z: zValue,
                pValue: Special.twoSidedNormalPValue(zValue))
        }
        let model = LogisticRegression(
            intercept: coefficient("(intercept)", 0, beta0, theta[0]),
            coefficients: (0..<p).map { coefficient(table.names[$0], $0 + 1, beta[$0], theta[$0 + 1]) },
            penalty: penalty, standardizeFeatures: standardizeFeatures, logLikelihood: current.logLikelihood,
            iterations: iterations, covariance: covariance, featureMeans: means, featureStandardDeviations: sds)
        let values = [beta0, current.logLikelihood] + beta + (covariance?.flatMap { $0 } ?? [])
        guard values.allSatisfy(\.isFinite) else {
            throw .noConvergence(model: "logistic regression (non-finite estimate)", iterations: iterations)
        }
        return model
    }

    /// `β₀ + Σ βⱼ xⱼ` for one row in feature order.
    /// - Throws: `invalidInput` for a wrong length, `nonFiniteValue`.
    public func linearPredictor(_ row: [Double]) throws(AnalyticsError) -> Double {
        try checkRow(row, names: featureNames)
        return zip(coefficients, row).reduce(intercept.coefficient) { $0 + $1.0.coefficient * $1.1 }
    }

    /// `P(y = 1)` for one row in feature order.
    public func predictProbability(_ row: [Double]) throws(AnalyticsError) -> Double {
        LogisticObjective.sigmoid(try linearPredictor(row))
    }

    /// `P(y = 1)` for every customer of `features` (same names, same order as fitted).
    public func predictProbabilities(_ features: [FeatureColumn]) throws(AnalyticsError) -> [Double] {
        guard features.map(\.name) == featureNames else {
            throw .invalidInput("expected features \(featureNames.joined(separator: ", "))")
        }
        let n = features.first?.values.count ?? 0
        for f in features where f.values.count != n { throw .invalidInput("feature '\(f.name)' has \(f.values.count) values, expected \(n)") }
        var out: [Double] = []
        out.reserveCapacity(n)
        for i in 0..<n {
            do { out.append(try predictProbability(features.map { $0.values[i] })) } catch {
                if case .nonFiniteValue(let field, _) = error { throw .nonFiniteValue(field: field, row: i) }
                throw error
            }
        }
        return out
    }

    /// Every feature's contribution to the row's log-odds relative to a
    /// customer at the training means, largest `|contribution|` first
    /// (ties in feature order). They add up to `linearPredictor(row) −
    /// linearPredictor(featureMeans)`.
    public func contributions(_ row: [Double]) throws(AnalyticsError) -> [Contribution] {
        try checkRow(row, names: featureNames)
        let items = coefficients.indices.map { j in
            let s = (row[j] - featureMeans[j]) / featureStandardDeviations[j]
            return Contribution(
                name: coefficients[j].name, value: row[j], standardizedValue: s,
                contribution: coefficients[j].coefficient * (row[j] - featureMeans[j]))
        }
        return items.enumerated().sorted {
            abs($0.element.contribution) > abs($1.element.contribution)
                || (abs($0.element.contribution) == abs($1.element.contribution) && $0.offset < $1.offset)
        }.map(\.element)
    }

    /// The `count` largest contributions (see `contributions`).
    public func topContributions(_ row: [Double], count: Int = 3) throws(AnalyticsError) -> [Contribution] {
        Array(try contributions(row).prefix(max(0, count)))
    }
}

/// Penalised negative log-likelihood of the logistic model with gradient and Hessian.
struct LogisticObjective {
    var z: [Double]  // n × p, row-major, standardised
    var y: [Double]
    var n: Int
    var p: Int
    var lambda: [Double]  // penalty weight per internal coefficient (0 for the intercept)

    struct Value {
        var objective: Double
        var logLikelihood: Double
        var gradient: [Double]
        var hessian: [[Double]]
        /// Largest `|η|` over the rows (above ~15 a fitted probability is within 3·10⁻⁷ of 0 or 1).
        var largestLogOdds: Double
    }

    static func sigmoid(_ eta: Double) -> Double {
        eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
    }

    /// `log(1 + e^η)` without overflow.
    static func softplus(_ eta: Double) -> Double {
        max(eta, 0) + log1p(exp(-abs(eta)))
    }

    func evaluate(_ theta: [Double]) -> Value {
        let q = p + 1
        var ll = 0.0
        var gradient = [Double](repeating: 0, count: q)
        var hessian = [[Double]](repeating: [Double](repeating: 0, count: q), count: q)
        var largest = 0.0
        var row = [Double](repeating: 1, count: q)
        for i in 0..<n {
            var eta = theta[0]
            for j in 0..<p {
                row[j + 1] = z[i * p + j]
                eta += theta[j + 1] * row[j + 1]
            }
            ll += y[i] * eta - Self.softplus(eta)
            let prob = Self.sigmoid(eta)
            let w = prob * (1 - prob)
            let r = prob - y[i]
            largest = max(largest, abs(eta))
            for a in 0..<q {
                gradient[a] += r * row[a]
                let wa = w * row[a]
                for b in 0...a { hessian[a][b] += wa * row[b] }
            }
        }
        var penaltyValue = 0.0
        for a in 0..<q where lambda[a] > 0 {
            penaltyValue += 0.5 * lambda[a] * theta[a] * theta[a]
            gradient[a] += lambda[a] * theta[a]
            hessian[a][a] += lambda[a]
        }
        for a in 0..<q { for b in 0..<a { hessian[b][a] = hessian[a][b] } }
        return Value(
            objective: -ll + penaltyValue, logLikelihood: ll, gradient: gradient, hessian: hessian,
            largestLogOdds: largest)
    }
}
