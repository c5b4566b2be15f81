import Foundation
import PeyvandCore
import SQLKit

extension TicketIntake {
    /// Ties a message the inbox just landed to a ticket, in the inbox's transaction: the ticket
    /// whose conversation it continues (following merges; a resolved or waiting one opens again),
    /// else for SMS and messenger — which carry no thread — the customer's open ticket on that
    /// channel; else, when the service settings let the channel open tickets, a new ticket routed
    /// at once. An unsubscribe keyword opens none. Returns the ticket, if any.
    static func inbound(_ db: any SQLDatabase, _ message: InboundMessage, _ receipt: InboundReceipt) async throws -> Int64? {
        guard let channel = TicketChannel(rawValue: message.channel.rawValue), [.email, .sms, .messenger].contains(channel) else { return nil }
        let now = Date()
        let body = String(message.body.prefix(Inbox.bodyLimit))
        if let ticket = try await continued(db, threadId: receipt.threadId, customerId: receipt.customerId, channel: channel) {
            try await append(db, ticket: ticket, channel: channel, body: body, receipt: receipt, at: now)
            return ticket
        }
        let settings = try await ServiceSettingsStore.read(db)
        guard settings.inboundChannels.contains(channel) else { return nil }
        if channel == .sms, UnsubscribeKeyword.matches(message.body) { return nil }
        let text = (message.subject ?? "") + " " + body
        let subject = message.subject?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty ?? TicketFields.subject(from: body)
        let fields = TicketFields(customerId: receipt.customerId, contactId: nil, subject: String(subject.prefix(TicketInput.subjectLimit)), body: body,
                                  channel: channel, category: .question, priority: .normal, productId: nil, orderId: nil,
                                  language: language(of: text), assigneeId: nil, teamId: nil)
        return try await insert(db, fields, customerId: receipt.customerId,
                                first: FirstMessage(body: body, interactionId: receipt.interactionId, channelMessageId: receipt.messageId),
                                threadId: receipt.threadId, replyAddress: message.address, by: Inbox.principal(message.channel), at: now)
    }

    /// The live ticket a message belongs to: the one answering in its thread (the survivor of a
    /// merge), else the customer's newest open one on a channel without threads.
    static func continued(_ db: any SQLDatabase, threadId: Int64, customerId: Int64, channel: TicketChannel) async throws -> Int64? {
        if var row = try await db.raw("""
            SELECT id, status, merged_into_id FROM tickets WHERE thread_id = \(bind: threadId) AND deleted_at IS NULL ORDER BY id DESC LIMIT 1
            """).first() {
            for _ in 0..<10 {
                guard try row.decode(column: "status", as: String.self) == TicketStatus.merged.rawValue,
                      let into = try row.decode(column: "merged_into_id", as: Int64?.self),
                      let next = try await db.raw("SELECT id, status, merged_into_id FROM tickets WHERE id = \(bind: into)").first() else { break }
                row = next
            }
            let status = TicketStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .closed
            if status != .closed && status != .merged { return try row.decode(column: "id", as: Int64.self) }
        }
        guard channel == .sms || channel == .messenger else { return nil }
        return try await db.raw("""
            SELECT id FROM tickets WHERE customer_id = \(bind: customerId) AND channel = \(bind: channel.rawValue)
              AND status IN ('new', 'open', 'waiting') AND deleted_at IS NULL ORDER BY id DESC LIMIT 1
            """).first()?.decode(column: "id", as: Int64.self)
    }

    /// Adds the customer's message to a ticket; a ticket waiting on the customer or resolved opens again.
    static func append(_ db: any SQLDatabase, ticket: Int64, channel: TicketChannel, body: String, receipt: InboundReceipt, at now: Date) async throws {
        let at = Clock.millis(now)
        // A resolved ticket opening again is evidence for the customer's satisfaction class.
        let reopened = try await db.raw("SELECT customer_id FROM tickets WHERE id = \(bind: ticket) AND status = 'resolved'").first()?
            .decode(column: "customer_id", as: Int64.self)
        try await db.raw("""
            INSERT INTO ticket_messages (ticket_id, direction, visibility, channel, body, interaction_id, channel_message_id, created_at)
            VALUES (\(bind: ticket), 'inbound', 'public', \(bind: channel.rawValue), \(bind: body), \(bind: receipt.interactionId),
              \(bind: receipt.messageId), \(bind: at))
            """).run()
        try await db.raw("""
            UPDATE tickets SET status = CASE WHEN status IN ('waiting', 'resolved') THEN 'open' ELSE status END, waiting_since = NULL,
              resolved_at = CASE WHEN status = 'resolved' THEN NULL ELSE resolved_at END,
              last_message_at = \(bind: at), version = version + 1, updated_at = \(bind: at)
            WHERE id = \(bind: ticket)
            """).run()
        try await TicketSLA.customerWrote(db, ticket, at: now)
        if let reopened { try await SatisfactionAssessment.reassess(db, customerId: reopened, cause: "ticket", now: now) }
    }
}
