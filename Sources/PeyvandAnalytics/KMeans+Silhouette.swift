import Foundation

extension KMeans {
    /// Mean silhouette width (Rousseeuw, P. J. (1987), "Silhouettes: a
    /// graphical aid to the interpretation and validation of cluster
    /// analysis", *J. Comput. Appl. Math.* 20, 53–65) with Euclidean distance.
    ///
    /// For each point, `a` is its mean distance to the other members of its
    /// cluster and `b` the smallest mean distance to the members of another
    /// cluster; `s = (b − a) / max(a, b)`, and `s = 0` for a point alone in its
    /// cluster (as scikit-learn's `silhouette_score`). Exact: O(n²·p).
    ///
    /// - Parameters:
    ///   - rows: points (use the same space that was clustered).
    ///   - labels: any integer cluster labels, one per row.
    /// - Throws: `emptyInput`, `singleCustomer`, `nonFiniteValue`,
    ///   `invalidInput` (ragged rows, length mismatch), `undefined` unless
    ///   `2 ≤ number of labels ≤ n − 1`.
    public static func silhouetteScore(rows: [[Double]], labels: [Int]) throws(AnalyticsError) -> Double {
        let n = rows.count
        guard n > 0 else { throw .emptyInput("silhouette rows") }
        guard labels.count == n else { throw .invalidInput("\(labels.count) labels for \(n) rows") }
        guard n > 1 else { throw .singleCustomer("silhouette score") }
        let p = rows[0].count
        var flat = [Double]()
        flat.reserveCapacity(n * p)
        for (i, row) in rows.enumerated() {
            guard row.count == p else { throw .invalidInput("row \(i + 1) has \(row.count) values, expected \(p)") }
            if let j = row.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteValue(field: "column \(j + 1)", row: i) }
            flat.append(contentsOf: row)
        }
        return try silhouette(flat, p: p, labels: labels, subset: Array(0..<n))
    }

    /// Mean silhouette of the points `subset` (distances among them only).
    static func silhouette(_ x: [Double], p: Int, labels: [Int], subset: [Int]) throws(AnalyticsError) -> Double {
        let distinct = Array(Set(subset.map { labels[$0] })).sorted()
        let m = subset.count
        guard distinct.count >= 2, distinct.count <= m - 1 else {
            throw .undefined("the silhouette needs between 2 and n − 1 = \(m - 1) clusters; got \(distinct.count)")
        }
        let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
        let local = subset.map { index[labels[$0]]! }
        let q = distinct.count
        var sizes = [Int](repeating: 0, count: q)
        for l in local { sizes[l] += 1 }
        var total = 0.0
        var sums = [Double](repeating: 0, count: q)
        for a in 0..<m {
            for c in 0..<q { sums[c] = 0 }
            let ia = subset[a]
            for b in 0..<m where b != a {
                sums[local[b]] += squaredDistance(x, ia, x, subset[b], p).squareRoot()
            }
            let own = local[a]
            guard sizes[own] > 1 else { continue }  // singleton: s = 0
            let within = sums[own] / Double(sizes[own] - 1)
            var nearest = Double.infinity
            for c in 0..<q where c != own { nearest = min(nearest, sums[c] / Double(sizes[c])) }
            let denominator = max(within, nearest)
            if denominator > 0 { total += (nearest - within) / denominator }
        }
        return total / Double(m)
    }

    /// Mean silhouette of this clustering on `features` (the data it was fitted
    /// on), in the clustered space. Exact when `n ≤ exactLimit`; above it, on
    /// a seeded random sample of `sampleSize` customers drawn without
    /// replacement (distances among the sample only, like scikit-learn's
    /// `sample_size`), because the exact score costs O(n²).
    public func silhouetteScore(
        on features: [FeatureColumn], exactLimit: Int = 2_000, sampleSize: Int = 2_000, seed: UInt64 = 0
    ) throws(AnalyticsError) -> Double {
        let table = try FeatureTable(features, model: "silhouette")
        guard table.names == featureNames, table.rowCount == labels.count else {
            throw .invalidInput("the silhouette needs the same features and customers the clustering was fitted on")
        }
        let data = table.flatRows(standardize: standardized)
        let subset = Self.silhouetteSubset(n: table.rowCount, exactLimit: exactLimit, sampleSize: sampleSize, seed: seed)
        return try Self.silhouette(data, p: featureNames.count, labels: labels, subset: subset)
    }

    static func silhouetteSubset(n: Int, exactLimit: Int, sampleSize: Int, seed: UInt64) -> [Int] {
        if n <= exactLimit { return Array(0..<n) }
        var rng = SplitMix64(seed: seed ^ 0x5111_0E77_E5C0_2E5A)
        return rng.sample(max(sampleSize, 2), from: n).sorted()
    }
}
