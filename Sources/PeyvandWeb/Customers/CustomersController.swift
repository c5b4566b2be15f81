import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/customers`: list, create, read, update (PATCH with If-Match), soft-delete, restore, audit.
struct CustomersController {
    let customers: CustomerRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("customers", use: list)
        group.post("customers", use: create)
        group.get("customers/:id", use: show)
        group.patch("customers/:id", use: update)
        group.delete("customers/:id", use: delete)
        group.post("customers/:id/restore", use: restore)
        group.get("customers/:id/audit", use: audit)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try Self.query(request)
        let page = try await customers.list(query, by: try context.principal())
        let classes = try await Satisfaction(customers.database).classes(of: page.items.map(\.id))  // satisfaction classes
        return try JSONResponse.make(ListBody(items: page.items.map { CustomerDTO($0, satisfaction: classes[$0.id]) }, next: page.next))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var body = try await JSONBody.read(request, context)
        body.allow(only: CustomerInput.apiFields)
        var input = CustomerInput()
        input.apply(&body)
        try Self.check(body, input)
        let customer = try await customers.create(input, by: try context.principal())
        return try JSONResponse.make(CustomerDTO(customer), status: .created, headers: [
            .location: "/api/v1/customers/\(customer.id)", .eTag: "\"\(customer.version)\"",
        ])
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let customer = try await customers.get(try Self.id(context), by: try context.principal())
        let classes = try await Satisfaction(customers.database).classes(of: [customer.id])  // satisfaction classes
        return try JSONResponse.make(CustomerDTO(customer, satisfaction: classes[customer.id]), headers: [.eTag: "\"\(customer.version)\""])
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try Self.id(context)
        let principal = try context.principal()
        var expected: Int?
        if let header = request.headers[.ifMatch] {
            let trimmed = header.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "")
                .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard let version = Int(trimmed) else {
                throw Problem.badRequest("If-Match must be the customer's version, e.g. \"3\"", field: "If-Match")
            }
            expected = version
        }
        var body = try await JSONBody.read(request, context)
        body.allow(only: CustomerInput.apiFields)
        let current = try await customers.get(id, by: principal)
        var input = CustomerInput(current.fields)
        input.apply(&body)
        try Self.check(body, input)
        let customer = try await customers.update(id, with: input, expectedVersion: expected, by: principal)
        return try JSONResponse.make(CustomerDTO(customer), headers: [.eTag: "\"\(customer.version)\""])
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await customers.delete(try Self.id(context), by: try context.principal())
        return Response(status: .noContent)
    }

    @Sendable func restore(_ request: Request, context: AppRequestContext) async throws -> Response {
        let customer = try await customers.restore(try Self.id(context), by: try context.principal())
        return try JSONResponse.make(CustomerDTO(customer), headers: [.eTag: "\"\(customer.version)\""])
    }

    @Sendable func audit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let limit = try ListQuery.limit(request)
        let before = try ListQuery.after(request, Cursor.decode)
        let entries = try await customers.audit(try Self.id(context), by: try context.principal(), limit: limit + 1, before: before)
        let items = entries.prefix(limit).map(AuditDTO.init)
        let next = entries.count > limit ? entries.prefix(limit).last.map { Cursor.encode($0.id) } : nil
        return try JSONResponse.make(ListBody(items: Array(items), next: next))
    }

    /// Reports wrong JSON types together with every other problem of the input, in one answer.
    static func check(_ body: JSONBody, _ input: CustomerInput) throws {
        guard !body.issues.isEmpty else { return }
        var issues = body.issues
        do { _ = try input.validated() } catch { issues += error.issues }
        throw Problem.validation(ValidationError(issues))
    }

    // MARK: - parameters

    static func id(_ context: AppRequestContext) throws -> Int64 {
        try RouteID.require(context, resource: "customer")
    }

    static func query(_ request: Request) throws -> CustomerQuery {
        do { return try CustomerQuery.parse(FormData.query(request).pairs) } catch {
            throw Problem(.badRequest, "bad-request", "Malformed request",
                          detail: error.issues.map { "\($0.field): \($0.reason)" }.joined(separator: "; "), errors: error.issues)
        }
    }
}

struct AuditDTO: Encodable {
    let id: String
    let at: Date
    let actorId: String?
    let actorName: String?
    let action: String
    let field: String?
    let before: String?
    let after: String?

    init(_ e: AuditEntry) {
        id = String(e.id)
        at = e.at
        actorId = e.actorId.map(String.init)
        actorName = e.actorName
        action = e.action
        field = e.field
        before = e.before
        after = e.after
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(at, forKey: .at)
        try c.encode(actorId, forKey: .actorId)
        try c.encode(actorName, forKey: .actorName)
        try c.encode(action, forKey: .action)
        try c.encode(field, forKey: .field)
        try c.encode(before, forKey: .before)
        try c.encode(after, forKey: .after)
    }

    enum CodingKeys: String, CodingKey { case id, at, actorId, actorName, action, field, before, after }
}
