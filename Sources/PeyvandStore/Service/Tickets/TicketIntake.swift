import Foundation
import PeyvandCore
import SQLKit

/// Opening a ticket, whoever opens it (an agent, the API, the public form, an inbound message),
/// inside the caller's transaction: numbered, routed at once (a team, an agent), its first
/// message written, the assignment kept in the history, audited and announced.
enum TicketIntake {
    /// The first message of a new ticket: already on the timeline (`interactionId`) and, when it
    /// travelled on a channel, that channel's record.
    struct FirstMessage: Sendable {
        var body: String
        var interactionId: Int64?
        var channelMessageId: Int64?
        var authorId: Int64?
    }

    static func insert(_ db: any SQLDatabase, _ f: TicketFields, customerId: Int64, first: FirstMessage?, threadId: Int64?, replyAddress: String?,
                       by principal: Principal, at now: Date) async throws -> Int64 {
        let at = Clock.millis(now)
        var decision = TicketRouting.Decision()
        if let assignee = f.assigneeId {
            decision.assigneeId = assignee
            decision.teamId = try await f.teamId.asyncOrElse {
                try await db.raw("SELECT team_id FROM service_team_members WHERE user_id = \(bind: assignee) ORDER BY team_id LIMIT 1").first()?
                    .decode(column: "team_id", as: Int64.self)
            }
        } else if let team = f.teamId {
            decision.teamId = team
            decision.assigneeId = try await TicketRouting.pick(db, team: team, category: f.category, language: f.language, at: now)
        } else {
            decision = try await TicketRouting.route(db, .init(customerId: customerId, channel: f.channel, category: f.category, language: f.language), at: now)
        }
        let priority = decision.priority ?? f.priority
        let number = try await Tickets.number(db, at: now)
        let creator: Int64? = principal.userId > 0 ? principal.userId : nil
        guard let row = try await db.raw("""
            INSERT INTO tickets (number, customer_id, contact_id, subject, channel, category, priority, status, team_id, assignee_id, product_id,
              order_id, language, thread_id, reply_address, routing_rule_id, last_message_at, created_by, created_at, updated_at)
            VALUES (\(bind: number), \(bind: customerId), \(bind: f.contactId), \(bind: f.subject), \(bind: f.channel.rawValue),
              \(bind: f.category.rawValue), \(bind: priority.rawValue), 'new', \(bind: decision.teamId), \(bind: decision.assigneeId),
              \(bind: f.productId), \(bind: f.orderId), \(bind: f.language.rawValue), \(bind: threadId), \(bind: replyAddress),
              \(bind: decision.ruleId), \(bind: at), \(bind: creator), \(bind: at), \(bind: at))
            RETURNING id
            """).first() else { throw StoreError.conflict("the ticket was not stored") }
        let id = try row.decode(column: "id", as: Int64.self)
        if let first, !first.body.isEmpty {
            try await db.raw("""
                INSERT INTO ticket_messages (ticket_id, direction, visibility, channel, author_user_id, body, interaction_id, channel_message_id, created_at)
                VALUES (\(bind: id), 'inbound', 'public', \(bind: f.channel.rawValue), \(bind: first.authorId), \(bind: String(first.body.prefix(Inbox.bodyLimit))),
                  \(bind: first.interactionId), \(bind: first.channelMessageId), \(bind: at))
                """).run()
        }
        if decision.teamId != nil || decision.assigneeId != nil {
            let reason = decision.ruleName.map { "rule: " + $0 } ?? (f.assigneeId != nil || f.teamId != nil ? "chosen when opened" : "default team")
            try await db.raw("""
                INSERT INTO ticket_assignments (ticket_id, to_user_id, to_team_id, reason, by_user_id, at)
                VALUES (\(bind: id), \(bind: decision.assigneeId), \(bind: decision.teamId), \(bind: reason), \(bind: creator), \(bind: at))
                """).run()
        }
        if let assignee = decision.assigneeId, assignee != principal.userId {
            try await TicketNotice.enqueue(db, ticketId: id, number: number, subject: f.subject, to: assignee, at: now)
        }
        try await TicketSLA.opened(db, id, now: now)
        try await SatisfactionAssessment.reassess(db, customerId: customerId, cause: "ticket", now: now)  // satisfaction classes
        try await AuditLog.record(db, entity: "ticket", entityId: id, by: principal, action: "create", after: "\(number) \(f.channel.rawValue): \(f.subject)", at: at)
        try await DomainEvents.publish(db, "ticket.created", customerId: customerId, data: [
            "ticketId": String(id), "number": number, "channel": f.channel.rawValue, "category": f.category.rawValue, "priority": priority.rawValue,
            "teamId": decision.teamId.map(String.init) ?? "", "assigneeId": decision.assigneeId.map(String.init) ?? "",
        ], at: now)
        return id
    }

    /// The language a customer wrote in: Persian when the text has Arabic-script letters.
    static func language(of text: String) -> Language {
        text.unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) || (0xFB50...0xFEFF).contains($0.value) } ? .fa : .en
    }
}

extension Optional where Wrapped: Sendable {
    func asyncOrElse(_ fallback: () async throws -> Wrapped?) async rethrows -> Wrapped? {
        if let self { return self }
        return try await fallback()
    }
}
