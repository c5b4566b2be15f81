import Foundation

/// What one run of a model found, as that model's own type. Stored as JSON in
/// `analytics_runs.result` (the row's `model` says which type) and read back as the same type;
/// the API writes it as the run's `result` object.
public enum AnalyticsResult: Sendable, Hashable {
    case rfm(RFMResult)
    case bgnbd(BGNBDResult)
    case gammaGamma(GammaGammaResult)
    case bgnbdHoldout(HoldoutResult)
    case segments(SegmentsResult)
    case churn(ChurnResult)
    case survival(SurvivalResult)
    case pareto(ParetoResult)

    public var model: AnalyticsModelName {
        switch self {
        case .rfm: .rfm
        case .bgnbd: .bgnbd
        case .gammaGamma: .gammaGamma
        case .bgnbdHoldout: .bgnbdHoldout
        case .segments: .segments
        case .churn: .churn
        case .survival: .survival
        case .pareto: .pareto
        }
    }

    /// The result's own value (what is stored and what the API shows).
    public var value: any Encodable & Sendable {
        switch self {
        case .rfm(let r): r
        case .bgnbd(let r): r
        case .gammaGamma(let r): r
        case .bgnbdHoldout(let r): r
        case .segments(let r): r
        case .churn(let r): r
        case .survival(let r): r
        case .pareto(let r): r
        }
    }

    /// The stored JSON of `model` read back as its type; nil when it does not read.
    static func decode(_ model: AnalyticsModelName, json: String) -> AnalyticsResult? {
        func read<T: Decodable>(_ type: T.Type) -> T? { JSONText.decode(type, json) }
        switch model {
        case .rfm: return read(RFMResult.self).map(Self.rfm)
        case .bgnbd: return read(BGNBDResult.self).map(Self.bgnbd)
        case .gammaGamma: return read(GammaGammaResult.self).map(Self.gammaGamma)
        case .bgnbdHoldout: return read(HoldoutResult.self).map(Self.bgnbdHoldout)
        case .segments: return read(SegmentsResult.self).map(Self.segments)
        case .churn: return read(ChurnResult.self).map(Self.churn)
        case .survival: return read(SurvivalResult.self).map(Self.survival)
        case .pareto: return read(ParetoResult.self).map(Self.pareto)
        }
    }

    /// The JSON stored for it; nil when it cannot be written (a value that is not finite).
    var json: String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) }
    }
}

/// A number a fit may leave undefined (NaN, ±∞) as nil, so every stored result is valid JSON.
func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
