import Foundation
import PeyvandCore
import PeyvandStore

/// What a lead's page reads, at once: the lead, its notes, its history, the scoring rules (for
/// the reasons of its score), the customers a conversion would find, the pipelines and the staff.
struct LeadData: Sendable {
    let lead: Lead
    let notes: [LeadNote]
    let history: [AuditEntry]
    let rules: [LeadScoringRule]
    let match: LeadMatch
    let pipelines: [(id: Int64, name: String)]
    let staff: [User]
}

struct LeadQueryReader: Sendable {
    let leads: Leads
    let rules: LeadRules
    let conversion: LeadConversion
    let users: UserRepository

    func read(_ id: Int64, by principal: Principal) async throws -> LeadData {
        let lead = try await leads.get(id, by: principal)
        async let notes = leads.notes(id, by: principal)
        async let history = leads.audit(id, by: principal)
        async let rules = rules.scoringRules(by: principal)
        async let match = conversion.match(id, by: principal)
        async let pipelines = conversion.pipelines()
        async let staff = users.list(limit: 500).items
        return LeadData(lead: lead, notes: try await notes, history: try await history, rules: try await rules, match: try await match,
                        pipelines: try await pipelines, staff: try await staff)
    }
}
