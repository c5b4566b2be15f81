import Foundation
import PeyvandCore

/// The service figures of a period (``ServiceReportQuery``) — what the service reports page, the
/// API and the CRM scorecard read. Every ticket figure is over the tickets **opened** in the
/// period (merged and deleted tickets left out); the backlog is as of the moment the report was
/// made; see docs/service.md "Reports" for each definition.
public struct ServiceReport: Sendable {
    public let query: ServiceReportQuery
    /// When the report was computed: the backlog's "now", and the instant unanswered tickets are
    /// judged against their due instants.
    public let asOf: Date
    /// The organisation's currency: every amount is in it.
    public let currency: Currency

    /// All tickets of the period, then per channel, team and agent (unassigned: key nil).
    public let overall: TicketFigures
    public let byChannel: [TicketFigures]
    public let byTeam: [TicketFigures]
    public let byAgent: [TicketFigures]

    public let backlog: Backlog
    public let cost: ServiceCost
    public let classesOverTime: [ClassMonth]
    public let classesNow: ClassesNow
    public let surveys: SurveyFigures
    public let recovery: RecoveryFigures

    public init(query: ServiceReportQuery, asOf: Date, currency: Currency, overall: TicketFigures, byChannel: [TicketFigures],
                byTeam: [TicketFigures], byAgent: [TicketFigures], backlog: Backlog, cost: ServiceCost, classesOverTime: [ClassMonth],
                classesNow: ClassesNow, surveys: SurveyFigures, recovery: RecoveryFigures) {
        self.query = query; self.asOf = asOf; self.currency = currency; self.overall = overall; self.byChannel = byChannel
        self.byTeam = byTeam; self.byAgent = byAgent; self.backlog = backlog; self.cost = cost; self.classesOverTime = classesOverTime
        self.classesNow = classesNow; self.surveys = surveys; self.recovery = recovery
    }
}

extension ServiceReport {
    /// Median and 90th percentile of a duration, in wall-clock minutes. The median of an even
    /// count is the mean of the two middle values; the 90th percentile is the nearest rank
    /// (the value at rank ⌈0.9 n⌉).
    public struct Durations: Sendable, Equatable {
        public let count: Int
        public let medianMinutes: Double?
        public let p90Minutes: Double?
        public static let none = Durations(count: 0, medianMinutes: nil, p90Minutes: nil)
        public init(count: Int, medianMinutes: Double?, p90Minutes: Double?) {
            self.count = count; self.medianMinutes = medianMinutes; self.p90Minutes = p90Minutes
        }
    }

    /// Tickets whose target was met or missed; those still running (not answered, not yet due) and
    /// those without a service level are in neither.
    public struct Attainment: Sendable, Equatable {
        public let met: Int
        public let missed: Int
        public init(met: Int, missed: Int) { self.met = met; self.missed = missed }
        /// met ÷ (met + missed), 0…1; nil when nothing was judged.
        public var share: Double? { met + missed == 0 ? nil : Double(met) / Double(met + missed) }
    }

    public enum Dimension: String, Sendable, CaseIterable { case all, channel, team, agent }

    /// The ticket figures of one row: all tickets, one channel, one team or one agent.
    public struct TicketFigures: Sendable {
        public let dimension: Dimension
        /// The channel's key, the team's or the agent's id; nil for all tickets, no team, nobody.
        public let key: String?
        /// The team's or agent's name.
        public let name: String?
        public let opened: Int
        public let resolved: Int
        public let firstResponse: Durations
        public let resolution: Durations
        public let firstResponseSLA: Attainment
        public let resolutionSLA: Attainment
        public init(dimension: Dimension, key: String?, name: String?, opened: Int, resolved: Int, firstResponse: Durations,
                    resolution: Durations, firstResponseSLA: Attainment, resolutionSLA: Attainment) {
            self.dimension = dimension; self.key = key; self.name = name; self.opened = opened; self.resolved = resolved
            self.firstResponse = firstResponse; self.resolution = resolution; self.firstResponseSLA = firstResponseSLA
            self.resolutionSLA = resolutionSLA
        }
    }

    /// How long an open ticket has been open.
    public enum AgeBucket: String, Sendable, CaseIterable {
        case underOneDay = "lt1d", oneToThreeDays = "1-3d", threeToSevenDays = "3-7d", sevenToThirtyDays = "7-30d", overThirtyDays = "gt30d"
        /// The bucket's lower bound in days (included); the next bucket's is its upper (excluded).
        public var fromDays: Int {
            switch self {
            case .underOneDay: 0
            case .oneToThreeDays: 1
            case .threeToSevenDays: 3
            case .sevenToThirtyDays: 7
            case .overThirtyDays: 30
            }
        }
    }

    /// The open tickets (new, open, waiting) now, whatever the period.
    public struct Backlog: Sendable {
        public struct Cell: Sendable, Equatable {
            public let status: TicketStatus
            public let bucket: AgeBucket
            public let count: Int
            public init(status: TicketStatus, bucket: AgeBucket, count: Int) { self.status = status; self.bucket = bucket; self.count = count }
        }
        public struct Oldest: Sendable, Equatable {
            public let ticketId: Int64
            public let number: String
            public let openedAt: Date
            public init(ticketId: Int64, number: String, openedAt: Date) { self.ticketId = ticketId; self.number = number; self.openedAt = openedAt }
        }
        public let total: Int
        /// Only the non-empty cells.
        public let cells: [Cell]
        public let oldest: Oldest?
        public init(total: Int, cells: [Cell], oldest: Oldest?) { self.total = total; self.cells = cells; self.oldest = oldest }

        public func count(status: TicketStatus? = nil, bucket: AgeBucket? = nil) -> Int {
            cells.filter { (status == nil || $0.status == status) && (bucket == nil || $0.bucket == bucket) }.reduce(0) { $0 + $1.count }
        }
    }

    /// The cost logged on the interactions recorded on tickets' messages during the period, per the
    /// channel the ticket came in on.
    public struct ServiceCost: Sendable {
        public struct Row: Sendable {
            public let channel: TicketChannel
            /// Interactions recorded on tickets of this channel in the period (with a cost or not).
            public let interactions: Int
            /// Distinct tickets those interactions belong to.
            public let tickets: Int
            public let total: Money
            /// total ÷ tickets, rounded down to a minor unit; nil without tickets.
            public var perTicket: Money? { tickets == 0 ? nil : Money(minorUnits: total.minorUnits / Int64(tickets), currency: total.currency) }
            public init(channel: TicketChannel, interactions: Int, tickets: Int, total: Money) {
                self.channel = channel; self.interactions = interactions; self.tickets = tickets; self.total = total
            }
        }
        public let rows: [Row]
        public let total: Money
        public let tickets: Int
        /// Costs in a currency with no exchange rate to the organisation's: left out, counted here.
        public let unconverted: Int
        public var perTicket: Money? { tickets == 0 ? nil : Money(minorUnits: total.minorUnits / Int64(tickets), currency: total.currency) }
        public init(rows: [Row], total: Money, tickets: Int, unconverted: Int) {
            self.rows = rows; self.total = total; self.tickets = tickets; self.unconverted = unconverted
        }
    }

    /// The customers in each class at the end of a month, replayed from the changes of class.
    public struct ClassMonth: Sendable {
        public let month: ForecastPeriod
        /// The month's end (excluded): the class held just before this instant counts.
        public let end: Date
        public let counts: [SatisfactionClass: Int]
        public init(month: ForecastPeriod, end: Date, counts: [SatisfactionClass: Int]) { self.month = month; self.end = end; self.counts = counts }
        public var classed: Int { counts.values.reduce(0, +) }
    }

    /// The customers in each class now (`customer_satisfaction`).
    public struct ClassesNow: Sendable {
        public let counts: [SatisfactionClass: Int]
        /// Customers assessed without enough evidence for a class.
        public let unclassed: Int
        public init(counts: [SatisfactionClass: Int], unclassed: Int) { self.counts = counts; self.unclassed = unclassed }
        public var classed: Int { counts.values.reduce(0, +) }
        public func share(_ c: SatisfactionClass) -> Double? { classed == 0 ? nil : Double(counts[c] ?? 0) / Double(classed) }
        /// "Fully satisfied" (the scorecard's مشتریان کاملاً راضی): happy or enthusiastic, of the
        /// classed customers.
        public var fullySatisfied: Int { (counts[.happy] ?? 0) + (counts[.enthusiastic] ?? 0) }
        public var fullySatisfiedShare: Double? { classed == 0 ? nil : Double(fullySatisfied) / Double(classed) }
    }

    /// Survey answers received in the period.
    public struct SurveyFigures: Sendable, Equatable {
        public let answered: Int
        public let csatCount: Int
        public let csatSum: Int
        /// Answers with CSAT 5.
        public let csatTopBox: Int
        public let npsCount: Int
        /// NPS 9–10.
        public let promoters: Int
        /// NPS 0–6.
        public let detractors: Int
        public init(answered: Int, csatCount: Int, csatSum: Int, csatTopBox: Int, npsCount: Int, promoters: Int, detractors: Int) {
            self.answered = answered; self.csatCount = csatCount; self.csatSum = csatSum; self.csatTopBox = csatTopBox
            self.npsCount = npsCount; self.promoters = promoters; self.detractors = detractors
        }
        public var csatAverage: Double? { csatCount == 0 ? nil : Double(csatSum) / Double(csatCount) }
        public var csatTopBoxShare: Double? { csatCount == 0 ? nil : Double(csatTopBox) / Double(csatCount) }
        public var passives: Int { npsCount - promoters - detractors }
        /// % promoters − % detractors, −100…100.
        public var nps: Double? { npsCount == 0 ? nil : Double(promoters - detractors) * 100 / Double(npsCount) }
    }

    /// Service recovery in the period.
    public struct RecoveryFigures: Sendable {
        public struct Transition: Sendable, Equatable {
            public let before: SatisfactionClass?
            /// Nil: not measured yet.
            public let after: SatisfactionClass?
            public let count: Int
            public init(before: SatisfactionClass?, after: SatisfactionClass?, count: Int) { self.before = before; self.after = after; self.count = count }
        }
        public let opened: Int
        public let closed: Int
        /// Closed as recovered (`status` `recovered`; `not_recovered` otherwise).
        public let recovered: Int
        /// Closed cases whose class measured after is higher than the class before.
        public let improved: Int
        public let medianCloseMinutes: Double?
        /// Of the cases closed in the period: class before → class after.
        public let transitions: [Transition]
        public init(opened: Int, closed: Int, recovered: Int, improved: Int, medianCloseMinutes: Double?, transitions: [Transition]) {
            self.opened = opened; self.closed = closed; self.recovered = recovered; self.improved = improved
            self.medianCloseMinutes = medianCloseMinutes; self.transitions = transitions
        }
        public var recoveredShare: Double? { closed == 0 ? nil : Double(recovered) / Double(closed) }
    }
}
