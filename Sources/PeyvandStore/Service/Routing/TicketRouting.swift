import Foundation
import PeyvandCore
import SQLKit

/// Where a ticket goes the moment it arrives, inside its arrival's transaction: the first active
/// routing rule (by position) whose conditions all hold names the team (else the default team of
/// the service settings, else none); inside the team, round-robin, least-loaded or by skill. The
/// team's row is locked (`turn = turn + 1`) before its members are read, so concurrent arrivals
/// take turns one after the other on both databases: round-robin stays fair and two tickets
/// arriving together do not both go to the same least-loaded agent.
enum TicketRouting {
    struct Decision: Sendable, Hashable {
        var teamId: Int64?
        var assigneeId: Int64?
        var priority: TicketPriority?
        var ruleId: Int64?
        var ruleName: String?
    }

    struct Subject: Sendable {
        let customerId: Int64
        let channel: TicketChannel
        let category: TicketCategory
        let language: Language
    }

    static func route(_ db: any SQLDatabase, _ s: Subject, at now: Date) async throws -> Decision {
        var decision = Decision()
        let rules = try await RoutingRules.all(db, activeOnly: true)
        var score: (value: Int64?, segment: String?)??
        var satisfaction: String??
        for rule in rules {
            if let c = rule.category, c != s.category { continue }
            if let c = rule.channel, c != s.channel { continue }
            if let l = rule.language, l != s.language { continue }
            if let wanted = rule.satisfactionClass {
                if satisfaction == nil { satisfaction = .some(try await customerClass(db, s.customerId)) }
                guard let known = satisfaction ?? nil, known == wanted else { continue }
            }
            if rule.minValueMinor != nil || rule.rfmSegment != nil {
                if score == nil { score = .some(try await customerScore(db, s.customerId)) }
                guard let known = score ?? nil else { continue }
                if let min = rule.minValueMinor, (known.value ?? 0) < min { continue }
                if let segment = rule.rfmSegment, known.segment != segment { continue }
            }
            decision = Decision(teamId: rule.teamId, priority: rule.priority, ruleId: rule.id, ruleName: rule.name)
            break
        }
        if decision.teamId == nil {
            decision.teamId = try await db.raw("SELECT default_team_id FROM service_settings WHERE id = 1").first()?
                .decode(column: "default_team_id", as: Int64?.self)
        }
        if let team = decision.teamId {
            decision.assigneeId = try await pick(db, team: team, category: s.category, language: s.language, at: now)
        }
        return decision
    }

    /// The customer's satisfaction class as last assessed; nil when they have none.
    static func customerClass(_ db: any SQLDatabase, _ customerId: Int64) async throws -> String? {
        try await db.raw("SELECT class FROM customer_satisfaction WHERE customer_id = \(bind: customerId)").first()?
            .decode(column: "class", as: String?.self)
    }

    /// The customer's lifetime value (the model's, else what they spent) and RFM segment from the
    /// latest scoring run; nil when they were never scored.
    static func customerScore(_ db: any SQLDatabase, _ customerId: Int64) async throws -> (value: Int64?, segment: String?)? {
        guard let row = try await db.raw("""
            SELECT COALESCE(clv_minor, monetary_minor) AS value, segment FROM customer_scores WHERE customer_id = \(bind: customerId)
            """).first() else { return nil }
        return (try row.decode(column: "value", as: Int64?.self), try row.decode(column: "segment", as: String?.self))
    }

    /// The member of `team` who takes the next ticket (nil when it has no active member).
    static func pick(_ db: any SQLDatabase, team: Int64, category: TicketCategory, language: Language, at now: Date) async throws -> Int64? {
        guard let row = try await db.raw("""
            UPDATE service_teams SET turn = turn + 1 WHERE id = \(bind: team) RETURNING turn, routing
            """).first() else { return nil }
        let turn = try row.decode(column: "turn", as: Int64.self)
        let mode = TeamRouting(rawValue: try row.decode(column: "routing", as: String.self)) ?? .roundRobin
        let members = try await db.raw("""
            SELECT m.user_id, m.skills, m.assign_turn FROM service_team_members m JOIN users u ON u.id = m.user_id
            WHERE m.team_id = \(bind: team) AND m.active = \(bind: true) AND u.active = \(bind: true)
            ORDER BY m.assign_turn, m.user_id
            """).all().map { (id: try $0.decode(column: "user_id", as: Int64.self),
                              skills: ServiceTeams.skills(try $0.decode(column: "skills", as: String.self)),
                              turn: try $0.decode(column: "assign_turn", as: Int64.self)) }
        guard !members.isEmpty else { return nil }
        var chosen: Int64
        switch mode {
        case .roundRobin:
            chosen = members[0].id
        case .leastLoaded, .skill:
            var pool = members
            if mode == .skill {
                let skilled = members.filter { $0.skills.contains(category.rawValue) || $0.skills.contains(language.rawValue) }
                if !skilled.isEmpty { pool = skilled }
            }
            let open = try await openCounts(db, pool.map(\.id))
            // Fewest open tickets; among equals, the one who waited longest for a ticket.
            chosen = pool.min { a, b in
                let (x, y) = (open[a.id] ?? 0, open[b.id] ?? 0)
                return x != y ? x < y : (a.turn, a.id) < (b.turn, b.id)
            }?.id ?? pool[0].id
        }
        try await db.raw("""
            UPDATE service_team_members SET assign_turn = \(bind: turn), last_assigned_at = \(bind: Clock.millis(now))
            WHERE team_id = \(bind: team) AND user_id = \(bind: chosen)
            """).run()
        return chosen
    }

    /// Each agent's open tickets (new, open, waiting).
    static func openCounts(_ db: any SQLDatabase, _ users: [Int64]) async throws -> [Int64: Int] {
        guard !users.isEmpty else { return [:] }
        var open: [Int64: Int] = [:]
        for row in try await db.raw("""
            SELECT assignee_id, COUNT(*) AS n FROM tickets WHERE assignee_id IN (\(binds: users)) AND status IN ('new', 'open', 'waiting')
              AND deleted_at IS NULL GROUP BY assignee_id
            """).all() {
            open[try row.decode(column: "assignee_id", as: Int64.self)] = try row.decode(column: "n", as: Int.self)
        }
        return open
    }
}
