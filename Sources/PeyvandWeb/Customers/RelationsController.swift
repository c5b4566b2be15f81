import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/customers/{id}/relations`: referrals and parent companies.
struct RelationsController {
    let relations: CustomerRelations

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("customers/:id/relations", use: list)
        group.post("customers/:id/relations", use: add)
        group.delete("customers/:id/relations/:kind/:relatedId", use: remove)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let items = try await relations.list(of: try RouteID.require(context, resource: "customer"), by: try context.principal()).map(RelationDTO.init)
        return try JSONResponse.make(ListBody(items: items, next: nil))
    }

    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "customer")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["kind", "relatedId"])
        let kindText = body.string("kind")
        let related = body.id("relatedId")
        var issues = body.issues
        let kind = kindText.flatMap(RelationKind.init(rawValue:))
        if kind == nil { issues.append(FieldIssue(field: "kind", reason: "must be referred-by or parent-company", code: "choice.unknown")) }
        let relatedId = related.flatMap { Int64($0) }
        if relatedId == nil { issues.append(FieldIssue(field: "relatedId", reason: "must be a customer id", code: "json.id")) }
        guard let kind, let relatedId, issues.isEmpty else { throw Problem.validation(ValidationError(issues)) }
        let principal = try context.principal()
        try await relations.add(kind, from: id, to: relatedId, by: principal)
        let items = try await relations.list(of: id, by: principal).map(RelationDTO.init)
        return try JSONResponse.make(ListBody(items: items, next: nil), status: .created)
    }

    @Sendable func remove(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "customer")
        guard let kind = context.parameters.get("kind").flatMap(RelationKind.init(rawValue:)),
              let relatedId = context.parameters.get("relatedId").flatMap({ Int64($0) }) else {
            throw Problem(.notFound, "not-found", "Not found", detail: "no such relation")
        }
        try await relations.remove(kind, from: id, to: relatedId, by: try context.principal())
        return Response(status: .noContent)
    }
}

struct RelationDTO: Encodable {
    let kind: String
    let direction: String
    let customer: CustomerDTO

    init(_ r: CustomerRelation) {
        kind = r.kind.rawValue
        direction = r.incoming ? "incoming" : "outgoing"
        customer = CustomerDTO(r.other)
    }
}
