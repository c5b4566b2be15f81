import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/tickets`: list (queue, status, teamId, assigneeId, customerId, priority, category, q),
/// open, read, change (PATCH with If-Match), the thread (GET; POST a reply or an internal note),
/// the assignment history (GET; POST to hand on with a reason) and merge.
struct TicketsController {
    let tickets: Tickets

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("tickets", use: list)
        group.post("tickets", use: create)
        group.get("tickets/:id", use: show)
        group.patch("tickets/:id", use: update)
        group.get("tickets/:id/messages", use: messages)
        group.post("tickets/:id/messages", use: addMessage)
        group.get("tickets/:id/assignment", use: assignments)
        group.get("tickets/:id/history", use: history)
        group.post("tickets/:id/assignment", use: assign)
        group.post("tickets/:id/merge", use: merge)
    }

    static func id(_ context: AppRequestContext) throws -> Int64 { try RouteID.require(context, resource: "ticket") }

    /// The version `If-Match` names, if it is there.
    static func ifMatch(_ request: Request) throws -> Int? {
        guard let header = request.headers[.ifMatch] else { return nil }
        let trimmed = header.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "")
            .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(trimmed) else { throw Problem.badRequest("If-Match must be the ticket's version, e.g. \"3\"", field: "If-Match") }
        return version
    }

    static func enumValue<T: RawRepresentable & CaseIterable>(_ raw: String?, _ field: String, strict: Bool) throws -> T? where T.RawValue == String {
        guard let raw, !raw.isEmpty || strict else { return nil }
        guard let v = T(rawValue: raw) else {
            throw Problem.badRequest("\(field) must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))", field: field)
        }
        return v
    }

    static func idParam(_ raw: String?, _ field: String, strict: Bool) throws -> Int64? {
        guard let raw, !raw.isEmpty || strict else { return nil }
        guard let id = Int64(raw), id > 0 else { throw Problem.badRequest("\(field) must be an id", field: field) }
        return id
    }

    /// The list's filters. `strict` (the API): an empty filter is refused; the page's form sends them empty for "all".
    static func query(_ request: Request, strict: Bool = true) throws -> TicketQuery {
        let p = FormData.query(request)
        var query = TicketQuery(limit: try ListQuery.limit(request))
        query.queue = try enumValue(p.get("queue"), "queue", strict: strict)
        query.status = try enumValue(p.get("status"), "status", strict: strict)
        query.priority = try enumValue(p.get("priority"), "priority", strict: strict)
        query.category = try enumValue(p.get("category"), "category", strict: strict)
        query.teamId = try idParam(p.get("teamId"), "teamId", strict: strict)
        query.assigneeId = try idParam(p.get("assigneeId"), "assigneeId", strict: strict)
        query.customerId = try idParam(p.get("customerId"), "customerId", strict: strict)
        if let q = p.get("q") {
            if q.unicodeScalars.count > 200 { throw Problem.badRequest("q must be at most 200 characters", field: "q") }
            query.q = q
        }
        query.after = try ListQuery.after(request, Cursor.decode)
        return query
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await tickets.list(try Self.query(request), by: try context.principal())
        return try JSONResponse.make(ListBody(items: page.items.map(TicketDTO.init), next: page.next))
    }

    static let createFields: Set<String> = ["customerId", "contactId", "subject", "body", "channel", "category", "priority", "productId",
                                            "orderId", "language", "assigneeId", "teamId"]

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.ticketsWrite, to: "open tickets")
        var body = try await JSONBody.read(request, context)
        body.allow(only: Self.createFields)
        var input = TicketInput(customerId: body.id("customerId"), contactId: body.id("contactId"), subject: body.string("subject"),
                                body: body.string("body"), channel: body.string("channel"), category: body.string("category"),
                                priority: body.string("priority"), productId: body.id("productId"), orderId: body.id("orderId"),
                                language: body.string("language"), assigneeId: body.id("assigneeId"), teamId: body.id("teamId"))
        if input.channel == nil { input.channel = "api" }
        if !body.issues.isEmpty {
            var issues = body.issues
            do { _ = try input.validated() } catch { issues += error.issues.filter { i in !issues.contains { $0.field == i.field } } }
            throw Problem.validation(ValidationError(issues))
        }
        let ticket = try await tickets.open(input, by: principal)
        return try JSONResponse.make(TicketDTO(ticket), status: .created,
                                     headers: [.location: "/api/v1/tickets/\(ticket.id)", .eTag: "\"\(ticket.version)\""])
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let ticket = try await tickets.get(try Self.id(context), by: try context.principal())
        return try JSONResponse.make(TicketDTO(ticket), headers: [.eTag: "\"\(ticket.version)\""])
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let principal = try context.principal()
        try principal.require(.ticketsWrite, to: "change tickets")
        let expected = try Self.ifMatch(request)
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["status", "priority", "category", "subject"])
        var change = TicketChange()
        func pick<T: RawRepresentable & CaseIterable>(_ key: String, _ allowed: [T]) -> T? where T.RawValue == String {
            guard let raw = body.string(key) else { return nil }
            guard let v = T(rawValue: raw), allowed.contains(where: { $0.rawValue == v.rawValue }) else {
                let all = allowed.map(\.rawValue).joined(separator: ", ")
                body.append(FieldIssue(field: key, reason: "must be one of \(all)", code: "choice.unknown", params: ["allowed": all]))
                return nil
            }
            return v
        }
        change.status = pick("status", TicketStatus.settable)
        change.priority = pick("priority", Array(TicketPriority.allCases))
        change.category = pick("category", Array(TicketCategory.allCases))
        change.subject = body.string("subject")
        try body.check()
        let ticket = try await tickets.change(id, change, expectedVersion: expected, by: principal)
        return try JSONResponse.make(TicketDTO(ticket), headers: [.eTag: "\"\(ticket.version)\""])
    }

    @Sendable func messages(_ request: Request, context: AppRequestContext) async throws -> Response {
        let items = try await tickets.messages(try Self.id(context), by: try context.principal())
        return try JSONResponse.make(ListBody(items: items.map(TicketMessageDTO.init), next: nil))
    }

    @Sendable func addMessage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let principal = try context.principal()
        try principal.require(.ticketsWrite, to: "answer tickets")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["body", "visibility", "attachmentIds"])
        let text = body.string("body")
        if text == nil, !body.issues.contains(where: { $0.field == "body" }) { body.append(FieldIssue(field: "body", reason: "is required", code: "required")) }
        let visibility = body.string("visibility") ?? "public"
        if visibility != "public" && visibility != "internal" {
            body.append(FieldIssue(field: "visibility", reason: "must be public or internal", code: "choice.unknown", params: ["allowed": "public, internal"]))
        }
        var documentIds: [Int64] = []
        if let ids = body.strings("attachmentIds", max: Tickets.maxFiles) {
            documentIds = ids.compactMap { Int64($0) }.filter { $0 > 0 }
            if documentIds.count != ids.count { body.append(FieldIssue(field: "attachmentIds", reason: "document ids", code: "id.invalid")) }
        }
        try body.check()
        let message = try await tickets.addMessage(id, body: text ?? "", internal: visibility == "internal", documentIds: documentIds, by: principal)
        return try JSONResponse.make(TicketMessageDTO(message), status: .created)
    }

    @Sendable func assignments(_ request: Request, context: AppRequestContext) async throws -> Response {
        let items = try await tickets.assignments(try Self.id(context), by: try context.principal())
        return try JSONResponse.make(ListBody(items: items.map(TicketAssignmentDTO.init), next: nil))
    }

    /// The ticket's audit trail, newest first, paged like a customer's (`after`, `limit`).
    @Sendable func history(_ request: Request, context: AppRequestContext) async throws -> Response {
        let limit = try ListQuery.limit(request)
        let before = try ListQuery.after(request, Cursor.decode)
        let entries = try await tickets.history(try Self.id(context), by: try context.principal(), limit: limit + 1, before: before)
        let next = entries.count > limit ? entries.prefix(limit).last.map { Cursor.encode($0.id) } : nil
        return try JSONResponse.make(ListBody(items: entries.prefix(limit).map(AuditDTO.init), next: next))
    }

    @Sendable func assign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let principal = try context.principal()
        try principal.require(.ticketsAssign, to: "reassign tickets")
        let expected = try Self.ifMatch(request)
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["assigneeId", "teamId", "reason"])
        let assignee = body.id("assigneeId")
        let team = body.id("teamId")
        let reason = body.string("reason")
        var ids: [String: Int64] = [:]
        for (field, raw) in [("assigneeId", assignee), ("teamId", team)] {
            guard let raw else { continue }
            if let v = Int64(raw), v > 0 { ids[field] = v } else { body.append(FieldIssue(field: field, reason: "must be an id", code: "id.invalid")) }
        }
        if reason == nil, !body.issues.contains(where: { $0.field == "reason" }) { body.append(FieldIssue(field: "reason", reason: "is required", code: "required")) }
        try body.check()
        let ticket = try await tickets.assign(id, to: ids["assigneeId"], team: ids["teamId"], reason: reason ?? "", expectedVersion: expected, by: principal)
        return try JSONResponse.make(TicketDTO(ticket), headers: [.eTag: "\"\(ticket.version)\""])
    }

    @Sendable func merge(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let principal = try context.principal()
        try principal.require(.ticketsAssign, to: "merge tickets")
        let expected = try Self.ifMatch(request)
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["intoId"])
        let raw = body.id("intoId")
        var into: Int64?
        if let raw { if let v = Int64(raw), v > 0 { into = v } else { body.append(FieldIssue(field: "intoId", reason: "must be an id", code: "id.invalid")) } }
        if raw == nil, !body.issues.contains(where: { $0.field == "intoId" }) { body.append(FieldIssue(field: "intoId", reason: "is required", code: "required")) }
        try body.check()
        let ticket = try await tickets.merge(id, into: into ?? 0, expectedVersion: expected, by: principal)
        return try JSONResponse.make(TicketDTO(ticket), headers: [.eTag: "\"\(ticket.version)\""])
    }
}
