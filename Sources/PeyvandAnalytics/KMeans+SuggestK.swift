import Foundation

extension KMeans {
    /// Inertia and silhouette for a range of `k`, to help choose the number of segments.
    public struct KSuggestion: Sendable, Hashable {
        public struct Entry: Sendable, Hashable {
            public var k: Int
            /// Lowest inertia over the restarts (the elbow plot's y value).
            public var inertia: Double
            /// Mean silhouette of that clustering (higher is better, at most 1).
            public var silhouette: Double
            public var clusterSizes: [Int]
        }

        public var entries: [Entry]
        /// Whether the silhouettes were computed on a sample (n above the exact limit).
        public var silhouetteSampled: Bool
        /// Customers the silhouettes were computed on.
        public var silhouetteSampleSize: Int
        /// The `k` with the highest mean silhouette (the smallest such `k` on ties).
        public var bestSilhouetteK: Int
        /// The elbow of the inertia curve: the `k` whose point lies farthest
        /// below the chord from the first to the last point after scaling both
        /// axes to [0, 1] (the "Kneedle" difference curve of Satopää, V.,
        /// Albrecht, J., Irwin, D. & Raghavan, B. (2011), "Finding a 'Kneedle'
        /// in a Haystack", *ICDCS Workshops*, 166–171). `nil` with fewer than
        /// three values of `k` or a straight curve.
        public var elbowK: Int?
    }

    /// Fits k-means for every `k` in `range` with the same options and reports
    /// inertia and mean silhouette per `k`.
    ///
    /// The silhouette is exact for `n ≤ silhouetteExactLimit`; above it every
    /// `k` is scored on the same seeded random sample of `silhouetteSampleSize`
    /// customers (seed derived from `options.seed`), so scores are comparable
    /// across `k`.
    ///
    /// - Throws: as `fit`; `invalidInput` if `range.lowerBound < 2` (the
    ///   silhouette needs two clusters); `tooFewRows` if `range.upperBound`
    ///   exceeds `n − 1` (the silhouette needs a cluster with two customers).
    public static func suggestK(
        _ features: [FeatureColumn], range: ClosedRange<Int> = 2...10, options: Options = Options(),
        silhouetteExactLimit: Int = 2_000, silhouetteSampleSize: Int = 2_000
    ) throws(AnalyticsError) -> KSuggestion {
        guard range.lowerBound >= 2 else { throw .invalidInput("suggestK needs k ≥ 2, got \(range.lowerBound)") }
        let table = try FeatureTable(features, model: "k-means")
        let n = table.rowCount
        guard range.upperBound <= n - 1 else {
            throw .tooFewRows("suggestK up to k = \(range.upperBound)", needed: range.upperBound + 1, got: n)
        }
        let data = table.flatRows(standardize: options.standardize)
        let subset = silhouetteSubset(
            n: n, exactLimit: silhouetteExactLimit, sampleSize: silhouetteSampleSize, seed: options.seed)
        var entries: [KSuggestion.Entry] = []
        for k in range {
            let model = try fit(table: table, data: data, k: k, options: options)
            let s = try silhouette(data, p: table.columns.count, labels: model.labels, subset: subset)
            entries.append(.init(k: k, inertia: model.inertia, silhouette: s, clusterSizes: model.clusterSizes))
        }
        var bestK = entries[0].k, bestS = entries[0].silhouette
        for e in entries where e.silhouette > bestS { bestS = e.silhouette; bestK = e.k }
        return KSuggestion(
            entries: entries, silhouetteSampled: subset.count < n, silhouetteSampleSize: subset.count,
            bestSilhouetteK: bestK, elbowK: elbow(entries.map { (Double($0.k), $0.inertia) }).map { entries[$0].k })
    }

    /// Index of the point farthest below the chord of a decreasing curve (both axes scaled to [0, 1]).
    static func elbow(_ points: [(Double, Double)]) -> Int? {
        guard points.count >= 3, let first = points.first, let last = points.last else { return nil }
        let (x0, x1) = (first.0, last.0)
        let ys = points.map(\.1)
        let (yMin, yMax) = (ys.min()!, ys.max()!)
        guard x1 > x0, yMax > yMin else { return nil }
        var best: Int?
        var bestGap = 1e-12
        for (i, point) in points.enumerated() {
            let x = (point.0 - x0) / (x1 - x0)
            let y = (point.1 - yMin) / (yMax - yMin)
            let chord = ((first.1 - yMin) + x * (last.1 - first.1)) / (yMax - yMin)
            let gap = chord - y
            if gap > bestGap { bestGap = gap; best = i }
        }
        return best
    }
}
