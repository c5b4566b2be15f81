import Foundation
import PeyvandCore
import SQLKit

extension Tickets {
    /// Adds to the thread: a public reply, sent through the outbox on the channel the ticket came
    /// in on (to the address it came from) — for web, API, phone and visit tickets on the
    /// customer's preferred channel — and put on the customer's timeline; or an internal note,
    /// which stays on the ticket and never reaches the customer or the timeline. The first public
    /// reply sets `firstResponseAt`. Refused for a merged or closed ticket (409). Nothing is sent
    /// inside the request: the outbox delivers it.
    ///
    /// Files go with it: new `files` (checked by `DocumentRepository.check`, stored as the
    /// customer's documents in `documents`) and the customer's documents by id. A public reply
    /// by email sends them as attachments; a note keeps them on the ticket; a public reply by SMS
    /// or messenger is refused with files (`ticket.filesNotCarried`). The message, its documents
    /// and the outgoing email are stored in one transaction: refused, nothing is.
    public func addMessage(_ id: Int64, body: String, internal isNote: Bool, files: [DocumentFile] = [], documentIds: [Int64] = [],
                           documents: DocumentRepository? = nil, by principal: Principal, now: Date = Date()) async throws -> TicketMessage {
        try principal.require(.ticketsWrite, to: isNote ? "keep notes on tickets" : "answer tickets")
        let text = String(body.trimmingCharacters(in: .whitespacesAndNewlines).prefix(Inbox.bodyLimit))
        if text.isEmpty { throw StoreError.invalid(ValidationError(field: "body", reason: "is required", code: "required")) }
        let ticket = try await get(id, by: principal)
        try Self.checkOpenForMessages(ticket)
        var chosenRoute: (channel: ContactChannel, address: String)?
        if !isNote {
            chosenRoute = try await replyRoute(ticket, by: principal)
            if chosenRoute?.channel == .sms { do { _ = try CustomerSMS.check(text) } catch { throw StoreError.invalid(error) } }
        }
        let route = chosenRoute
        let named = try await Self.checkFiles(database.sql, files, documentIds: documentIds, customerId: ticket.customerId, replyChannel: route?.channel)
        if !files.isEmpty {
            guard let documents else { throw StoreError.conflict("this server keeps no documents") }
            for file in files { try documents.keep(file) }
        }
        let messageId = try await database.transaction { db -> Int64 in
            let current = try await Self.fetch(db, id, lock: true)
            try Self.checkOpenForMessages(current)
            let at = Clock.millis(now)
            let author: Int64? = principal.userId > 0 ? principal.userId : nil
            var interactionId: Int64?
            var channelMessageId: Int64?
            var added: [Int64] = []
            for file in files {
                added.append(try await DocumentRepository.insert(db, file, customerId: current.customerId, interactionId: nil, by: principal, at: at))
            }
            let attached = named + added
            if let route {
                var payload = ChannelPayload(subject: route.channel == .email ? Self.replySubject(current) : nil, text: text,
                                             language: current.language.rawValue,
                                             inReplyTo: route.channel == .email ? try await Self.lastInboundReference(db, id) : nil)
                payload.attachments = attached.isEmpty ? nil : attached
                let message = CustomerMessage(customerId: current.customerId, channel: route.channel, address: route.address, payload: payload,
                                              staffId: author, idempotencyKey: "ticket-reply:\(id):" + UUID().uuidString.lowercased(),
                                              threadId: current.threadId)
                guard let queued = try await ChannelMessages.enqueue(message, in: db, at: now) else { throw StoreError.conflict("the reply was not queued") }
                interactionId = queued.interactionId
                channelMessageId = queued.messageId
                if !added.isEmpty {  // the files sent are the email's, on the timeline
                    try await db.raw("UPDATE documents SET interaction_id = \(bind: queued.interactionId) WHERE id IN (\(binds: added))").run()
                }
                if current.threadId == nil {
                    try await db.raw("UPDATE tickets SET thread_id = \(bind: queued.messageId) WHERE id = \(bind: id)").run()
                }
            }
            guard let row = try await db.raw("""
                INSERT INTO ticket_messages (ticket_id, direction, visibility, channel, author_user_id, body, interaction_id, channel_message_id, created_at)
                VALUES (\(bind: id), \(bind: isNote ? "note" : "outbound"), \(bind: isNote ? "internal" : "public"),
                  \(bind: route?.channel.rawValue ?? "note"), \(bind: author), \(bind: text), \(bind: interactionId), \(bind: channelMessageId), \(bind: at))
                RETURNING id
                """).first() else { throw StoreError.conflict("the message was not stored") }
            let written = try row.decode(column: "id", as: Int64.self)
            try await Self.link(db, messageId: written, documentIds: attached)
            if isNote {
                try await db.raw("UPDATE tickets SET version = version + 1, updated_at = \(bind: at) WHERE id = \(bind: id)").run()
            } else {
                try await db.raw("""
                    UPDATE tickets SET first_response_at = COALESCE(first_response_at, \(bind: at)),
                      status = CASE WHEN status = 'new' THEN 'open' ELSE status END,
                      last_message_at = \(bind: at), version = version + 1, updated_at = \(bind: at)
                    WHERE id = \(bind: id)
                    """).run()
            }
            if !isNote { try await TicketSLA.answered(db, id, at: now) }
            try await AuditLog.record(db, entity: "ticket", entityId: id, by: principal, action: isNote ? "note" : "reply",
                                      field: route?.channel.rawValue, after: String(text.prefix(200)), at: at)
            return written
        }
        return try await messages(id, by: principal).first { $0.id == messageId }
            ?? TicketMessage(id: messageId, ticketId: id, direction: isNote ? .note : .outbound, isPublic: !isNote, channel: route?.channel.rawValue ?? "note",
                             authorId: principal.userId, authorName: principal.name, body: text, interactionId: nil, channelMessageId: nil,
                             deliveryStatus: nil, mergedFromId: nil, createdAt: now)
    }

    static func checkOpenForMessages(_ ticket: Ticket) throws {
        if ticket.status == .merged { throw StoreError.conflict("ticket \(ticket.number) was merged into another; write there") }
        if ticket.status == .closed { throw StoreError.conflict("ticket \(ticket.number) is closed; open it again to write") }
    }

    /// Where a public reply goes: back where the customer wrote from, else the customer's preferred
    /// channel they can be reached on (a reply needs no marketing consent).
    func replyRoute(_ ticket: Ticket, by principal: Principal) async throws -> (channel: ContactChannel, address: String) {
        if let channel = ticket.channel.contactChannel, [.email, .sms, .messenger].contains(channel),
           let address = try await database.sql.raw("SELECT reply_address FROM tickets WHERE id = \(bind: ticket.id)").first()?
               .decode(column: "reply_address", as: String?.self) {
            return (channel, address)
        }
        let reader = Principal(userId: principal.userId, name: principal.name, role: .administrator)
        let customer = try await CustomerRepository(database).get(ticket.customerId, by: reader)
        let messaging = CustomerMessaging(database, publicURL: "")
        let routes = try await messaging.routes(customer, rules: try await ChannelRules.read(database), reply: true)
        guard let route = routes.first(where: { $0.refusal == nil }), let address = route.address else { throw CustomerMessaging.noChannel }
        return (route.channel, address)
    }

    /// `Re: subject (T-1405-000001)`: the email channel adds the conversation's `[#thread]` token.
    static func replySubject(_ ticket: Ticket) -> String {
        let subject = ticket.subject.hasPrefix("Re:") ? ticket.subject : "Re: " + ticket.subject
        return String(subject.prefix(200)) + " (\(ticket.number))"
    }

    /// The peer id of the customer's latest email on the ticket (the reply's `In-Reply-To`).
    static func lastInboundReference(_ db: any SQLDatabase, _ ticketId: Int64) async throws -> String? {
        try await db.raw("""
            SELECT cm.external_id FROM ticket_messages m JOIN channel_messages cm ON cm.id = m.channel_message_id
            WHERE m.ticket_id = \(bind: ticketId) AND m.direction = 'inbound' AND cm.channel = 'email' ORDER BY m.id DESC LIMIT 1
            """).first()?.decode(column: "external_id", as: String?.self)
    }
}
