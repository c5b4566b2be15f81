import Foundation

/// The BG/NBD ("beta-geometric / negative binomial distribution") model of
/// repeat buying in a non-contractual setting.
///
/// Implements Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005), "'Counting
/// Your Customers' the Easy Way: An Alternative to the Pareto/NBD Model",
/// *Marketing Science* 24(2), 275–284:
///
/// - while alive, a customer buys as a Poisson process with rate λ ~ Gamma(r, α);
/// - after each purchase the customer drops out with probability p ~ Beta(a, b).
///
/// Parameters are fitted by maximum likelihood on `(x, tₓ, T)` with the closed
/// form likelihood of the paper's equation (6), in the same parameterisation as
/// lifetimes' `BetaGeoFitter` (`r`, `alpha`, `a`, `b`; no penalty).
public struct BGNBD: Sendable, Hashable {
    /// Shape of the Gamma distribution of purchase rates.
    public var r: Double
    /// Scale (in the data's time unit) of the Gamma distribution of purchase rates.
    public var alpha: Double
    /// First shape of the Beta distribution of dropout probabilities.
    public var a: Double
    /// Second shape of the Beta distribution of dropout probabilities.
    public var b: Double
    /// Total log-likelihood of the fitted data (0 if built from parameters).
    public var logLikelihood: Double

    /// The L2 penalty the model was fitted with (0: plain maximum likelihood).
    public var penalizer: Double = 0
    /// The penalties tried in turn by ``fitUsable(_:horizon:)``, lifetimes' usual advice.
    public static let fallbackPenalizers = [0.001, 0.01, 0.1]

    /// For unattended scoring: plain maximum likelihood, or when that has no finite optimum or
    /// gives a customer a non-finite prediction for `horizon` (the ₂F₁ of equation 10 diverges
    /// when `a + b + x − 1 < 0`), the smallest of ``fallbackPenalizers`` that does not. The
    /// penalty used is kept in ``penalizer``.
    public static func fitUsable(_ customers: [CustomerSummary], horizon: Double) throws(AnalyticsError) -> BGNBD {
        var failure: AnalyticsError = .noConvergence(model: "BG/NBD fit", iterations: 0)
        for penalty in [0] + fallbackPenalizers {
            do {
                let model = try fit(customers, penalizer: penalty)
                if customers.allSatisfy({ model.expectedPurchases(in: horizon, for: $0).isFinite && model.probabilityAlive($0).isFinite }) {
                    return model
                }
                failure = .undefined("BG/NBD gives a non-finite prediction even with a penalizer of \(penalty)")
            } catch .noConvergence(let model, let iterations) {
                failure = .noConvergence(model: model, iterations: iterations)
            }
        }
        throw failure
    }

    public init(r: Double, alpha: Double, a: Double, b: Double, logLikelihood: Double = 0) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
        self.logLikelihood = logLikelihood
    }

    /// Fits the model by maximum likelihood.
    ///
    /// Times are rescaled internally so the largest age is 1 (as lifetimes
    /// 0.11 does; the penalty below is on α in that unit) and the log-parameters are optimised by
    /// Newton's method with the analytic gradient and Hessian (see ``BGNBDFitData``), started from
    /// the optimum of a deterministic subsample of about 10,000 customers on large inputs and run
    /// until the Newton step is below 1e-9 in every log-parameter. Should Newton's method find no
    /// optimum, the restarted Nelder–Mead search used before is tried. Throws for empty input, a
    /// single customer, no repeat purchases, inconsistent summaries, or if neither converges.
    ///
    /// - Parameter penalizer: an L2 penalty `penalizer · (r² + α² + a² + b²)` (α in the rescaled
    ///   time unit) added to the mean negative log-likelihood, as `lifetimes`' `penalizer_coef`
    ///   does. 0 (the default) is plain maximum likelihood. A small penalty (0.001–0.1) keeps the
    ///   fit finite when the likelihood is greatest at the boundary, typically `a` and `b` growing
    ///   without bound together when every customer seems to drop out with the same probability.
    public static func fit(_ customers: [CustomerSummary], penalizer: Double = 0) throws(AnalyticsError) -> BGNBD {
        try validate(customers, model: "BG/NBD")
        guard penalizer >= 0, penalizer.isFinite else { throw .invalidInput("the penalizer must be ≥ 0, got \(penalizer)") }
        var maxAge = customers[0].age
        for c in customers where c.age > maxAge { maxAge = c.age }
        let scale = maxAge > 0 ? 1 / maxAge : 1
        let data = BGNBDFitData(customers, scale: scale)
        var start = [0.0, 0, 0, 0]
        if customers.count >= 4 * subsampleSize {
            let sample = BGNBDFitData(customers, scale: scale, stride: customers.count / subsampleSize)
            let warm = NewtonMinimizer().minimize(start) { sample.evaluate($0, penalizer: penalizer) }
            if warm.converged { start = warm.point }
        }
        let newton = NewtonMinimizer().minimize(start) { data.evaluate($0, penalizer: penalizer) }
        var point = newton.point
        var ll = newton.evaluation.logLikelihood
        var iterations = newton.iterations
        if !newton.converged {
            let result = Minimizer().minimize([0, 0, 0, 0]) { data.evaluate($0, penalizer: penalizer, derivatives: false).value }
            guard result.converged else { throw .noConvergence(model: "BG/NBD fit", iterations: result.evaluations) }
            point = result.point
            ll = data.evaluate(point, penalizer: penalizer, derivatives: false).logLikelihood
            iterations = result.evaluations
        }
        let p = point.map { exp($0) }
        // In the original time unit every customer's likelihood is (1/scale)^x times that in the rescaled one.
        ll += data.totalFrequency * log(scale)
        guard ll.isFinite, p.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw .noConvergence(model: "BG/NBD fit", iterations: iterations)
        }
        var model = BGNBD(r: p[0], alpha: p[1] / scale, a: p[2], b: p[3], logLikelihood: ll)
        model.penalizer = penalizer
        return model
    }

    /// Customers in the subsample whose optimum starts Newton's method on large inputs.
    static let subsampleSize = 10_000

    static func validate(_ customers: [CustomerSummary], model: String) throws(AnalyticsError) {
        if customers.isEmpty { throw .emptyInput("\(model) customer summaries") }
        if customers.count == 1 { throw .singleCustomer(model) }
        for c in customers {
            if c.frequency < 0 || !(c.recency >= 0) || !(c.age >= 0) || !(c.recency <= c.age * (1 + 1e-12)) {
                throw .invalidInput(
                    "customer '\(c.id)' needs frequency ≥ 0 and 0 ≤ recency ≤ age "
                        + "(got \(c.frequency), \(c.recency), \(c.age))")
            }
        }
        if !customers.contains(where: { $0.frequency > 0 }) { throw .noRepeatPurchases }
    }

    /// Sum over customers of the log of equation (6) of the paper:
    /// `L = B(a,b+x)/B(a,b) · Γ(r+x)αʳ/(Γ(r)(α+T)^(r+x))
    ///    + 1{x>0} B(a+1,b+x−1)/B(a,b) · Γ(r+x)αʳ/(Γ(r)(α+tₓ)^(r+x))`.
    static func logLikelihood(
        r: Double, alpha: Double, a: Double, b: Double, x: [Double], tx: [Double], age: [Double]
    ) -> Double {
        let lgR = Special.logGamma(r), lgB = Special.logGamma(b)
        let lgAB = Special.logGamma(a + b), logAlpha = log(alpha), logA = log(a)
        var total = 0.0
        for i in x.indices {
            let xi = x[i]
            let common = Special.logGamma(r + xi) - lgR + r * logAlpha
            let beta = lgAB + Special.logGamma(b + xi) - lgB - Special.logGamma(a + b + xi)
            let survived = -(r + xi) * log(alpha + age[i])
            var term = survived
            if xi > 0 {
                // B(a+1, b+x−1)/B(a, b+x) = a / (b+x−1)
                let died = logA - log(b + xi - 1) - (r + xi) * log(alpha + tx[i])
                term = Special.logAddExp(survived, died)
            }
            total += common + beta + term
        }
        return total
    }

    /// Probability that a customer with history `(x, tₓ, T)` is still alive
    /// (paper, equation 13): `1 / (1 + 1{x>0} · a/(b+x−1) · ((α+T)/(α+tₓ))^(r+x))`.
    public func probabilityAlive(frequency x: Int, recency tx: Double, age: Double) -> Double {
        if x == 0 { return 1 }
        let xd = Double(x)
        let logOdds = (r + xd) * log((alpha + age) / (alpha + tx)) + log(a / (b + xd - 1))
        return 1 / (1 + exp(logOdds))
    }

    /// `probabilityAlive` for a summary.
    public func probabilityAlive(_ c: CustomerSummary) -> Double {
        probabilityAlive(frequency: c.frequency, recency: c.recency, age: c.age)
    }

    /// Expected number of purchases in the next `t` time units of a customer
    /// with history `(x, tₓ, T)` (paper, equation 10), using ₂F₁ by series.
    public func expectedPurchases(in t: Double, frequency x: Int, recency tx: Double, age: Double) -> Double {
        if t == 0 { return 0 }
        let xd = Double(x)
        let z = t / (alpha + age + t)
        let c = a + b + xd - 1
        let first = c / (a - 1)
        let shrink = (r + xd) * log((alpha + age) / (alpha + age + t))
        // With c ≤ 0 (no repeat purchases and a + b < 1, as penalised fits can give) the series
        // has negative terms: sum it with signs rather than in logs.
        let second = c > 0 ? 1 - exp(Special.logHyp2F1Euler(r + xd, b + xd, c, z) + shrink)
            : 1 - Special.hyp2F1(r + xd, b + xd, c, z) * exp(shrink)
        let denominator = x > 0 ? 1 + a / (b + xd - 1) * pow((alpha + age) / (alpha + tx), r + xd) : 1
        return first * second / denominator
    }

    /// `expectedPurchases(in:frequency:recency:age:)` for a summary.
    public func expectedPurchases(in t: Double, for c: CustomerSummary) -> Double {
        expectedPurchases(in: t, frequency: c.frequency, recency: c.recency, age: c.age)
    }

    /// Expected number of purchases of a new, randomly chosen customer in a
    /// period of length `t` (paper, equation 9).
    public func expectedPurchasesOfNewCustomer(in t: Double) -> Double {
        if t == 0 { return 0 }
        let logHyp = Special.logHyp2F1(r, b, a + b - 1, t / (alpha + t))
        return (a + b - 1) / (a - 1) * (1 - exp(logHyp + r * log(alpha / (alpha + t))))
    }
}
