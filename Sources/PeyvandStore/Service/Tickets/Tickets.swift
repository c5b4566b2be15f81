import Foundation
import PeyvandCore
import SQLKit

/// Customer-service tickets: opened by an agent (a call, a visit), through the API, the public
/// form or an inbound message; routed the moment they arrive; answered on the channel they came
/// in on; noted internally; handed on with a reason; merged. `tickets.read` reads (roles that
/// reach only their own customers read those customers' tickets and the ones given to them),
/// `tickets.write` opens, answers and changes, `tickets.assign` hands on and merges. Every write
/// is audited.
public struct Tickets: Sendable {
    public let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// Opens a ticket for a customer in reach. Its first message (`body`) goes on the customer's
    /// timeline as an interaction of the ticket's channel.
    public func open(_ input: TicketInput, by principal: Principal, now: Date = Date()) async throws -> Ticket {
        try principal.require(.ticketsWrite, to: "open tickets")
        let f: TicketFields
        do { f = try input.validated() } catch { throw StoreError.invalid(error) }
        if f.assigneeId != nil || f.teamId != nil { try principal.require(.ticketsAssign, to: "choose who works a ticket") }
        let id = try await database.transaction { db in
            let customerId = f.customerId ?? 0
            try await Self.checkLinks(db, f, by: principal)
            var interactionId: Int64?
            if !f.body.isEmpty {
                interactionId = try await Self.logInteraction(db, customerId: customerId, channel: f.channel, subject: f.subject, body: f.body,
                                                              staffId: principal.userId > 0 ? principal.userId : nil, at: now)
            }
            return try await TicketIntake.insert(db, f, customerId: customerId,
                                                 first: TicketIntake.FirstMessage(body: f.body, interactionId: interactionId,
                                                                                  authorId: principal.userId > 0 ? principal.userId : nil),
                                                 threadId: nil, replyAddress: nil, by: principal, at: now)
        }
        return try await Self.fetch(database.sql, id)
    }

    /// The customer (in reach, live), the contact, product, order and the chosen agent and team exist.
    static func checkLinks(_ db: any SQLDatabase, _ f: TicketFields, by principal: Principal) async throws {
        var issues: [FieldIssue] = []
        if let c = f.customerId, try await db.raw("""
            SELECT id FROM customers WHERE id = \(bind: c) AND deleted_at IS NULL AND \(SalesReach.customer("id", principal))
            """).first() == nil {
            issues.append(FieldIssue(field: "customerId", reason: "no customer in reach has this id", code: "ref.unknown"))
        }
        if let c = f.contactId, try await db.raw("SELECT id FROM customers WHERE id = \(bind: c) AND deleted_at IS NULL").first() == nil {
            issues.append(FieldIssue(field: "contactId", reason: "no customer has this id", code: "ref.unknown"))
        }
        if let p = f.productId, try await db.raw("SELECT id FROM products WHERE id = \(bind: p)").first() == nil {
            issues.append(FieldIssue(field: "productId", reason: "no product has this id", code: "ref.unknown"))
        }
        if let o = f.orderId, try await db.raw("SELECT id FROM orders WHERE id = \(bind: o) AND customer_id = \(bind: f.customerId ?? 0)").first() == nil {
            issues.append(FieldIssue(field: "orderId", reason: "no order of this customer has this id", code: "ref.unknown"))
        }
        if let a = f.assigneeId, try await db.raw("SELECT id FROM users WHERE id = \(bind: a) AND active = \(bind: true)").first() == nil {
            issues.append(FieldIssue(field: "assigneeId", reason: "must be an active member of staff", code: "id.user"))
        }
        if let t = f.teamId, try await db.raw("SELECT id FROM service_teams WHERE id = \(bind: t)").first() == nil {
            issues.append(FieldIssue(field: "teamId", reason: "no team has this id", code: "ref.unknown"))
        }
        if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
    }

    /// A public message written by staff for the customer (a call logged, a visit) or the API, on the timeline.
    static func logInteraction(_ db: any SQLDatabase, customerId: Int64, channel: TicketChannel, subject: String, body: String, staffId: Int64?,
                               at now: Date) async throws -> Int64 {
        let kind: InteractionKind = switch channel {
        case .phone: .call
        case .visit: .visit
        case .email: .email
        case .sms: .sms
        case .messenger: .chat
        case .web, .api: .webForm
        }
        guard let row = try await db.raw("""
            INSERT INTO interactions (customer_id, kind, channel, direction, occurred_at, staff_id, subject, body, created_by, created_at)
            VALUES (\(bind: customerId), \(bind: kind.rawValue), \(bind: channel.contactChannel?.rawValue ?? ContactChannel.web.rawValue),
              \(bind: Direction.inbound.rawValue), \(bind: Clock.millis(now)), \(bind: staffId), \(bind: String(subject.prefix(500))),
              \(bind: String(body.prefix(Inbox.bodyLimit))), \(bind: staffId), \(bind: Clock.millis(now)))
            RETURNING id
            """).first() else { throw StoreError.conflict("the interaction was not stored") }
        let id = try row.decode(column: "id", as: Int64.self)
        try await DomainEvents.interaction(db, id: id, customerId: customerId, kind: kind, direction: .inbound)
        return id
    }

    public func get(_ id: Int64, by principal: Principal) async throws -> Ticket {
        try principal.require(.ticketsRead, to: "read tickets")
        guard let row = try await database.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) \(unsafeRaw: Self.from) WHERE t.id = \(bind: id) AND t.deleted_at IS NULL
            """ + Self.scope(principal)).first() else { throw StoreError.notFound(entity: "ticket", id: String(id)) }
        return try Self.ticket(row)
    }

    /// Newest first, keyset-paginated by id.
    public func list(_ query: TicketQuery, by principal: Principal) async throws -> Page<Ticket> {
        try principal.require(.ticketsRead, to: "read tickets")
        let limit = max(1, min(query.limit, Page<Ticket>.maxLimit))
        var sql: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) \(unsafeRaw: Self.from) WHERE t.deleted_at IS NULL" + Self.scope(principal)
        switch query.queue {
        case .mine: sql += " AND t.assignee_id = \(bind: principal.userId)"
        case .team:
            sql += " AND t.team_id IN (SELECT team_id FROM service_team_members WHERE user_id = \(bind: principal.userId) AND active = \(bind: true))"
        case .unassigned: sql += " AND t.assignee_id IS NULL"
        case nil: break
        }
        if let s = query.status { sql += " AND t.status = \(bind: s.rawValue)" } else if query.openOnly || query.queue != nil {
            sql += " AND t.status IN ('new', 'open', 'waiting')"
        }
        if let v = query.teamId { sql += " AND t.team_id = \(bind: v)" }
        if let v = query.assigneeId { sql += " AND t.assignee_id = \(bind: v)" }
        if let v = query.customerId { sql += " AND t.customer_id = \(bind: v)" }
        if let v = query.priority { sql += " AND t.priority = \(bind: v.rawValue)" }
        if let v = query.category { sql += " AND t.category = \(bind: v.rawValue)" }
        if let q = query.q?.trimmingCharacters(in: .whitespaces), !q.isEmpty {
            let plain = "%" + CustomerRepository.escapeLike(q.lowercased()) + "%"
            sql += " AND (t.number = \(bind: q.uppercased()) OR lower(t.subject) LIKE \(bind: plain) ESCAPE '\\')"
        }
        if query.sort == .due {
            // One query a page, keyset on (nearest running due, id).
            let key = Self.dueKey(database.sql)
            if let after = query.afterDue {
                sql += " AND (\(unsafeRaw: key) > \(bind: after.due) OR (\(unsafeRaw: key) = \(bind: after.due) AND t.id > \(bind: after.id)))"
            }
            sql += " ORDER BY \(unsafeRaw: key), t.id LIMIT \(bind: limit + 1)"
            let rows = try await database.sql.raw(sql).all().map(Self.ticket)
            let items = Array(rows.prefix(limit))
            let next = rows.count > limit ? items.last.map { TicketDueCursor(due: $0.runningDueAt.map(Clock.millis) ?? Int64.max, id: $0.id).encoded } : nil
            return Page(items: items, next: next)
        }
        if let after = query.after { sql += " AND t.id < \(bind: after)" }
        sql += " ORDER BY t.id DESC LIMIT \(bind: limit + 1)"
        let rows = try await database.sql.raw(sql).all().map(Self.ticket)
        let items = Array(rows.prefix(limit))
        return Page(items: items, next: rows.count > limit ? items.last.map { Cursor.encode($0.id) } : nil)
    }

    /// How many open tickets wait for this person, and how many nobody has (the queue tabs' counts).
    public func counts(for principal: Principal) async throws -> (mine: Int, team: Int, unassigned: Int) {
        guard principal.may(.ticketsRead) else { return (0, 0, 0) }
        let open = "status IN ('new', 'open', 'waiting') AND deleted_at IS NULL"
        let row = try await database.sql.raw("""
            SELECT (SELECT COUNT(*) FROM tickets t WHERE t.assignee_id = \(bind: principal.userId) AND \(unsafeRaw: open)) AS mine,
              (SELECT COUNT(*) FROM tickets t WHERE t.team_id IN (SELECT team_id FROM service_team_members WHERE user_id = \(bind: principal.userId)
                 AND active = \(bind: true)) AND \(unsafeRaw: open)\(Self.scope(principal))) AS team,
              (SELECT COUNT(*) FROM tickets t WHERE t.assignee_id IS NULL AND \(unsafeRaw: open)\(Self.scope(principal))) AS unassigned
            """).first()
        return (try row?.decode(column: "mine", as: Int.self) ?? 0, try row?.decode(column: "team", as: Int.self) ?? 0,
                try row?.decode(column: "unassigned", as: Int.self) ?? 0)
    }

    /// The thread, oldest first (at most 1,000 messages), internal notes included, each with its files.
    public func messages(_ id: Int64, by principal: Principal) async throws -> [TicketMessage] {
        _ = try await get(id, by: principal)
        async let files = Self.attachments(database.sql, ticketId: id)
        var messages = try await database.sql.raw("""
            SELECT m.id, m.ticket_id, m.direction, m.visibility, m.channel, m.author_user_id, u.name AS author_name, m.body, m.interaction_id,
              m.channel_message_id, cm.status AS delivery_status, m.merged_from_id, m.created_at
            FROM ticket_messages m LEFT JOIN users u ON u.id = m.author_user_id LEFT JOIN channel_messages cm ON cm.id = m.channel_message_id
            WHERE m.ticket_id = \(bind: id) ORDER BY m.created_at, m.id LIMIT 1000
            """).all().map(Self.message)
        let byMessage = try await files
        for i in messages.indices { messages[i].attachments = byMessage[messages[i].id] ?? [] }
        return messages
    }

    /// Who had the ticket when, and why it changed hands, oldest first.
    /// The ticket's audit trail, newest first: opened, each changed field (status, priority,
    /// category, subject) with its value before and after, handed on, answered, noted, merged,
    /// SLA warnings and escalations; `limit` entries older than the entry `before`.
    public func history(_ id: Int64, by principal: Principal, limit: Int = 50, before: Int64? = nil) async throws -> [AuditEntry] {
        _ = try await get(id, by: principal)
        return try await AuditLog.entries(database.sql, entity: "ticket", entityId: id, limit: max(1, min(limit, 500)), before: before)
    }

    public func assignments(_ id: Int64, by principal: Principal) async throws -> [TicketAssignment] {
        _ = try await get(id, by: principal)
        return try await database.sql.raw("""
            SELECT a.id, a.from_user_id, fu.name AS from_name, a.to_user_id, tu.name AS to_name, a.from_team_id, a.to_team_id,
              tt.name AS to_team_name, a.reason, bu.name AS by_name, a.at
            FROM ticket_assignments a LEFT JOIN users fu ON fu.id = a.from_user_id LEFT JOIN users tu ON tu.id = a.to_user_id
              LEFT JOIN service_teams tt ON tt.id = a.to_team_id LEFT JOIN users bu ON bu.id = a.by_user_id
            WHERE a.ticket_id = \(bind: id) ORDER BY a.id LIMIT 500
            """).all().map { row in
            TicketAssignment(id: try row.decode(column: "id", as: Int64.self), fromUserId: try row.decode(column: "from_user_id", as: Int64?.self),
                             fromUserName: try row.decode(column: "from_name", as: String?.self),
                             toUserId: try row.decode(column: "to_user_id", as: Int64?.self), toUserName: try row.decode(column: "to_name", as: String?.self),
                             fromTeamId: try row.decode(column: "from_team_id", as: Int64?.self), toTeamId: try row.decode(column: "to_team_id", as: Int64?.self),
                             toTeamName: try row.decode(column: "to_team_name", as: String?.self), reason: try row.decode(column: "reason", as: String.self),
                             byName: try row.decode(column: "by_name", as: String?.self), at: Clock.date(try row.decode(column: "at", as: Int64.self)))
        }
    }

    /// The customer's tickets still open (the 360 page's box), newest first.
    public func open(customerId: Int64, limit: Int, by principal: Principal) async throws -> [Ticket] {
        try await list(TicketQuery(openOnly: true, customerId: customerId, limit: limit), by: principal).items
    }

    /// The ticket's history: who opened, changed, answered, handed on or merged it.
    public func audit(_ id: Int64, by principal: Principal) async throws -> [AuditEntry] {
        _ = try await get(id, by: principal)
        return try await AuditLog.entries(database.sql, entity: "ticket", entityId: id, limit: 100, before: nil)
    }
}
