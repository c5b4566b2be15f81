import Foundation

/// Which buying customers are likely to stop: an L2-regularised logistic
/// regression (``LogisticRegression``) trained on the past.
///
/// The history is cut `horizonDays` before `asOf`. Each customer who had bought
/// by the cut is described as they were at the cut (days since the last
/// purchase, purchase days, log spend, days as a customer, the share of spend
/// in the last 180 days, returns, and any static features such as being an
/// organisation) and labelled *churned* when they made no purchase in the
/// `horizonDays` that followed. A seeded stratified quarter of them is held out
/// to measure the model honestly (ROC AUC and the precision among the 10%
/// the model ranks riskiest). Every customer is then scored as they are at
/// `asOf`: the probability of no purchase in the next `horizonDays`, with the
/// features that push it up most.
public struct ChurnClassifier: Sendable {
    public static let historyFeatures = ["recency", "frequency", "log_spend", "tenure", "recent_share", "returns"]

    public var model: LogisticRegression
    public var horizonDays: Int
    public var cutDay: Int
    public var trainRows: Int
    public var testRows: Int
    /// Share of the customers at the cut who churned.
    public var churnRate: Double
    public var auc: Double
    public var precisionAtTopDecile: Double
    /// Positions in a ``features(_:returns:_:day:staticFeatures:)`` row of the features the model uses.
    var usedColumns: [Int]

    /// The features of customer `i` as of `day` (nil when they had not bought by then).
    public static func features(
        _ history: PurchaseHistory, returns: PurchaseHistory?, _ i: Int, day: Int, staticFeatures: [FeatureColumn]
    ) -> [Double]? {
        let r = history.range(i, through: day)
        guard !r.isEmpty else { return nil }
        var spend = 0.0, recent = 0.0
        for j in r {
            spend += history.amounts[j]
            if Int(history.days[j]) > day - 180 { recent += history.amounts[j] }
        }
        let returned = returns.map { Double($0.range(i, through: day).count) } ?? 0
        return [Double(day - Int(history.days[r.upperBound - 1])), Double(r.count), log1p(spend),
                Double(day - history.firstDay(i)), spend > 0 ? recent / spend : 0, returned]
            + staticFeatures.map { $0.values[i] }
    }

    /// Trains and evaluates the classifier.
    ///
    /// - Parameters:
    ///   - returns: return days per customer, aligned with `history` (nil if none are known).
    ///   - staticFeatures: one value per customer of `history`, constant in time.
    /// - Throws: `tooFewRows` when fewer than 40 customers bought before the cut,
    ///   `singleClass` when all or none churned, and the model's errors.
    public static func fit(
        _ history: PurchaseHistory, returns: PurchaseHistory?, staticFeatures: [FeatureColumn] = [], asOf: Int,
        horizonDays: Int = 90, seed: UInt64 = 1405
    ) throws(AnalyticsError) -> ChurnClassifier {
        let cut = asOf - horizonDays
        var rows: [[Double]] = [], labels: [Bool] = []
        for i in 0..<history.customerCount {
            guard let x = features(history, returns: returns, i, day: cut, staticFeatures: staticFeatures) else { continue }
            rows.append(x)
            labels.append(history.purchaseDays(i, after: cut, through: asOf) == 0)
        }
        guard rows.count >= 40 else {
            throw .tooFewRows("a churn model (customers who bought \(horizonDays) days before the analysis date)", needed: 40, got: rows.count)
        }
        let names = historyFeatures + staticFeatures.map(\.name)
        // Features that do not vary (no returns recorded, every customer a person) are left out.
        let used = names.indices.filter { j in rows.contains { $0[j] != rows[0][j] } }
        let split = try ModelEvaluation.stratifiedSplit(labels: labels, testFraction: 0.25, seed: seed)
        func columns(_ idx: [Int]) -> [FeatureColumn] {
            used.map { j in FeatureColumn(name: names[j], values: idx.map { rows[$0][j] }) }
        }
        let model = try LogisticRegression.fit(
            features: columns(split.train), outcomes: split.train.map { labels[$0] }, penalty: .l2(c: 1), standardizeFeatures: true)
        let scores = try model.predictProbabilities(columns(split.test))
        let testLabels = split.test.map { labels[$0] }
        return ChurnClassifier(
            model: model, horizonDays: horizonDays, cutDay: cut, trainRows: split.train.count, testRows: split.test.count,
            churnRate: Double(labels.filter { $0 }.count) / Double(labels.count),
            auc: try ModelEvaluation.rocAUC(scores: scores, labels: testLabels),
            precisionAtTopDecile: try ModelEvaluation.precisionAtTopFraction(scores: scores, labels: testLabels, fraction: 0.1),
            usedColumns: used)
    }

    /// The risk of customer `i` as of `asOf` and the (at most two) features that raise it most.
    public func score(
        _ history: PurchaseHistory, returns: PurchaseHistory?, _ i: Int, asOf: Int, staticFeatures: [FeatureColumn]
    ) throws(AnalyticsError) -> (risk: Double, reasons: [String])? {
        guard let all = Self.features(history, returns: returns, i, day: asOf, staticFeatures: staticFeatures) else { return nil }
        let row = usedColumns.map { all[$0] }
        let risk = try model.predictProbability(row)
        let reasons = try model.topContributions(row, count: 3).filter { $0.contribution > 0 }.prefix(2).map(\.name)
        return (risk, Array(reasons))
    }
}
