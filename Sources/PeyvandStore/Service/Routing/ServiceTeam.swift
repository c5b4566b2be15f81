import Foundation
import PeyvandCore

/// How a team hands its tickets out among its members.
public enum TeamRouting: String, CaseIterable, Sendable, Codable {
    /// Each member in turn.
    case roundRobin = "round-robin"
    /// The member with the fewest open tickets.
    case leastLoaded = "least-loaded"
    /// Members whose skills include the ticket's category or language, then the least loaded of them.
    case skill
}

/// A team of agents.
public struct ServiceTeam: Sendable, Hashable {
    public let id: Int64
    public let name: String
    public let leadId: Int64?
    public let managerId: Int64?
    public let routing: TeamRouting
    /// The team's business hours as JSON (nil: the default schedule, read by the SLA work).
    public let businessHours: String?
    public let version: Int
    public let createdAt: Date
    public var members: [ServiceTeamMember]

    /// The schedule the team's SLA clock keeps: its own, else the standard Iranian week.
    public var hours: BusinessHours {
        businessHours.flatMap { try? JSONDecoder().decode(BusinessHours.self, from: Data($0.utf8)) } ?? .iranDefault
    }
}

public struct ServiceTeamMember: Sendable, Hashable {
    public let userId: Int64
    public let name: String
    /// Category keys and languages (`complaint`, `billing`, `en`).
    public let skills: [String]
    public let active: Bool
    /// The member's open tickets now.
    public let openTickets: Int
    public let lastAssignedAt: Date?
}

/// One routing rule: the first active rule (by position) whose conditions all hold sends a ticket
/// to its team, and may raise or lower its priority. An empty condition holds for every ticket.
public struct RoutingRule: Sendable, Hashable {
    public let id: Int64
    public let position: Int
    public let name: String
    public let category: TicketCategory?
    public let channel: TicketChannel?
    public let language: Language?
    /// The customer's lifetime value at least this (Rial, from the latest scoring run).
    public let minValueMinor: Int64?
    /// The customer's RFM segment (`champions`, `at-risk`, … from the latest scoring run).
    public let rfmSegment: String?
    /// Matched against the customer's class in `customer_satisfaction` when a ticket arrives.
    public let satisfactionClass: String?
    public let teamId: Int64
    public let teamName: String
    public let priority: TicketPriority?
    public let active: Bool
    public let version: Int
}

/// What a routing rule is made of, as the caller sent it.
public struct RoutingRuleInput: Sendable, Hashable {
    public var name: String?
    public var position: Int?
    public var category: String?
    public var channel: String?
    public var language: String?
    public var minValue: String?
    public var rfmSegment: String?
    public var satisfactionClass: String?
    public var teamId: String?
    public var priority: String?
    public var active: Bool?

    public init(name: String? = nil, position: Int? = nil, category: String? = nil, channel: String? = nil, language: String? = nil,
                minValue: String? = nil, rfmSegment: String? = nil, satisfactionClass: String? = nil, teamId: String? = nil,
                priority: String? = nil, active: Bool? = nil) {
        (self.name, self.position, self.category, self.channel, self.language) = (name, position, category, channel, language)
        (self.minValue, self.rfmSegment, self.satisfactionClass, self.teamId, self.priority, self.active) =
            (minValue, rfmSegment, satisfactionClass, teamId, priority, active)
    }
}
