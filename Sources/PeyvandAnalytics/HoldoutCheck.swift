/// The holdout check of a BG/NBD model, as in Fader, Hardie & Lee (2005, fig. 3):
/// the model is fitted on purchases up to a calibration end, then for the
/// following `holdoutDays` the purchases it predicts are set against those the
/// customers really made, grouped by how many repeat purchases each customer
/// made in the calibration period.
public struct HoldoutCheck: Sendable, Hashable {
    /// Customers with `frequency` repeat purchases in calibration (the last bin is "this many or more").
    public struct Bin: Sendable, Hashable {
        public var frequency: Int
        public var customers: Int
        /// Mean purchases predicted per customer in the holdout period.
        public var predicted: Double
        /// Mean purchases made per customer in the holdout period.
        public var actual: Double
    }

    public var calibrationEnd: Int
    public var holdoutDays: Int
    public var customers: Int
    public var model: BGNBD
    public var bins: [Bin]
    public var totalPredicted: Double
    public var totalActual: Double
    /// Mean absolute error of the per-customer prediction.
    public var meanAbsoluteError: Double

    /// Fits BG/NBD on `history` up to `asOf − holdoutDays` and compares. At most
    /// `sampleLimit` customers are used (every n-th, so the sample spans the history).
    ///
    /// - Throws: `tooFewRows` when fewer than 20 customers bought before the
    ///   calibration end, and the model's own errors.
    public static func bgnbd(
        _ history: PurchaseHistory, asOf: Int, holdoutDays: Int = 90, bins: Int = 7, sampleLimit: Int = 200_000
    ) throws(AnalyticsError) -> HoldoutCheck {
        guard holdoutDays > 0, bins >= 2 else { throw .invalidInput("a holdout needs a positive length and at least two bins") }
        let end = asOf - holdoutDays
        let step = max(1, (history.customerCount + sampleLimit - 1) / sampleLimit)
        var summaries: [CustomerSummary] = [], actual: [Int] = []
        for i in stride(from: 0, to: history.customerCount, by: step) {
            guard let s = history.summary(i, observationEnd: end) else { continue }
            summaries.append(s)
            actual.append(history.purchaseDays(i, after: end, through: asOf))
        }
        guard summaries.count >= 20 else {
            throw .tooFewRows("a holdout check (customers who bought before the calibration end)", needed: 20, got: summaries.count)
        }
        // As on the whole history: plain maximum likelihood, and a small penalty when that has no finite optimum.
        let model = try BGNBD.fitUsable(summaries, horizon: Double(holdoutDays))
        var count = [Int](repeating: 0, count: bins), predicted = [Double](repeating: 0, count: bins)
        var made = [Double](repeating: 0, count: bins)
        var totalPredicted = 0.0, totalActual = 0.0, error = 0.0
        for (s, a) in zip(summaries, actual) {
            let p = model.expectedPurchases(in: Double(holdoutDays), for: s)
            guard p.isFinite else { throw .undefined("the calibrated model predicts a non-finite number of purchases") }
            let b = min(s.frequency, bins - 1)
            count[b] += 1
            predicted[b] += p
            made[b] += Double(a)
            totalPredicted += p
            totalActual += Double(a)
            error += abs(p - Double(a))
        }
        return HoldoutCheck(
            calibrationEnd: end, holdoutDays: holdoutDays, customers: summaries.count, model: model,
            bins: (0..<bins).filter { count[$0] > 0 }.map {
                Bin(frequency: $0, customers: count[$0], predicted: predicted[$0] / Double(count[$0]),
                    actual: made[$0] / Double(count[$0]))
            },
            totalPredicted: totalPredicted, totalActual: totalActual, meanAbsoluteError: error / Double(summaries.count))
    }
}
