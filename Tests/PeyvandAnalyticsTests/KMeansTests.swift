import Foundation
import Testing
import PeyvandAnalytics

/// k-means against scikit-learn's KMeans / silhouette_score; fixtures from
/// scripts/fixtures/analytics_kmeans.py.
@Suite struct KMeansTests {
    static let names = ["recency", "frequency", "monetary"]

    static func features() throws -> [FeatureColumn] {
        let rows = try Fixture.csv("kmeans_customers.csv")
        return names.map { name in FeatureColumn(name: name, values: rows.map { Double($0[name]!)! }) }
    }

    static func standardizedRows(_ features: [FeatureColumn], _ expected: [String: Any]) -> [[Double]] {
        let mean = expected.doubles("scaler_mean"), scale = expected.doubles("scaler_scale")
        return (0..<features[0].values.count).map { i in
            features.indices.map { (features[$0].values[i] - mean[$0]) / scale[$0] }
        }
    }

    /// The bijection mine → theirs, or nil if the labelings are not a relabelling of each other.
    static func permutation(_ mine: [Int], _ theirs: [Int]) -> [Int: Int]? {
        var map: [Int: Int] = [:], back: [Int: Int] = [:]
        for (a, b) in zip(mine, theirs) {
            if let m = map[a], m != b { return nil }
            if let m = back[b], m != a { return nil }
            map[a] = b
            back[b] = a
        }
        return map
    }

    @Test func matchesScikitLearnForFourClusters() throws {
        let expected = try Fixture.json("kmeans_expected.json")
        let features = try Self.features()
        let model = try KMeans.fit(features, k: 4, options: .init(seed: 7))
        let k4 = expected.object("k4")

        #expect(maxRelativeDifference(model.featureMeans, expected.doubles("scaler_mean")) < 1e-12)
        #expect(maxRelativeDifference(model.featureStandardDeviations, expected.doubles("scaler_scale")) < 1e-12)
        let inertiaDiff = relativeDifference(model.inertia, k4.double("inertia"))
        #expect(inertiaDiff < 1e-6, "inertia \(model.inertia) vs sklearn \(k4.double("inertia"))")
        print("k-means k=4 inertia rel diff \(inertiaDiff)")

        let theirs = (k4["labels"] as! [NSNumber]).map(\.intValue)
        let map = try #require(Self.permutation(model.labels, theirs), "labels differ beyond a permutation")
        let centres = k4.table("centroids_standardized"), original = k4.table("centroids_original")
        let sizes = (k4["sizes"] as! [NSNumber]).map(\.intValue)
        var worst = 0.0
        for c in 0..<4 {
            let s = map[c]!
            worst = max(worst, zip(model.centroids[c], centres[s]).map { abs($0 - $1) }.max()!)
            #expect(maxRelativeDifference(model.centroidsOriginal[c], original[s]) < 1e-9)
            #expect(model.clusterSizes[c] == sizes[s])
        }
        #expect(worst < 1e-9)
        print("k-means k=4 centroid max abs diff \(worst)")

        // Silhouette of my clustering (same partition) equals sklearn's.
        let mine = try model.silhouetteScore(on: features)
        #expect(abs(mine - k4.double("silhouette")) < 1e-9, "\(mine) vs \(k4.double("silhouette"))")
    }

    @Test func silhouetteMatchesScikitLearnOnTheSameLabels() throws {
        let expected = try Fixture.json("kmeans_expected.json")
        let rows = Self.standardizedRows(try Self.features(), expected)
        var worst = 0.0
        for (k, value) in expected.object("by_k") {
            let block = value as! [String: Any]
            let labels = (block["labels"] as! [NSNumber]).map(\.intValue)
            let s = try KMeans.silhouetteScore(rows: rows, labels: labels)
            #expect(abs(s - block.double("silhouette")) < 1e-9, "k=\(k): \(s) vs \(block.double("silhouette"))")
            worst = max(worst, abs(s - block.double("silhouette")))
        }
        print("silhouette max abs diff vs sklearn \(worst)")
    }

    @Test func suggestKFindsTheFourSegments() throws {
        let expected = try Fixture.json("kmeans_expected.json").object("by_k")
        let suggestion = try KMeans.suggestK(try Self.features(), range: 2...8, options: .init(seed: 3))
        #expect(suggestion.entries.map(\.k) == Array(2...8))
        #expect(suggestion.bestSilhouetteK == 4)
        #expect(suggestion.elbowK == 4)
        #expect(!suggestion.silhouetteSampled)
        var report: [String] = []
        for e in suggestion.entries {
            let reference = expected.object(String(e.k))
            let d = relativeDifference(e.inertia, reference.double("inertia"))
            report.append("k=\(e.k) inertia rel diff \(d)")
            if e.k <= 4 {
                // The global optimum for well-separated data.
                #expect(d < 1e-6, "k=\(e.k): \(e.inertia) vs sklearn \(reference.double("inertia"))")
                #expect(abs(e.silhouette - reference.double("silhouette")) < 1e-9)
            } else {
                // Over-split data has several local optima: 10 restarts must
                // come within 2% of sklearn's best of 50.
                #expect(e.inertia < reference.double("inertia") * 1.02, "k=\(e.k): \(e.inertia) vs \(reference.double("inertia"))")
            }
        }
        print(report.joined(separator: "; "))
    }

    @Test func sampledSilhouetteIsSeededAndClose() throws {
        let features = try Self.features()
        let model = try KMeans.fit(features, k: 4)
        let exact = try model.silhouetteScore(on: features)
        let a = try model.silhouetteScore(on: features, exactLimit: 100, sampleSize: 300, seed: 5)
        let b = try model.silhouetteScore(on: features, exactLimit: 100, sampleSize: 300, seed: 5)
        let c = try model.silhouetteScore(on: features, exactLimit: 100, sampleSize: 300, seed: 6)
        #expect(a == b)
        #expect(a != c)
        #expect(abs(a - exact) < 0.03)
        let suggestion = try KMeans.suggestK(
            features, range: 3...5, silhouetteExactLimit: 100, silhouetteSampleSize: 250)
        #expect(suggestion.silhouetteSampled && suggestion.silhouetteSampleSize == 250)
        #expect(suggestion.bestSilhouetteK == 4)
    }

    @Test func isDeterministicForASeed() throws {
        let features = try Self.features()
        let a = try KMeans.fit(features, k: 6, options: .init(restarts: 3, seed: 11))
        let b = try KMeans.fit(features, k: 6, options: .init(restarts: 3, seed: 11))
        #expect(a == b)
    }

    @Test func profileDescribesClustersInWords() throws {
        let expected = try Fixture.json("kmeans_expected.json").object("k4")
        let features = try Self.features()
        let model = try KMeans.fit(features, k: 4)
        let theirs = (expected["labels"] as! [NSNumber]).map(\.intValue)
        let map = try #require(Self.permutation(model.labels, theirs))
        let means = expected.table("profile_mean"), zs = expected.table("profile_z")
        let profiles = model.profile()
        #expect(profiles.count == 4)
        #expect(abs(profiles.map(\.share).reduce(0, +) - 1) < 1e-12)
        for p in profiles {
            let s = map[p.cluster]!
            #expect(maxRelativeDifference(p.features.map(\.mean), means[s]) < 1e-9)
            #expect(zip(p.features.map(\.zDifference), zs[s]).allSatisfy { abs($0 - $1) < 1e-9 })
        }
        // The lapsed group (recency ≈ 300 days) reads "high recency, low frequency".
        let lapsed = try #require(profiles.first { $0.centroidOriginalRecency(model) > 200 })
        #expect(lapsed.distinctive.first?.name == "recency")
        #expect(lapsed.summary.hasPrefix("high recency"))
        #expect(lapsed.features.first { $0.name == "frequency" }?.level == .low)
        // The big spenders: "high monetary" first.
        let spenders = try #require(profiles.first { $0.features[2].mean > 200 })
        #expect(spenders.summary.hasPrefix("high monetary"))
        // With a huge threshold nothing stands out.
        #expect(model.profile(threshold: 100).allSatisfy { $0.summary == "typical on every feature" })
        // predict puts a customer's own values in its own cluster.
        for i in [0, 10, 200] {
            #expect(try model.predict(features.map { $0.values[i] }) == model.labels[i])
        }
    }

    @Test func unstandardizedUsesRawUnits() throws {
        let features = try Self.features()
        let model = try KMeans.fit(features, k: 4, options: .init(standardize: false))
        #expect(!model.standardized)
        #expect(model.centroids == model.centroidsOriginal)
        let raw = (0..<features[0].values.count).map { i in features.map { $0.values[i] } }
        var inertia = 0.0
        for (i, row) in raw.enumerated() {
            inertia += zip(row, model.centroids[model.labels[i]]).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        }
        #expect(relativeDifference(model.inertia, inertia) < 1e-12)
    }

    @Test func emptyClusterIsRelocatedAndDuplicatesCounted() throws {
        // Three distinct points, two duplicated: k = 3 works, k = 4 does not.
        let x = FeatureColumn(name: "x", values: [0, 0, 0, 5, 5, 10])
        let y = FeatureColumn(name: "y", values: [1, 1, 1, 2, 2, 9])
        let model = try KMeans.fit([x, y], k: 3)
        #expect(model.clusterSizes.sorted() == [1, 2, 3])
        #expect(model.inertia < 1e-20)
        #expect(throws: AnalyticsError.tooFewRows("k-means with k = 4 (distinct customers)", needed: 4, got: 3)) {
            try KMeans.fit([x, y], k: 4)
        }
    }

    @Test func errors() {
        let a = FeatureColumn(name: "a", values: [1, 2, 3, 4])
        #expect(throws: AnalyticsError.emptyInput("k-means data")) {
            try KMeans.fit([FeatureColumn(name: "a", values: [])], k: 2)
        }
        #expect(throws: AnalyticsError.singleCustomer("k-means")) {
            try KMeans.fit([FeatureColumn(name: "a", values: [1])], k: 1)
        }
        #expect(throws: AnalyticsError.tooFewRows("k-means with k = 5", needed: 5, got: 4)) {
            try KMeans.fit([a], k: 5)
        }
        #expect(throws: AnalyticsError.nonFiniteValue(field: "b", row: 2)) {
            try KMeans.fit([a, FeatureColumn(name: "b", values: [1, 2, .nan, 4])], k: 2)
        }
        #expect(throws: AnalyticsError.nonFiniteValue(field: "b", row: 0)) {
            try KMeans.fit([a, FeatureColumn(name: "b", values: [.infinity, 2, 3, 4])], k: 2)
        }
        #expect(throws: AnalyticsError.constantCovariate("flat")) {
            try KMeans.fit([a, FeatureColumn(name: "flat", values: [3, 3, 3, 3])], k: 2)
        }
        #expect(throws: AnalyticsError.invalidInput("k-means needs k ≥ 1 clusters, got 0")) {
            try KMeans.fit([a], k: 0)
        }
        #expect(throws: AnalyticsError.noConvergence(model: "k-means (Lloyd, 2 restarts)", iterations: 1)) {
            try KMeans.fit([FeatureColumn(name: "a", values: [1, 2, 3, 10, 11, 12, 30])], k: 3,
                           options: .init(restarts: 2, maxIterations: 1))
        }
        #expect(throws: AnalyticsError.tooFewRows("suggestK up to k = 10", needed: 11, got: 4)) {
            try KMeans.suggestK([a])
        }
        #expect(throws: AnalyticsError.undefined("the silhouette needs between 2 and n − 1 = 3 clusters; got 1")) {
            try KMeans.silhouetteScore(rows: [[1], [2], [3], [4]], labels: [0, 0, 0, 0])
        }
        #expect(throws: AnalyticsError.nonFiniteValue(field: "column 1", row: 1)) {
            try KMeans.silhouetteScore(rows: [[1], [.nan], [3]], labels: [0, 1, 1])
        }
    }

    @Test func silhouetteHandlesSingletonsLikeScikitLearn() throws {
        // Hand computation: the singleton scores 0.
        // Points 0, 1 in cluster A; 5 alone in cluster B.
        // s(0) = (5 − 1)/5, s(1) = (4 − 1)/4, s(5) = 0 → mean = (0.8 + 0.75)/3.
        let s = try KMeans.silhouetteScore(rows: [[0], [1], [5]], labels: [7, 7, 2])
        #expect(abs(s - (0.8 + 0.75) / 3) < 1e-15)
    }
}

extension KMeans.ClusterProfile {
    fileprivate func centroidOriginalRecency(_ model: KMeans) -> Double { model.centroidsOriginal[cluster][0] }
}
