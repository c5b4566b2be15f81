import Foundation
import PeyvandCore
import SQLKit

extension Tickets {
    /// The columns, qualified by `t` (the ticket), `c` (its customer), `g` (its team), `u` (its agent).
    static let columns = """
        t.id, t.number, t.customer_id, c.name AS customer_name, t.contact_id, t.subject, t.channel, t.category, t.priority, t.status,
        t.team_id, g.name AS team_name, t.assignee_id, u.name AS assignee_name, t.product_id, t.order_id, t.language, t.merged_into_id,
        t.thread_id, t.first_response_at, t.resolved_at, t.closed_at, t.waiting_since, t.sla_policy_id, t.first_response_due_at,
        t.next_response_due_at, t.resolution_due_at, t.last_message_at, t.created_by, t.version, t.created_at, t.updated_at, t.escalation_level
        """

    static let from = """
        FROM tickets t JOIN customers c ON c.id = t.customer_id LEFT JOIN service_teams g ON g.id = t.team_id
        LEFT JOIN users u ON u.id = t.assignee_id
        """

    static func ticket(_ row: any SQLRow) throws -> Ticket {
        func id(_ c: String) throws -> Int64? { try row.decode(column: c, as: Int64?.self) }
        func at(_ c: String) throws -> Date? { try row.decode(column: c, as: Int64?.self).map(Clock.date) }
        var ticket = Ticket(
            id: try row.decode(column: "id", as: Int64.self), number: try row.decode(column: "number", as: String.self),
            customerId: try row.decode(column: "customer_id", as: Int64.self), customerName: try row.decode(column: "customer_name", as: String.self),
            contactId: try id("contact_id"), subject: try row.decode(column: "subject", as: String.self),
            channel: TicketChannel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .api,
            category: TicketCategory(rawValue: try row.decode(column: "category", as: String.self)) ?? .question,
            priority: TicketPriority(rawValue: try row.decode(column: "priority", as: String.self)) ?? .normal,
            status: TicketStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
            teamId: try id("team_id"), teamName: try row.decode(column: "team_name", as: String?.self),
            assigneeId: try id("assignee_id"), assigneeName: try row.decode(column: "assignee_name", as: String?.self),
            productId: try id("product_id"), orderId: try id("order_id"),
            language: Language(rawValue: try row.decode(column: "language", as: String.self)) ?? .fa,
            mergedIntoId: try id("merged_into_id"), threadId: try id("thread_id"),
            firstResponseAt: try at("first_response_at"), resolvedAt: try at("resolved_at"), closedAt: try at("closed_at"),
            waitingSince: try at("waiting_since"), slaPolicyId: try id("sla_policy_id"), firstResponseDueAt: try at("first_response_due_at"),
            nextResponseDueAt: try at("next_response_due_at"), resolutionDueAt: try at("resolution_due_at"),
            lastMessageAt: Clock.date(try row.decode(column: "last_message_at", as: Int64.self)), createdBy: try id("created_by"),
            version: try row.decode(column: "version", as: Int.self),
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Clock.date(try row.decode(column: "updated_at", as: Int64.self)))
        ticket.escalationLevel = try row.decode(column: "escalation_level", as: Int?.self) ?? 0
        return ticket
    }

    /// The nearest running due instant of a ticket being worked (new or open), in SQL: the sort key
    /// of `sort=due`, `Int64.max` when nothing runs (so those come last). Dialect-specific only in
    /// the name of the smallest-of function.
    static func dueKey(_ db: any SQLDatabase) -> String {
        let never = String(Int64.max)
        let least = db.storeDialect == .postgres ? "LEAST" : "MIN"
        return """
            (CASE WHEN t.status IN ('new', 'open') THEN \(least)(COALESCE(CASE WHEN t.first_response_at IS NULL THEN t.first_response_due_at END, \(never)),
              COALESCE(t.next_response_due_at, \(never)), COALESCE(CASE WHEN t.resolved_at IS NULL THEN t.resolution_due_at END, \(never))) ELSE \(never) END)
            """
    }

    /// A ticket read inside the caller's transaction (locked for the rest of it on PostgreSQL).
    static func fetch(_ db: any SQLDatabase, _ id: Int64, lock: Bool = false) async throws -> Ticket {
        let suffix = lock && db.storeDialect == .postgres ? " FOR UPDATE OF t" : ""
        guard let row = try await db.raw("""
            SELECT \(unsafeRaw: columns) \(unsafeRaw: from) WHERE t.id = \(bind: id) AND t.deleted_at IS NULL\(unsafeRaw: suffix)
            """).first() else {
            throw StoreError.notFound(entity: "ticket", id: String(id))
        }
        return try ticket(row)
    }

    /// Tickets a person reaches: every one for roles that reach every customer; else those of the
    /// customers they reach and those given to them.
    static func scope(_ principal: Principal) -> SQLQueryString {
        guard principal.customerScope == .ownedOrShared else { return "" }
        return " AND (t.assignee_id = \(bind: principal.userId) OR \(SalesReach.customer("t.customer_id", principal)))"
    }

    /// Refuses a ticket the person does not reach with the same 404 as a missing one.
    static func checkReach(_ db: any SQLDatabase, _ ticket: Ticket, by principal: Principal) async throws {
        guard principal.customerScope == .ownedOrShared, ticket.assigneeId != principal.userId else { return }
        let row = try await db.raw("SELECT id FROM customers WHERE id = \(bind: ticket.customerId) AND \(SalesReach.customer("id", principal))").first()
        if row == nil { throw StoreError.notFound(entity: "ticket", id: String(ticket.id)) }
    }

    static func message(_ row: any SQLRow) throws -> TicketMessage {
        TicketMessage(
            id: try row.decode(column: "id", as: Int64.self), ticketId: try row.decode(column: "ticket_id", as: Int64.self),
            direction: TicketMessageDirection(rawValue: try row.decode(column: "direction", as: String.self)) ?? .note,
            isPublic: try row.decode(column: "visibility", as: String.self) == "public",
            channel: try row.decode(column: "channel", as: String.self), authorId: try row.decode(column: "author_user_id", as: Int64?.self),
            authorName: try row.decode(column: "author_name", as: String?.self), body: try row.decode(column: "body", as: String.self),
            interactionId: try row.decode(column: "interaction_id", as: Int64?.self),
            channelMessageId: try row.decode(column: "channel_message_id", as: Int64?.self),
            deliveryStatus: try row.decode(column: "delivery_status", as: String?.self),
            mergedFromId: try row.decode(column: "merged_from_id", as: Int64?.self),
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)))
    }

    /// The number a new ticket gets: `T-1405-000001`, counted per Jalali year.
    static func number(_ db: any SQLDatabase, at now: Date) async throws -> String {
        let year = Tehran.day(of: now).year
        let digits = String(try await NumberSequence.next(db, series: "ticket", year: year))
        return "T-\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
