import Foundation
import PeyvandCore

/// What a service report covers: whole months `from` … `to` (both included) of the Jalali or the
/// Gregorian calendar, in Tehran time, and optionally one team, one channel or one agent.
///
/// A report spans at most ``maxMonths`` months, so a hand-edited address cannot ask for a
/// century of month-end replays.
public struct ServiceReportQuery: Sendable, Hashable {
    public static let maxMonths = 36

    public let from: ForecastPeriod
    public let to: ForecastPeriod
    public var teamId: Int64?
    public var channel: TicketChannel?
    public var agentId: Int64?

    public init(from: ForecastPeriod, to: ForecastPeriod, teamId: Int64? = nil, channel: TicketChannel? = nil, agentId: Int64? = nil)
        throws(ValidationError) {
        guard from.granularity == .month, to.granularity == .month else {
            throw ValidationError(field: "from", reason: "must be a month such as 1405-07", code: "report.month")
        }
        guard from.calendar == to.calendar else {
            throw ValidationError(field: "to", reason: "must be in the same calendar as from", code: "report.calendar")
        }
        // The last month of year 9999 has no next month to end at: refused, not read as 1970.
        guard to.endDay > to.startDay else {
            throw ValidationError(field: "to", reason: "must be a month such as 1405-07", code: "report.month")
        }
        guard from.startDay <= to.startDay else {
            throw ValidationError(field: "to", reason: "must not be before from", code: "report.order")
        }
        let months = (to.year - from.year) * 12 + to.index - from.index + 1
        guard months <= Self.maxMonths else {
            throw ValidationError(field: "to", reason: "a report spans at most \(Self.maxMonths) months", code: "report.tooLong",
                                  params: ["max": String(Self.maxMonths)])
        }
        self.from = from
        self.to = to
        self.teamId = teamId
        self.channel = channel
        self.agentId = agentId
    }

    /// The first instant of the period: midnight in Tehran of `from`'s first day.
    public var start: Date { Self.midnight(from.startDay) }
    /// The instant the period ends (excluded): midnight in Tehran after `to`'s last day.
    public var end: Date { Self.midnight(to.endDay) }

    /// The months of the period in order.
    public var months: [ForecastPeriod] {
        var list = [from]
        while let last = list.last, last != to, list.count < Self.maxMonths { list.append(last.next) }
        return list
    }

    /// Whether a team, channel or agent narrows the tickets.
    public var filtered: Bool { teamId != nil || channel != nil || agentId != nil }

    static func midnight(_ day: Int) -> Date {
        JalaliDate(daysSinceUnixEpoch: day).date(timeZone: Tehran.timeZone)
    }
}
