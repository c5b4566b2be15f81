/// The models a scoring run records, by the name the API and the page use for each
/// (`/api/v1/analytics/runs/{model}`), in the order a refresh runs them.
public enum AnalyticsModelName: String, CaseIterable, Sendable, Hashable, Codable {
    case rfm
    case bgnbd
    case gammaGamma = "gamma-gamma"
    case bgnbdHoldout = "bgnbd-holdout"
    case segments
    case churn
    case survival
    case pareto
}
