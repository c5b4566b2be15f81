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

        var best: Run?
        var bestRestart = 0
        if let engine = engineRuns(data, n: n, p: p, k: k, options: options) {
            // The same restarts, computed faster (see `KMeans+Engine.swift`).
            for (restart, run) in engine.runs.enumerated() {
                guard run.converged else { continue }
                if best == nil || run.inertia < best!.inertia {
                    best = run
                    bestRestart = restart
                }
            }
            best?.labels = engine.labels[bestRestart].map(Int.init)
        } else {
            var rng = SplitMix64(seed: options.seed)
            for restart in 0..<options.restarts {
                let seeds = seedPlusPlus(data, n: n, p: p, k: k, rng: &rng)
                let run = lloyd(data, n: n, p: p, centroids: seeds, maxIterations: options.maxIterations)
                guard run.converged else { continue }
                if best == nil || run.inertia < best!.inertia {
                    best = run
                    bestRestart = restart
                }
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
