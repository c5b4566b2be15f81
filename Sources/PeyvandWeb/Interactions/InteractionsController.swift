import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// Interactions, the merged timeline and caller lookup:
/// `/api/v1/customers/{id}/interactions`, `/api/v1/interactions/{id}`,
/// `/api/v1/customers/{id}/timeline`, `/api/v1/lookup?phone=`.
struct InteractionsController {
    let interactions: InteractionRepository
    let timeline: Timeline
    let customers: CustomerRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("customers/:id/interactions", use: list)
        group.post("customers/:id/interactions", use: create)
        group.get("customers/:id/timeline", use: timelinePage)
        group.get("interactions/:id", use: show)
        group.delete("interactions/:id", use: delete)
        group.get("lookup", use: lookup)
    }

    static let fields: Set<String> = [
        "kind", "channel", "direction", "occurredAt", "staffId", "subject", "body", "outcome", "durationSeconds", "cost",
    ]

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let customerId = try RouteID.require(context, resource: "customer")
        var body = try await JSONBody.read(request, context)
        body.allow(only: Self.fields)
        var input = InteractionInput(kind: body.string("kind"), channel: body.string("channel"), direction: body.string("direction"),
                                     staffId: body.id("staffId"), subject: body.string("subject"), body: body.string("body"),
                                     outcome: body.string("outcome"))
        if let staff = input.staffId, staff.trimmingCharacters(in: .whitespaces).isEmpty {
            body.append(FieldIssue(field: "staffId", reason: "must be a user id; leave it out to log as yourself", code: "id.user"))
        }
        if let when = body.string("occurredAt") {
            if let date = ListQuery.parseInstant(when) { input.occurredAt = date } else {
                body.append(FieldIssue(field: "occurredAt", reason: "must be an RFC 3339 instant, e.g. 2026-03-20T08:15:00Z", code: "instant.invalid"))
            }
        }
        input.durationSeconds = body.int("durationSeconds", in: 0...InteractionInput.Limits.maxDuration).map(String.init)
        if case .object(let cost)? = body.object["cost"] {
            if case .string(let amount)? = cost["amount"] { input.costAmount = amount } else { body.append(FieldIssue(field: "cost.amount", reason: "must be a decimal string", code: "json.decimal")) }
            if case .string(let currency)? = cost["currency"] { input.costCurrency = currency }
        } else if body.has("cost"), !body.isNull("cost") {
            body.append(FieldIssue(field: "cost", reason: "must be {\"amount\": \"…\", \"currency\": \"IRR\"}", code: "json.money"))
        }
        if !body.issues.isEmpty {
            var issues = body.issues
            do { _ = try input.validated() } catch { issues += error.issues.filter { i in !issues.contains { $0.field == i.field } } }
            throw Problem.validation(ValidationError(issues))
        }
        let interaction = try await interactions.create(customerId: customerId, input, by: try context.principal())
        return try JSONResponse.make(InteractionDTO(interaction), status: .created, headers: [.location: "/api/v1/interactions/\(interaction.id)"])
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(InteractionDTO(try await interactions.get(try RouteID.require(context, resource: "interaction"), by: try context.principal())))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await interactions.delete(try RouteID.require(context, resource: "interaction"), by: try context.principal())
        return Response(status: .noContent)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await timeline.page(of: try RouteID.require(context, resource: "customer"), try Self.query(request), by: try context.principal())
        let items = page.items.filter { $0.source == "interaction" }.map(TimelineEntryDTO.init)
        return try JSONResponse.make(ListBody(items: items, next: page.next))
    }

    @Sendable func timelinePage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let page = try await timeline.page(of: try RouteID.require(context, resource: "customer"), try Self.query(request), by: try context.principal())
        return try JSONResponse.make(ListBody(items: page.items.map(TimelineEntryDTO.init), next: page.next))
    }

    /// What a rep sees the moment the phone rings: the customers with this number, each with
    /// their latest interactions.
    @Sendable func lookup(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        guard let raw = FormData.query(request).get("phone"), !raw.isEmpty else {
            throw Problem.validation(ValidationError(field: "phone", reason: "is required", code: "required"))
        }
        guard raw.count <= 40 else { throw Problem.validation(ValidationError(field: "phone", reason: "must be at most 40 characters", code: "text.tooLong", params: ["max": "40"])) }
        let phone: PhoneNumber
        do { phone = try PhoneNumber(parsing: raw) } catch { throw Problem.validation(error) }
        var items: [LookupDTO] = []
        for customer in try await customers.find(phone: phone, by: principal) {
            let recent = try await timeline.page(of: customer.id, InteractionQuery(limit: 5), by: principal).items
            items.append(LookupDTO(customer: CustomerDTO(customer), recent: recent.map(TimelineEntryDTO.init)))
        }
        return try JSONResponse.make(LookupBody(phone: phone.e164, items: items))
    }

    static func query(_ request: Request) throws -> InteractionQuery {
        let p = FormData.query(request)
        var query = InteractionQuery(limit: try ListQuery.limit(request))
        if let k = p.get("kind"), !k.isEmpty {
            guard let kind = InteractionKind(rawValue: k) else { throw Problem.badRequest("unknown kind \(k.prefix(30))", field: "kind") }
            query.kind = kind
        }
        if let c = p.get("channel"), !c.isEmpty {
            guard let channel = ContactChannel(rawValue: c) else { throw Problem.badRequest("unknown channel \(c.prefix(30))", field: "channel") }
            query.channel = channel
        }
        if let s = p.get("staffId"), !s.isEmpty {
            guard let id = Int64(s), id > 0 else { throw Problem.badRequest("staffId must be a user id", field: "staffId") }
            query.staffId = id
        }
        for (name, keyPath) in [("from", \InteractionQuery.from), ("to", \InteractionQuery.to)] {
            if let v = p.get(name), !v.isEmpty {
                guard let date = ListQuery.parseInstant(v) ?? ListQuery.parseDay(v) else {
                    throw Problem.badRequest("\(name) must be a date (2026-03-20) or an RFC 3339 instant", field: name)
                }
                query[keyPath: keyPath] = date
            }
        }
        query.before = try ListQuery.after(request, TimelineCursor.decode)
        return query
    }
}
