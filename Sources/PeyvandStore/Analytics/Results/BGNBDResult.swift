import PeyvandAnalytics

/// The fitted BG/NBD model of repeat purchases: purchase rate Gamma(r, α), dropout Beta(a, b),
/// the log-likelihood of the fit and the L2 penalizer it needed (0 for plain maximum likelihood).
public struct BGNBDResult: Sendable, Hashable, Codable {
    public var r: Double
    public var alpha: Double
    public var a: Double
    public var b: Double
    public var logLikelihood: Double
    public var penalizer: Double

    public init(_ model: BGNBD) {
        (r, alpha, a, b, logLikelihood, penalizer) = (model.r, model.alpha, model.a, model.b, model.logLikelihood, model.penalizer)
    }
}

/// The fitted Gamma-Gamma model of spend per purchase: shape p, and Gamma(q, v) for the mean.
public struct GammaGammaResult: Sendable, Hashable, Codable {
    public var p: Double
    public var q: Double
    public var v: Double
    public var logLikelihood: Double

    public init(_ model: GammaGamma) {
        (p, q, v, logLikelihood) = (model.p, model.q, model.v, model.logLikelihood)
    }
}
