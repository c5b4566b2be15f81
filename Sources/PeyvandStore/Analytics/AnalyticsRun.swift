import Foundation

/// One run of a model: the data date, how many customers, how long it took, and what it found
/// as the model's own type, or why the data could not support it.
public struct AnalyticsRun: Sendable, Hashable {
    public let model: AnalyticsModelName
    public let asOf: Date
    public let customers: Int
    /// What the model found; nil when it could not be fitted (`note` says why).
    public let result: AnalyticsResult?
    public let seconds: Double
    public let finishedAt: Date
    /// Why the model could not be fitted on this data (nil when it was).
    public var note: String? = nil

    public init(model: AnalyticsModelName, asOf: Date, customers: Int, result: AnalyticsResult?, seconds: Double, finishedAt: Date,
                note: String? = nil) {
        (self.model, self.asOf, self.customers, self.result, self.seconds, self.finishedAt, self.note) =
            (model, asOf, customers, result, seconds, finishedAt, note)
    }
}
