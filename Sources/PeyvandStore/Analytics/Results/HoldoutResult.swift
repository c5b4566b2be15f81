import PeyvandAnalytics

/// The BG/NBD holdout check: the model fitted on the history up to `calibrationEndDay` and
/// compared with what customers bought in the `holdoutDays` since, per number of repeat
/// purchases in the calibration period (the last bin is that number or more).
public struct HoldoutResult: Sendable, Hashable, Codable {
    public struct Bin: Sendable, Hashable, Codable {
        /// Repeat purchases in the calibration period (the last bin: this many or more).
        public var repeatPurchases: Int
        public var customers: Int
        /// Mean purchases per customer in the holdout period, predicted and actual.
        public var predicted: Double
        public var actual: Double
    }

    /// The last day of the calibration period, as days since 1970-01-01 (UTC).
    public var calibrationEndDay: Int
    public var holdoutDays: Int
    public var model: BGNBDResult
    public var bins: [Bin]
    /// Purchases in the holdout period, predicted and actual, over all checked customers.
    public var totalPredicted: Double
    public var totalActual: Double
    public var meanAbsoluteError: Double?

    public init(_ check: HoldoutCheck) {
        calibrationEndDay = check.calibrationEnd
        holdoutDays = check.holdoutDays
        model = BGNBDResult(check.model)
        bins = check.bins.map { Bin(repeatPurchases: $0.frequency, customers: $0.customers, predicted: $0.predicted, actual: $0.actual) }
        totalPredicted = check.totalPredicted
        totalActual = check.totalActual
        meanAbsoluteError = finite(check.meanAbsoluteError)
    }
}
