import PeyvandAnalytics

/// The churn classifier: a logistic regression trained on customers as they were `horizonDays`
/// before the run (`cutDay`), labelled by whether they bought since, tested on a held-out
/// quarter; its coefficients by named feature.
public struct ChurnResult: Sendable, Hashable, Codable {
    /// A feature of the classifier (`ChurnClassifier.historyFeatures` and the static ones).
    public enum Feature: String, Sendable, Hashable, Codable, CaseIterable {
        case recency, frequency
        case logSpend = "log_spend"
        case tenure
        case recentShare = "recent_share"
        case returns, organisation
    }

    public struct Coefficient: Sendable, Hashable, Codable {
        public var feature: Feature
        /// Log-odds change per unit of the feature.
        public var coefficient: Double
        /// Log-odds change per standard deviation of the feature (nil when undefined).
        public var standardized: Double?
    }

    /// Area under the ROC curve and precision in the riskiest tenth, on the held-out customers (nil when undefined).
    public var auc: Double?
    public var precisionTopDecile: Double?
    /// Share of the training customers who did not buy within the horizon.
    public var churnRate: Double
    public var trainCustomers: Int
    public var testCustomers: Int
    public var horizonDays: Int
    /// The day the training customers are seen as of, as days since 1970-01-01 (UTC).
    public var cutDay: Int
    public var intercept: Double
    public var coefficients: [Coefficient]

    public init(_ c: ChurnClassifier) {
        auc = finite(c.auc)
        precisionTopDecile = finite(c.precisionAtTopDecile)
        churnRate = c.churnRate
        trainCustomers = c.trainRows
        testCustomers = c.testRows
        horizonDays = c.horizonDays
        cutDay = c.cutDay
        intercept = c.model.intercept.coefficient
        coefficients = c.model.coefficients.compactMap { k in
            Feature(rawValue: k.name).map { Coefficient(feature: $0, coefficient: k.coefficient, standardized: finite(k.standardizedCoefficient)) }
        }
    }
}
