import Foundation

/// The Gamma-Gamma model of the monetary value of repeat transactions.
///
/// Implements Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005), "RFM and
/// CLV: Using Iso-Value Curves for Customer Base Analysis", *Journal of
/// Marketing Research* 42(4), 415–430, as written up in Fader & Hardie (2013),
/// "The Gamma-Gamma Model of Monetary Value":
///
/// - each transaction value is Gamma(p, ν) for the customer's own ν;
/// - ν varies across customers as Gamma(q, γ) (here `v` = γ, as in lifetimes).
///
/// It is fitted on customers with at least one repeat purchase, with
/// `monetaryValue` the mean of their repeat transactions, and assumes spend is
/// independent of purchase frequency.
public struct GammaGamma: Sendable, Hashable {
    public var p: Double
    public var q: Double
    public var v: Double
    /// Total log-likelihood of the fitted data (0 if built from parameters).
    public var logLikelihood: Double

    public init(p: Double, q: Double, v: Double, logLikelihood: Double = 0) {
        self.p = p
        self.q = q
        self.v = v
        self.logLikelihood = logLikelihood
    }

    /// Fits `p`, `q`, `v` by maximum likelihood on the customers with
    /// `frequency > 0` (the others are ignored, as they carry no repeat spend).
    ///
    /// The log-parameters are optimised by Newton's method with the analytic gradient and Hessian
    /// (see ``GammaGammaFitData``), started from the optimum of a deterministic subsample of about
    /// 10,000 repeat buyers on large inputs; should it find no optimum, the restarted Nelder–Mead
    /// search used before is tried.
    ///
    /// Throws if there are no repeat purchasers, only one, a non-positive mean
    /// spend, or the optimiser does not converge.
    public static func fit(_ customers: [CustomerSummary]) throws(AnalyticsError) -> GammaGamma {
        if customers.isEmpty { throw .emptyInput("Gamma-Gamma customer summaries") }
        var x: [Double] = [], m: [Double] = []
        var firstBad: Int?
        for (i, c) in customers.enumerated() where c.frequency > 0 {
            x.append(Double(c.frequency))
            m.append(c.monetaryValue)
            if firstBad == nil, !(c.monetaryValue > 0) || !c.monetaryValue.isFinite { firstBad = i }
        }
        if x.isEmpty { throw .noRepeatPurchases }
        if x.count == 1 { throw .singleCustomer("Gamma-Gamma (customers with repeat purchases)") }
        if let i = firstBad { throw .nonPositiveAmount(customerID: customers[i].id, amount: customers[i].monetaryValue) }
        let data = GammaGammaFitData(x: x, m: m)
        var start = [0.0, 0, 0]
        if x.count >= 4 * BGNBD.subsampleSize {
            let sample = GammaGammaFitData(x: x, m: m, stride: x.count / BGNBD.subsampleSize)
            let warm = NewtonMinimizer().minimize(start) { sample.evaluate($0) }
            if warm.converged { start = warm.point }
        }
        let newton = NewtonMinimizer().minimize(start) { data.evaluate($0) }
        var point = newton.point
        var ll = newton.evaluation.logLikelihood
        var iterations = newton.iterations
        if !newton.converged {
            let result = Minimizer().minimize([0, 0, 0]) { data.evaluate($0, derivatives: false).value }
            guard result.converged else { throw .noConvergence(model: "Gamma-Gamma fit", iterations: result.evaluations) }
            point = result.point
            ll = data.evaluate(point, derivatives: false).logLikelihood
            iterations = result.evaluations
        }
        let params = point.map { exp($0) }
        guard ll.isFinite, params.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw .noConvergence(model: "Gamma-Gamma fit", iterations: iterations)
        }
        return GammaGamma(p: params[0], q: params[1], v: params[2], logLikelihood: ll)
    }

    /// Log-likelihood of the mean spends `m` over `x` transactions (Fader &
    /// Hardie 2013, equation 3), including the Jacobian of the mean:
    /// `ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m + px ln x − (px+q) ln(xm+v)`.
    static func logLikelihood(p: Double, q: Double, v: Double, x: [Double], m: [Double]) -> Double {
        let lgQ = Special.logGamma(q), logV = log(v)
        var total = 0.0
        for i in x.indices {
            let px = p * x[i]
            total += Special.logGamma(px + q) - Special.logGamma(px) - lgQ + q * logV
                + (px - 1) * log(m[i]) + px * log(x[i]) - (px + q) * log(x[i] * m[i] + v)
        }
        return total
    }

    /// Population mean spend per transaction, `p v / (q − 1)`; throws if `q ≤ 1`
    /// (the mean is then infinite).
    public func populationMeanSpend() throws(AnalyticsError) -> Double {
        guard q > 1 else { throw .undefined("Gamma-Gamma mean spend needs q > 1 (q = \(q))") }
        return p * v / (q - 1)
    }

    /// Expected mean transaction value of a customer with `frequency` repeat
    /// purchases of mean `monetaryValue` (Fader & Hardie 2013, equation 5):
    /// a weighted average of the population mean and the customer's own mean,
    /// with weight `px / (px + q − 1)` on the customer's mean.
    public func expectedAverageSpend(frequency: Int, monetaryValue: Double) throws(AnalyticsError) -> Double {
        let population = try populationMeanSpend()
        let px = p * Double(frequency)
        let weight = px / (px + q - 1)
        return (1 - weight) * population + weight * monetaryValue
    }
}
