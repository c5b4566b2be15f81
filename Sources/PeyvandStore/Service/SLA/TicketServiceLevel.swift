import Foundation
import PeyvandCore
import SQLKit

/// A ticket's service level as its page shows it: each target's due instant and state, and the
/// escalations the SLA watch made (who was told, when).
public struct TicketServiceLevel: Sendable, Hashable {
    /// Where a target stands.
    public enum State: String, Sendable, Hashable {
        /// Met before it was due.
        case metInTime = "met"
        /// Met, but after it was due.
        case metLate = "met-late"
        /// Still running, not yet due.
        case running
        /// Past due and not met (or the watch escalated it as breached).
        case breached
        /// The ticket waits on the customer: the clock stands still.
        case paused
        /// The ticket was resolved, closed or merged before this target was met.
        case stopped
    }

    public struct Target: Sendable, Hashable {
        public let target: SLATarget
        public let dueAt: Date?
        public let metAt: Date?
        public let state: State
        /// Business (working) minutes until due, for a running target.
        public let businessMinutesLeft: Int?

        public init(target: SLATarget, dueAt: Date?, metAt: Date?, state: State, businessMinutesLeft: Int?) {
            (self.target, self.dueAt, self.metAt, self.state, self.businessMinutesLeft) = (target, dueAt, metAt, state, businessMinutesLeft)
        }
    }

    /// One step the watch took: a warning (to the agent) or an escalation (to the lead, the manager).
    public struct Escalation: Sendable, Hashable {
        public let target: SLATarget
        public let level: SLALevel
        public let toUserId: Int64?
        public let toName: String?
        public let dueAt: Date
        public let at: Date

        public init(target: SLATarget, level: SLALevel, toUserId: Int64?, toName: String?, dueAt: Date, at: Date) {
            (self.target, self.level, self.toUserId, self.toName, self.dueAt, self.at) = (target, level, toUserId, toName, dueAt, at)
        }
    }

    /// The policy the ticket falls under; nil when none applies (no targets then).
    public let policy: SLAPolicy?
    public let targets: [Target]
    public let escalations: [Escalation]

    public init(policy: SLAPolicy?, targets: [Target], escalations: [Escalation]) {
        (self.policy, self.targets, self.escalations) = (policy, targets, escalations)
    }
}

extension Tickets {
    /// The ticket's service level at `now`: read with `tickets.read` for a ticket in reach.
    public func serviceLevel(_ id: Int64, by principal: Principal, now: Date = Date()) async throws -> TicketServiceLevel {
        _ = try await get(id, by: principal)
        let db = database.sql
        guard let s = try await TicketSLA.state(db, id) else { throw StoreError.notFound(entity: "ticket", id: String(id)) }
        let rows = try await db.raw("""
            SELECT e.target, e.level, e.period_start, e.due_at, e.to_user_id, u.name AS to_name, e.at
            FROM ticket_escalations e LEFT JOIN users u ON u.id = e.to_user_id
            WHERE e.ticket_id = \(bind: id) ORDER BY e.at, e.id LIMIT 100
            """).all()
        var breachedPeriods = Set<String>()
        var escalations: [TicketServiceLevel.Escalation] = []
        for row in rows {
            guard let target = SLATarget(rawValue: try row.decode(column: "target", as: String.self)),
                  let level = SLALevel(rawValue: try row.decode(column: "level", as: Int.self)) else { continue }
            if level != .warning { breachedPeriods.insert(TicketSLA.key(target.rawValue, 1, try row.decode(column: "period_start", as: Int64.self))) }
            escalations.append(TicketServiceLevel.Escalation(
                target: target, level: level, toUserId: try row.decode(column: "to_user_id", as: Int64?.self),
                toName: try row.decode(column: "to_name", as: String?.self), dueAt: Clock.date(try row.decode(column: "due_at", as: Int64.self)),
                at: Clock.date(try row.decode(column: "at", as: Int64.self))))
        }
        guard let policy = try await TicketSLA.policy(db, priority: s.priority, value: s.customerValue) else {
            return TicketServiceLevel(policy: nil, targets: [], escalations: escalations)
        }
        let clock = try await TicketSLA.clock(db, hours: s.businessHours)
        let pauses = try await TicketSLA.pauses(db, id)
        let targets = TicketSLA.faces(s, policy: policy, clock: clock, pauses: pauses).map { face -> TicketServiceLevel.Target in
            let state: TicketServiceLevel.State
            var left: Int?
            if let met = face.metAt {
                state = face.dueAt.map { met <= $0 } ?? true ? .metInTime : .metLate
            } else if ["resolved", "closed", "merged"].contains(s.status) {
                state = .stopped
            } else if s.status == "waiting" {
                state = .paused
            } else if let due = face.dueAt, now > due || breachedPeriods.contains(TicketSLA.key(face.target.rawValue, 1, Clock.millis(face.periodStart))) {
                state = .breached
            } else {
                state = .running
                if let due = face.dueAt { left = Int(clock.businessMillis(from: now, to: due, pauses: pauses) / 60_000) }
            }
            return TicketServiceLevel.Target(target: face.target, dueAt: face.dueAt, metAt: face.metAt, state: state, businessMinutesLeft: left)
        }
        return TicketServiceLevel(policy: policy, targets: targets, escalations: escalations)
    }
}

extension SLAPolicies {
    /// The organisation's currency: the one customer values (and so the policies' value floors) are counted in.
    public func currency() async throws -> Currency { try await Settings.baseCurrency(database.sql) }
}

extension Ticket {
    /// The nearest due instant of a target still running (first response not yet given, next
    /// response, resolution), for a ticket being worked (new or open); nil otherwise.
    public var runningDueAt: Date? {
        guard status == .new || status == .open else { return nil }
        return [firstResponseAt == nil ? firstResponseDueAt : nil, nextResponseDueAt, resolvedAt == nil ? resolutionDueAt : nil].compactMap { $0 }.min()
    }
}
