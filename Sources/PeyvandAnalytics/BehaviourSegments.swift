import Foundation

/// Behavioural segments of buying customers: k-means (k-means++ seeding,
/// several restarts; see ``KMeans``) on how recently, how often and how much
/// each customer bought and for how long they have been a customer. The
/// features are log-transformed (`log(1 + x)`) and standardised, because
/// purchase counts and spend are heavily skewed and would otherwise leave one
/// giant cluster and a few outliers.
///
/// The number of segments is the one with the best silhouette between 3 and 7
/// on a sample (``KMeans/suggestK(_:range:options:silhouetteExactLimit:silhouetteSampleSize:)``),
/// the model is fitted on a sample of at most `fitLimit` customers and every
/// customer is assigned to the nearest centre. Segments are numbered from 1 by
/// descending mean spend, so segment 1 is always the most valuable.
public struct BehaviourSegments: Sendable, Hashable {
    public static let featureNames = ["recency", "frequency", "monetary", "tenure"]

    /// One segment in its members' own units.
    public struct Segment: Sendable, Hashable {
        public var number: Int
        public var customers: Int
        /// Mean days since the last purchase, purchase days, spend and days since the first purchase.
        public var means: [Double]
        /// −1 low, 0 typical, +1 high: the standardised centre's distance from the overall mean beyond ±0.5.
        public var levels: [Int]
    }

    public var k: Int
    public var suggestedK: Int
    public var silhouette: Double
    public var inertia: Double
    public var segments: [Segment]
    /// The segment number (1…k) of each customer of the history.
    public var assignments: [Int]

    /// The four raw features of customer `i` as of `asOf`.
    public static func features(_ history: PurchaseHistory, _ i: Int, asOf: Int) -> [Double] {
        let r = history.range(i)
        var spend = 0.0
        for j in r { spend += history.amounts[j] }
        return [Double(asOf - Int(history.days[r.upperBound - 1])), Double(r.count), spend, Double(asOf - history.firstDay(i))]
    }

    public static func fit(
        _ history: PurchaseHistory, asOf: Int, fitLimit: Int = 100_000, seed: UInt64 = 1405
    ) throws(AnalyticsError) -> BehaviourSegments {
        try fit(features: (0..<history.customerCount).map { features(history, $0, asOf: asOf) }, fitLimit: fitLimit, seed: seed)
    }

    /// The same from rows of ``features(_:_:asOf:)`` already computed (one per customer).
    public static func fit(
        features raw: [[Double]], fitLimit: Int = 100_000, seed: UInt64 = 1405
    ) throws(AnalyticsError) -> BehaviourSegments {
        let n = raw.count
        guard n >= 8 else { throw .tooFewRows("behavioural segments", needed: 8, got: n) }
        let logged = raw.map { $0.map { log1p(max(0, $0)) } }
        func columns(_ rows: [Int]) -> [FeatureColumn] {
            featureNames.indices.map { j in FeatureColumn(name: featureNames[j], values: rows.map { logged[$0][j] }) }
        }
        func sample(_ limit: Int) -> [Int] { Array(stride(from: 0, to: n, by: max(1, (n + limit - 1) / limit))) }
        let options = KMeans.Options(restarts: 4, maxIterations: 300, seed: seed, standardize: true)
        let upper = min(7, sample(20_000).count - 1)
        let suggestion = try KMeans.suggestK(columns(sample(20_000)), range: 3...max(3, upper), options: options)
        let k = suggestion.bestSilhouetteK
        let model = try KMeans.fit(columns(sample(fitLimit)), k: k, options: KMeans.Options(restarts: 10, seed: seed))
        var labels = [Int](repeating: 0, count: n)
        for i in 0..<n { labels[i] = try model.predict(logged[i]) }
        var sums = [[Double]](repeating: [Double](repeating: 0, count: 4), count: k), sizes = [Int](repeating: 0, count: k)
        for i in 0..<n {
            sizes[labels[i]] += 1
            for j in 0..<4 { sums[labels[i]][j] += raw[i][j] }
        }
        // Number segments by descending mean spend.
        let order = (0..<k).sorted {
            sums[$0][2] / Double(max(1, sizes[$0])) > sums[$1][2] / Double(max(1, sizes[$1]))
        }
        var number = [Int](repeating: 0, count: k)
        for (position, cluster) in order.enumerated() { number[cluster] = position + 1 }
        let segments = order.map { c in
            Segment(
                number: number[c], customers: sizes[c], means: sums[c].map { $0 / Double(max(1, sizes[c])) },
                levels: model.centroids[c].map { $0 > 0.5 ? 1 : ($0 < -0.5 ? -1 : 0) })
        }
        let silhouette = suggestion.entries.first { $0.k == k }?.silhouette ?? .nan
        return BehaviourSegments(
            k: k, suggestedK: suggestion.bestSilhouetteK, silhouette: silhouette, inertia: model.inertia,
            segments: segments, assignments: labels.map { number[$0] })
    }
}
