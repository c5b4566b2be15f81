import Foundation

/// k-means customer segmentation.
///
/// - Standardisation: each feature is z-scored with its mean and its
///   **population** standard deviation (divisor `n`, as scikit-learn's
///   `StandardScaler`), so a feature in rials does not swamp one in visits.
///   A constant feature throws `AnalyticsError.constantCovariate` (it would
///   divide by zero). Pass `standardize: false` to cluster the raw values.
/// - Seeding: k-means++ — Arthur, D. & Vassilvitskii, S. (2007), "k-means++:
///   The Advantages of Careful Seeding", *Proc. 18th ACM-SIAM SODA*, 1027–1035:
///   the first centre is a uniformly random customer, each further centre a
///   customer drawn with probability proportional to `D(x)²`, its squared
///   distance to the nearest centre chosen so far. Randomness comes from
///   `SplitMix64(seed:)`, so a seed always gives the same segments.
/// - Iterations: Lloyd, S. P. (1982), "Least squares quantization in PCM",
///   *IEEE Trans. Information Theory* 28(2), 129–137: assign every customer to
///   its nearest centre (ties to the lowest index), move every centre to the
///   mean of its customers, until no assignment changes (so the reported
///   centres are exactly the means of the reported clusters). A centre left
///   with no customers is moved to the customer farthest from its own centre.
/// - Restarts: `restarts` independent seedings (scikit-learn's `n_init`); the
///   converged run with the lowest inertia is kept (the first on ties).
///   If no run converges within `maxIterations`, the fit throws `noConvergence`.
///
/// Inertia is the within-cluster sum of squared Euclidean distances in the
/// space that was clustered (standardised units unless `standardize` is false).
public struct KMeans: Sendable, Hashable {
    /// Fitting options.
    public struct Options: Sendable, Hashable {
        /// Independent k-means++ seedings; the best is kept (scikit-learn `n_init`).
        public var restarts: Int
        /// Lloyd iterations allowed per restart.
        public var maxIterations: Int
        /// Seed of the `SplitMix64` stream shared by all restarts.
        public var seed: UInt64
        /// z-score the features (population sd) before clustering.
        public var standardize: Bool

        public init(restarts: Int = 10, maxIterations: Int = 300, seed: UInt64 = 0, standardize: Bool = true) {
            self.restarts = restarts
            self.maxIterations = maxIterations
            self.seed = seed
            self.standardize = standardize
        }
    }

    public var featureNames: [String]
    public var k: Int
    /// Cluster centres in the clustered space (standardised units when `standardized`), one row per cluster.
    public var centroids: [[Double]]
    /// Cluster centres in the features' own units (= each cluster's feature means).
    public var centroidsOriginal: [[Double]]
    /// Cluster index `0..<k` of every customer, in input order.
    public var labels: [Int]
    /// Within-cluster sum of squared distances in the clustered space.
    public var inertia: Double
    /// Lloyd iterations (assignment passes) of the kept restart.
    public var iterations: Int
    /// Customers per cluster.
    public var clusterSizes: [Int]
    /// Overall mean of each feature.
    public var featureMeans: [Double]
    /// Population standard deviation of each feature.
    public var featureStandardDeviations: [Double]
    /// Whether the features were z-scored before clustering.
    public var standardized: Bool
    /// Zero-based index of the restart that was kept.
    public var bestRestart: Int

    /// Clusters the customers into `k` segments.
    ///
    /// - Parameters:
    ///   - features: the feature columns, one value per customer each.
    ///   - k: the number of clusters, `1 ≤ k ≤` number of distinct customers.
    /// - Throws: `emptyInput`, `singleCustomer`, `nonFiniteValue`,
    ///   `constantCovariate`, `invalidInput` (k < 1, bad options, ragged
    ///   columns), `tooFewRows` (k greater than the number of customers or of
    ///   distinct customers), `noConvergence`.
    public static func fit(
        _ features: [FeatureColumn], k: Int, options: Options = Options()
    ) throws(AnalyticsError) -> KMeans {
        let table = try FeatureTable(features, model: "k-means")
        let data = table.flatRows(standardize: options.standardize)
        return try fit(table: table, data: data, k: k, options: options)
    }

    static func fit(table: FeatureTable, data: [Double], k: Int, options: Options) throws(AnalyticsError) -> KMeans {
        guard k >= 1 else { throw .invalidInput("k-means needs k ≥ 1 clusters, got \(k)") }
        guard options.restarts >= 1, options.maxIterations >= 1 else {
            throw .invalidInput("k-means needs at least one restart and one iteration")
        }
        let n = table.rowCount, p = table.columns.count
        guard k <= n else { throw .tooFewRows("k-means with k = \(k)", needed: k, got: n) }
        var distinct = Set<[Double]>()
        for i in 0..<n where distinct.count < k { distinct.insert(Array(data[(i * p)..<(i * p + p)])) }
        guard distinct.count >= k else {
            throw .tooFewRows("k-means with k = \(k) (distinct customers)", needed: k, got: distinct.count)
        }

        var rng = SplitMix64(seed: options.seed)
        var best: Run?
        var bestRestart = 0
        for restart in 0..<options.restarts {
            let seeds = seedPlusPlus(data, n: n, p: p, k: k, rng: &rng)
            let run = lloyd(data, n: n, p: p, centroids: seeds, maxIterations: options.maxIterations)
            guard run.converged else { continue }
            if best == nil || run.inertia < best!.inertia {
                best = run
                bestRestart = restart
            }
        }
        guard let run = best else {
            throw .noConvergence(model: "k-means (Lloyd, \(options.restarts) restarts)", iterations: options.maxIterations)
        }
        let centroids = (0..<k).map { c in Array(run.centroids[(c * p)..<(c * p + p)]) }
        let original = centroids.map { row in
            options.standardize
                ? (0..<p).map { row[$0] * table.standardDeviations[$0] + table.means[$0] } : row
        }
        var sizes = [Int](repeating: 0, count: k)
        for l in run.labels { sizes[l] += 1 }
        return KMeans(
            featureNames: table.names, k: k, centroids: centroids, centroidsOriginal: original, labels: run.labels,
            inertia: run.inertia, iterations: run.iterations, clusterSizes: sizes, featureMeans: table.means,
            featureStandardDeviations: table.standardDeviations, standardized: options.standardize,
            bestRestart: bestRestart)
    }

    /// The cluster whose centre is nearest to `row` (given in the features' own units).
    /// - Throws: `invalidInput` for a wrong length, `nonFiniteValue`.
    public func predict(_ row: [Double]) throws(AnalyticsError) -> Int {
        try checkRow(row, names: featureNames)
        let z = standardized
            ? row.indices.map { (row[$0] - featureMeans[$0]) / featureStandardDeviations[$0] } : row
        var bestCluster = 0, bestDistance = Double.infinity
        for (c, centre) in centroids.enumerated() {
            var d = 0.0
            for j in z.indices { d += (z[j] - centre[j]) * (z[j] - centre[j]) }
            if d < bestDistance { bestDistance = d; bestCluster = c }
        }
        return bestCluster
    }

    // MARK: - Lloyd and k-means++

    struct Run {
        var centroids: [Double]
        var labels: [Int]
        var inertia: Double
        var iterations: Int
        var converged: Bool
    }

    static func squaredDistance(_ a: [Double], _ i: Int, _ b: [Double], _ c: Int, _ p: Int) -> Double {
        var s = 0.0
        let ai = i * p, bc = c * p
        for j in 0..<p {
            let d = a[ai + j] - b[bc + j]
            s += d * d
        }
        return s
    }

    /// k-means++ D² seeding (Arthur & Vassilvitskii 2007, §2.2).
    static func seedPlusPlus(_ x: [Double], n: Int, p: Int, k: Int, rng: inout SplitMix64) -> [Double] {
        var centres = [Double]()
        centres.reserveCapacity(k * p)
        let first = rng.next(below: n)
        centres.append(contentsOf: x[(first * p)..<(first * p + p)])
        var d2 = (0..<n).map { squaredDistance(x, $0, centres, 0, p) }
        for c in 1..<max(k, 1) {
            let total = d2.reduce(0, +)
            // At least k distinct rows exist, so some D² is positive.
            let target = rng.nextUnit() * total
            var cumulative = 0.0
            var chosen = -1
            for i in 0..<n where d2[i] > 0 {
                chosen = i
                cumulative += d2[i]
                if cumulative > target { break }
            }
            centres.append(contentsOf: x[(chosen * p)..<(chosen * p + p)])
            for i in 0..<n { d2[i] = min(d2[i], squaredDistance(x, i, centres, c, p)) }
        }
        return centres
    }

    /// Lloyd iterations from the given centres until the assignment is stable.
    static func lloyd(_ x: [Double], n: Int, p: Int, centroids start: [Double], maxIterations: Int) -> Run {
        let k = start.count / p
        var centres = start
        var labels = [Int](repeating: -1, count: n)
        var distances = [Double](repeating: 0, count: n)
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            var changed = false
            for i in 0..<n {
                var bestCluster = 0, bestDistance = Double.infinity
                for c in 0..<k {
                    let d = squaredDistance(x, i, centres, c, p)
                    if d < bestDistance { bestDistance = d; bestCluster = c }
                }
                if labels[i] != bestCluster { labels[i] = bestCluster; changed = true }
                distances[i] = bestDistance
            }
            if !changed { converged = true; break }
            // Update step: centres to the means of their clusters.
            var sums = [Double](repeating: 0, count: k * p)
            var counts = [Int](repeating: 0, count: k)
            for i in 0..<n {
                let c = labels[i]
                counts[c] += 1
                for j in 0..<p { sums[c * p + j] += x[i * p + j] }
            }
            var taken = Set<Int>()
            for c in 0..<k {
                if counts[c] > 0 {
                    for j in 0..<p { centres[c * p + j] = sums[c * p + j] / Double(counts[c]) }
                } else {
                    // Empty cluster: move its centre to the customer farthest from its own centre.
                    var far = -1
                    for i in 0..<n where !taken.contains(i) && (far < 0 || distances[i] > distances[far]) { far = i }
                    taken.insert(far)
                    for j in 0..<p { centres[c * p + j] = x[far * p + j] }
                }
            }
        }
        var inertia = 0.0
        for i in 0..<n { inertia += squaredDistance(x, i, centres, labels[i], p) }
        return Run(centroids: centres, labels: labels, inertia: inertia, iterations: iterations, converged: converged)
    }
}

// MARK: - Silhouette

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

// MARK: - Choosing k

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

// MARK: - Profiles

extension KMeans {
    /// How one feature of a cluster compares with all customers.
    public struct FeatureProfile: Sendable, Hashable {
        public enum Level: String, Sendable, Hashable {
            case high, typical, low
        }

        public var name: String
        /// Mean of the feature in the cluster, in its own units.
        public var mean: Double
        /// Mean of the feature over all customers.
        public var overallMean: Double
        /// `(mean − overallMean) / σ` with the population standard deviation σ of all customers.
        public var zDifference: Double
        /// `high` / `low` when `|zDifference|` reaches the profile's threshold.
        public var level: Level
    }

    /// A cluster described feature by feature.
    public struct ClusterProfile: Sendable, Hashable {
        public var cluster: Int
        public var size: Int
        /// Fraction of all customers in this cluster.
        public var share: Double
        /// In `featureNames` order.
        public var features: [FeatureProfile]
        /// The features that stand out, largest `|z|` first (ties in feature order).
        public var distinctive: [FeatureProfile]
        /// Plain summary such as "high frequency, low recency", or "typical on every feature".
        public var summary: String
    }

    /// Per-cluster feature means and their z-differences from the overall mean.
    ///
    /// A feature is `high` (`low`) in a cluster when its cluster mean lies at
    /// least `threshold` population standard deviations above (below) the
    /// overall mean.
    public func profile(threshold: Double = 0.5) -> [ClusterProfile] {
        let n = Double(labels.count)
        return (0..<k).map { c in
            let features = featureNames.indices.map { j in
                let mean = centroidsOriginal[c][j]
                let z = (mean - featureMeans[j]) / featureStandardDeviations[j]
                let level: FeatureProfile.Level = z >= threshold ? .high : (z <= -threshold ? .low : .typical)
                return FeatureProfile(
                    name: featureNames[j], mean: mean, overallMean: featureMeans[j], zDifference: z, level: level)
            }
            let distinctive = features.enumerated()
                .filter { $0.element.level != .typical }
                .sorted { abs($0.element.zDifference) > abs($1.element.zDifference)
                    || (abs($0.element.zDifference) == abs($1.element.zDifference) && $0.offset < $1.offset) }
                .map(\.element)
            let summary = distinctive.isEmpty
                ? "typical on every feature"
                : distinctive.map { "\($0.level.rawValue) \($0.name)" }.joined(separator: ", ")
            return ClusterProfile(
                cluster: c, size: clusterSizes[c], share: Double(clusterSizes[c]) / n, features: features,
                distinctive: distinctive, summary: summary)
        }
    }
}
