import Foundation

/// Who to call before they leave, and who to win back after they have.
///
/// Inputs per customer: a value (customer lifetime value, or profit), a churn
/// risk in [0, 1] (a churn probability, or `1 − P(alive)` from BG/NBD), and
/// recency in days.
///
/// - A customer is **lapsed** when `recencyDays > policy.lapsedAfterDays` or
///   `churnRisk > policy.lapsedRiskThreshold` (with the default 0.8: P(alive)
///   below 0.2).
/// - **Keep** (reason `highValueHighRisk`): not lapsed, `value > 0`, `value ≥`
///   the `highValuePercentile` of all values and `churnRisk ≥
///   highRiskThreshold`. Ranked by expected loss `value × churnRisk`, highest
///   first. Action `personalCall` when the value also reaches the
///   `personalCallPercentile`, else `retentionOffer`.
/// - **Win back** (reason `lapsedValuable`): lapsed, `value > 0` and `value ≥`
///   the `winBackValuePercentile` of all values. Ranked by value, highest
///   first. Action `winBackOffer` for values that reach the high-value
///   threshold, else `reactivationEmail`.
///
/// A customer is on at most one list (lapsed customers are past keeping).
/// Percentiles are over all customers' values, by linear interpolation
/// (Hyndman & Fan (1996) definition 7, numpy's default). Ties in the ranking
/// are broken by ascending id.
public struct RetentionList: Sendable, Hashable {
    public struct Customer: Sendable, Hashable {
        public var id: String
        /// Customer lifetime value or profit, in money.
        public var value: Double
        /// Probability of churn in [0, 1].
        public var churnRisk: Double
        /// Days since the last purchase (≥ 0).
        public var recencyDays: Double

        public init(id: String, value: Double, churnRisk: Double, recencyDays: Double) {
            self.id = id
            self.value = value
            self.churnRisk = churnRisk
            self.recencyDays = recencyDays
        }

        /// With `P(alive)` (e.g. from `BGNBD`): churn risk is `1 − probabilityAlive`.
        public init(id: String, value: Double, probabilityAlive: Double, recencyDays: Double) {
            self.init(id: id, value: value, churnRisk: 1 - probabilityAlive, recencyDays: recencyDays)
        }
    }

    /// Thresholds. Percentiles are fractions in [0, 1].
    public struct Policy: Sendable, Hashable {
        /// Keep: value at or above this percentile of all values.
        public var highValuePercentile: Double
        /// Keep: churn risk at or above this.
        public var highRiskThreshold: Double
        /// Lapsed: more days than this since the last purchase.
        public var lapsedAfterDays: Double
        /// Lapsed: churn risk above this (0.8 ⇔ P(alive) < 0.2).
        public var lapsedRiskThreshold: Double
        /// Win back: value at or above this percentile of all values.
        public var winBackValuePercentile: Double
        /// Keep entries at or above this value percentile get a personal call.
        public var personalCallPercentile: Double
        /// Longest list length (`nil`: no limit).
        public var maxEntries: Int?

        public init(
            highValuePercentile: Double = 0.8, highRiskThreshold: Double = 0.5, lapsedAfterDays: Double = 180,
            lapsedRiskThreshold: Double = 0.8, winBackValuePercentile: Double = 0.5,
            personalCallPercentile: Double = 0.95, maxEntries: Int? = nil
        ) {
            self.highValuePercentile = highValuePercentile
            self.highRiskThreshold = highRiskThreshold
            self.lapsedAfterDays = lapsedAfterDays
            self.lapsedRiskThreshold = lapsedRiskThreshold
            self.winBackValuePercentile = winBackValuePercentile
            self.personalCallPercentile = personalCallPercentile
            self.maxEntries = maxEntries
        }
    }

    /// Why a customer is on a list (stable machine code).
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        case highValueHighRisk
        case lapsedValuable
    }

    /// What to do (stable machine code).
    public enum Action: String, Sendable, Hashable, CaseIterable {
        case personalCall
        case retentionOffer
        case winBackOffer
        case reactivationEmail
    }

    /// What marked a customer as lapsed.
    public enum LapseSignal: String, Sendable, Hashable, CaseIterable {
        case recency
        case churnRisk
        case both
    }

    public struct Entry: Sendable, Hashable {
        /// 1-based position in its list.
        public var rank: Int
        public var id: String
        public var value: Double
        public var churnRisk: Double
        public var recencyDays: Double
        /// `value × churnRisk`.
        public var expectedLoss: Double
        public var reason: Reason
        public var action: Action
        /// Win-back entries only.
        public var lapseSignal: LapseSignal?
    }

    public var keep: [Entry]
    public var winBack: [Entry]
    /// The value at `highValuePercentile`.
    public var highValueThreshold: Double
    /// The value at `winBackValuePercentile`.
    public var winBackValueThreshold: Double
    /// The value at `personalCallPercentile`.
    public var personalCallThreshold: Double

    /// Builds both lists.
    ///
    /// - Throws: `emptyInput`, `singleCustomer`, `nonFiniteValue`,
    ///   `invalidInput` (risk outside [0, 1], negative recency, a duplicate id,
    ///   a policy value out of range).
    public static func build(_ customers: [Customer], policy: Policy = Policy()) throws(AnalyticsError) -> RetentionList {
        guard !customers.isEmpty else { throw .emptyInput("retention customers") }
        for (i, c) in customers.enumerated() {
            if !c.value.isFinite { throw .nonFiniteValue(field: "value", row: i) }
            if !c.churnRisk.isFinite { throw .nonFiniteValue(field: "churnRisk", row: i) }
            if !c.recencyDays.isFinite { throw .nonFiniteValue(field: "recencyDays", row: i) }
            guard c.churnRisk >= 0, c.churnRisk <= 1 else {
                throw .invalidInput("churn risk of customer '\(c.id)' is \(c.churnRisk), outside [0, 1]")
            }
            guard c.recencyDays >= 0 else { throw .invalidInput("recency of customer '\(c.id)' is negative") }
        }
        guard customers.count > 1 else { throw .singleCustomer("retention list") }
        var ids = Set<String>()
        for c in customers where !ids.insert(c.id).inserted { throw .invalidInput("customer id '\(c.id)' appears twice") }
        for (name, q) in [("highValuePercentile", policy.highValuePercentile),
                          ("winBackValuePercentile", policy.winBackValuePercentile),
                          ("personalCallPercentile", policy.personalCallPercentile),
                          ("highRiskThreshold", policy.highRiskThreshold),
                          ("lapsedRiskThreshold", policy.lapsedRiskThreshold)] where !(q >= 0 && q <= 1) {
            throw .invalidInput("policy \(name) must be in [0, 1], got \(q)")
        }
        guard !policy.lapsedAfterDays.isNaN else { throw .invalidInput("policy lapsedAfterDays is not a number") }
        if let m = policy.maxEntries, m < 0 { throw .invalidInput("policy maxEntries must be ≥ 0") }

        let values = customers.map(\.value).sorted()
        let highValue = Quantile.linear(values, policy.highValuePercentile)
        let winBackValue = Quantile.linear(values, policy.winBackValuePercentile)
        let callValue = Quantile.linear(values, policy.personalCallPercentile)

        var keep: [Entry] = [], winBack: [Entry] = []
        for c in customers {
            let byRecency = c.recencyDays > policy.lapsedAfterDays
            let byRisk = c.churnRisk > policy.lapsedRiskThreshold
            let entry = Entry(
                rank: 0, id: c.id, value: c.value, churnRisk: c.churnRisk, recencyDays: c.recencyDays,
                expectedLoss: c.value * c.churnRisk, reason: .highValueHighRisk, action: .retentionOffer)
            if byRecency || byRisk {
                guard c.value > 0, c.value >= winBackValue else { continue }
                var e = entry
                e.reason = .lapsedValuable
                e.action = c.value >= highValue ? .winBackOffer : .reactivationEmail
                e.lapseSignal = byRecency && byRisk ? .both : (byRecency ? .recency : .churnRisk)
                winBack.append(e)
            } else if c.value > 0, c.value >= highValue, c.churnRisk >= policy.highRiskThreshold {
                var e = entry
                e.action = c.value >= callValue ? .personalCall : .retentionOffer
                keep.append(e)
            }
        }
        keep.sort { $0.expectedLoss > $1.expectedLoss || ($0.expectedLoss == $1.expectedLoss && $0.id < $1.id) }
        winBack.sort { $0.value > $1.value || ($0.value == $1.value && $0.id < $1.id) }
        func finish(_ list: [Entry]) -> [Entry] {
            let limited = policy.maxEntries.map { Array(list.prefix($0)) } ?? list
            return limited.enumerated().map { var e = $0.element; e.rank = $0.offset + 1; return e }
        }
        return RetentionList(
            keep: finish(keep), winBack: finish(winBack), highValueThreshold: highValue,
            winBackValueThreshold: winBackValue, personalCallThreshold: callValue)
    }
}
