import Foundation

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
