import Foundation
import PeyvandCore

/// What a service level promises, in business time.
public enum SLATarget: String, CaseIterable, Sendable, Codable {
    /// The first public answer to a new ticket.
    case firstResponse = "first-response"
    /// The next public answer after the customer writes again.
    case nextResponse = "next-response"
    /// The ticket resolved.
    case resolution
}

/// How far a target has gone: a warning to the agent once `warnPercent` of it has passed, the
/// breach (escalated to the team lead), then half as long again (escalated to the manager).
public enum SLALevel: Int, CaseIterable, Sendable, Codable {
    case warning = 0
    case breach = 1
    case manager = 2
}

/// A service-level policy: the targets (business minutes) for tickets of one priority whose
/// customer's value is at least `minValueMinor` (the policy with the highest such floor wins, so
/// valuable customers can be promised more).
public struct SLAPolicy: Sendable, Hashable, Codable {
    public let id: Int64
    public let name: String
    public let priority: String
    public let minValueMinor: Int64
    public let firstResponseMinutes: Int
    public let nextResponseMinutes: Int
    public let resolutionMinutes: Int
    public let warnPercent: Int
    public let version: Int

    public func minutes(_ target: SLATarget) -> Int {
        switch target {
        case .firstResponse: firstResponseMinutes
        case .nextResponse: nextResponseMinutes
        case .resolution: resolutionMinutes
        }
    }
}

/// One target's clock on a ticket: when its period started, when it warns, is due and goes to
/// the manager, and whether it was met (nil while still running).
public struct SLAClockFace: Sendable, Hashable {
    public let target: SLATarget
    public let periodStart: Date
    public let warnAt: Date?
    public let dueAt: Date?
    public let managerAt: Date?
    /// When the target was met (answered, resolved); nil while it runs.
    public let metAt: Date?

    public func instant(_ level: SLALevel) -> Date? {
        switch level {
        case .warning: warnAt
        case .breach: dueAt
        case .manager: managerAt
        }
    }

    /// Met in time, met late, or (unmet) already past due at `now`.
    public func breached(at now: Date) -> Bool {
        guard let dueAt else { return false }
        return (metAt ?? now) > dueAt
    }
}
