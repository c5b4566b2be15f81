import PeyvandAnalytics
import PeyvandCore

/// The behavioural segments (k-means on log recency, frequency, spend and tenure, k chosen by
/// silhouette, numbered by spend: 1 spends most), each with its members' profile in their own
/// units and how it stands against the average on each feature.
public struct SegmentsResult: Sendable, Hashable, Codable {
    /// Where a segment's centre lies on a feature: beyond half a standard deviation below or above the mean, or between.
    public enum Level: String, Sendable, Hashable, Codable {
        case low, typical, high

        init(_ level: Int) { self = level < 0 ? .low : level > 0 ? .high : .typical }
    }

    /// The features segments are made from, in `BehaviourSegments.featureNames` order.
    public enum Feature: String, Sendable, Hashable, Codable, CaseIterable {
        case recency, frequency, monetary, tenure
    }

    /// A segment's members on average: days since the last purchase, days with a purchase, spend, days since the first purchase.
    public struct Profile: Sendable, Hashable, Codable {
        public var recencyDays: Double
        public var purchases: Double
        public var spend: Money
        public var tenureDays: Double
    }

    /// The segment's level on each feature.
    public struct Levels: Sendable, Hashable, Codable {
        public var recency: Level
        public var frequency: Level
        public var monetary: Level
        public var tenure: Level

        public subscript(_ feature: Feature) -> Level {
            switch feature {
            case .recency: recency
            case .frequency: frequency
            case .monetary: monetary
            case .tenure: tenure
            }
        }
    }

    public struct Segment: Sendable, Hashable, Codable {
        public var number: Int
        public var customers: Int
        public var profile: Profile
        public var levels: Levels
    }

    public var k: Int
    public var suggestedK: Int
    /// Mean silhouette of the chosen k (nil when undefined).
    public var silhouette: Double?
    public var inertia: Double
    public var segments: [Segment]

    /// The segments of `fitted`, spend in the organisation's currency `base` (rounded to its minor unit).
    public init(_ fitted: BehaviourSegments, base: Currency) {
        k = fitted.k
        suggestedK = fitted.suggestedK
        silhouette = finite(fitted.silhouette)
        inertia = fitted.inertia
        segments = fitted.segments.map { s in
            func mean(_ j: Int) -> Double { j < s.means.count && s.means[j].isFinite ? s.means[j] : 0 }
            func level(_ j: Int) -> Level { Level(j < s.levels.count ? s.levels[j] : 0) }
            let spend = mean(2).rounded()
            return Segment(
                number: s.number, customers: s.customers,
                profile: Profile(recencyDays: mean(0), purchases: mean(1),
                                 spend: Money(minorUnits: abs(spend) < 9e18 ? Int64(spend) : 0, currency: base), tenureDays: mean(3)),
                levels: Levels(recency: level(0), frequency: level(1), monetary: level(2), tenure: level(3)))
        }
    }
}
