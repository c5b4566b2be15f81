import PeyvandCore

/// Money figures of one slice of the forecast, in the organisation's currency (minor units).
///
/// - `won`: deals won (closed) in the period.
/// - `weighted`: won, plus every open deal expected to close in the period at its probability
///   (the deal's own, else its stage's).
/// - `commit`: won, plus the open deals at or above the commit probability.
/// - `bestCase`: won, plus the open deals at or above the best-case probability.
/// - `pipeline`: every open deal expected in the period at its full amount.
public struct ForecastFigures: Sendable, Hashable, Codable {
    public var won: Int64 = 0
    public var wonDeals: Int = 0
    public var lost: Int64 = 0
    public var lostDeals: Int = 0
    public var weighted: Int64 = 0
    public var commit: Int64 = 0
    public var bestCase: Int64 = 0
    public var pipeline: Int64 = 0
    public var openDeals: Int = 0
    /// The quotas set for people in this slice and period (nil when none is set).
    public var quota: Int64?

    public init() {}

    /// Won as a share of the quota, in whole percent (nil without a quota).
    public var attainment: Int? {
        guard let quota, quota > 0 else { return nil }
        return Int((Double(won) / Double(quota) * 100).rounded())
    }

    /// Deals won among those closed (won or lost), in whole percent.
    public var winRate: Int? {
        wonDeals + lostDeals == 0 ? nil : Int((Double(wonDeals) / Double(wonDeals + lostDeals) * 100).rounded())
    }

    mutating func add(_ other: ForecastFigures) {
        won &+= other.won; wonDeals += other.wonDeals; lost &+= other.lost; lostDeals += other.lostDeals
        weighted &+= other.weighted; commit &+= other.commit; bestCase &+= other.bestCase
        pipeline &+= other.pipeline; openDeals += other.openDeals
        if let q = other.quota { quota = (quota ?? 0) &+ q }
    }
}

/// Where the commit and best-case lines are drawn (probabilities in percent), set by the
/// administrator (`PUT /api/v1/forecast/settings`).
public struct ForecastThresholds: Sendable, Hashable, Codable {
    public var commitFrom: Int
    public var bestCaseFrom: Int

    public static let standard = ForecastThresholds(commitFrom: 75, bestCaseFrom: 40)

    public init(commitFrom: Int, bestCaseFrom: Int) {
        self.commitFrom = commitFrom
        self.bestCaseFrom = bestCaseFrom
    }

    public func validated() throws(ValidationError) -> ForecastThresholds {
        guard (0...100).contains(commitFrom) else {
            throw ValidationError(field: "commitFrom", reason: "must be a probability from 0 to 100", code: "probability.range")
        }
        guard (0...100).contains(bestCaseFrom) else {
            throw ValidationError(field: "bestCaseFrom", reason: "must be a probability from 0 to 100", code: "probability.range")
        }
        guard bestCaseFrom <= commitFrom else {
            throw ValidationError(field: "bestCaseFrom", reason: "must not be above the commit probability", code: "forecast.thresholds")
        }
        return self
    }
}

/// What the forecast is asked for: a period (its year's other periods come along), and
/// optionally one pipeline, one team or one owner.
public struct ForecastQuery: Sendable, Hashable {
    public var period: ForecastPeriod
    public var pipelineId: Int64?
    public var team: String?
    public var ownerId: Int64?

    public init(period: ForecastPeriod, pipelineId: Int64? = nil, team: String? = nil, ownerId: Int64? = nil) {
        self.period = period
        self.pipelineId = pipelineId
        self.team = team
        self.ownerId = ownerId
    }
}

/// The forecast of one period, and of every period of its year.
public struct Forecast: Sendable, Hashable {
    public struct PeriodRow: Sendable, Hashable {
        public let period: ForecastPeriod
        public let figures: ForecastFigures
    }

    public struct OwnerRow: Sendable, Hashable {
        public let userId: Int64
        public let name: String
        public let team: String?
        public let figures: ForecastFigures
    }

    public struct TeamRow: Sendable, Hashable {
        public let team: String?
        public let figures: ForecastFigures
    }

    public struct PipelineRow: Sendable, Hashable {
        public let pipelineId: Int64
        public let name: String
        public let figures: ForecastFigures
    }

    public let query: ForecastQuery
    public let currency: Currency
    public let thresholds: ForecastThresholds
    /// Every period of the query's year, in order.
    public let periods: [PeriodRow]
    /// The query's period: in total, by owner, by team, by pipeline.
    public let total: ForecastFigures
    public let owners: [OwnerRow]
    public let teams: [TeamRow]
    public let pipelines: [PipelineRow]
    public let funnel: LeadFunnel
    public let activity: [RepActivity]
    /// Open deals with no expected close date: in no period, so counted here.
    public let undated: ForecastFigures
}

/// Leads that arrived in the period, how many became deals, and how many of those deals are won.
public struct LeadFunnel: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public let key: String
        public var leads: Int = 0
        public var converted: Int = 0
        public var won: Int = 0
        public var wonAmount: Int64 = 0

        public init(key: String) { self.key = key }

        /// Converted as a share of leads, and won as a share of converted, in whole percent.
        public var conversionRate: Int? { leads == 0 ? nil : Int((Double(converted) / Double(leads) * 100).rounded()) }
        public var winRate: Int? { converted == 0 ? nil : Int((Double(won) / Double(converted) * 100).rounded()) }
    }

    public let bySource: [Row]
    public let byChannel: [Row]
    public let total: Row
}

/// One person's work in the period.
public struct RepActivity: Sendable, Hashable {
    public let userId: Int64
    public let name: String
    public var calls = 0
    public var meetings = 0
    public var emails = 0
    public var messages = 0
    public var tasksDone = 0
    public var dealsWon = 0

    public init(userId: Int64, name: String) {
        self.userId = userId
        self.name = name
    }

    public var total: Int { calls + meetings + emails + messages + tasksDone }
}
