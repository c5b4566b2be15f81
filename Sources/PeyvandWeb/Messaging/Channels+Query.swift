import Foundation
import PeyvandCore
import PeyvandStore

/// What the channels page shows: the templates, the channel rules, and — for those who run the
/// outbox — how many messages wait in each state and the latest that failed for good.
struct ChannelsData: Sendable {
    let templates: [MessageTemplate]
    let rules: ChannelRules
    let counts: [OutboxStatus: Int]
    let dead: [OutboxMessage]
}

struct ChannelsQuery: Sendable {
    let database: Database
    let templates: MessageTemplates
    let outbox: Outbox

    func read(by principal: Principal) async throws -> ChannelsData {
        async let templates = principal.may(.templatesManage) ? self.templates.list(by: principal) : []
        async let rules = ChannelRules.read(database)
        let runsOutbox = principal.may(.channelsManage)
        async let counts = runsOutbox ? outbox.counts(by: principal) : [:]
        async let dead = runsOutbox ? outbox.list(status: .dead, after: nil, limit: 20, by: principal).items : []
        return ChannelsData(templates: try await templates, rules: try await rules, counts: try await counts, dead: try await dead)
    }
}
