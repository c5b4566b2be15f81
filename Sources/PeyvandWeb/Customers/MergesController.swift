import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/duplicates`, `/api/v1/customers/{id}/merge`, `/api/v1/merges/{id}/undo`.
struct MergesController {
    let finder: DuplicateFinder
    let merges: MergeService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("duplicates", use: duplicates)
        group.post("customers/:id/merge", use: merge)
        group.post("merges/:id/undo", use: undo)
    }

    @Sendable func duplicates(_ request: Request, context: AppRequestContext) async throws -> Response {
        let limit = try ListQuery.limit(request)
        let after = try ListQuery.after(request, DuplicateCursor.init(encoded:))
        let pairs = try await finder.pairs(limit: limit + 1, after: after, by: try context.principal())
        let next = pairs.count > limit ? pairs.prefix(limit).last.map { DuplicateCursor(after: $0).encoded } : nil
        return try JSONResponse.make(ListBody(items: pairs.prefix(limit).map(DuplicateDTO.init), next: next))
    }

    @Sendable func merge(_ request: Request, context: AppRequestContext) async throws -> Response {
        let targetId = try RouteID.require(context, resource: "customer")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["sourceId"])
        let source = body.id("sourceId")
        if source == nil, !body.has("sourceId") { body.append(FieldIssue(field: "sourceId", reason: "is required", code: "required")) }
        try body.check()
        guard let sourceId = source.flatMap({ Int64($0) }) else {
            throw Problem.validation(ValidationError(field: "sourceId", reason: "must be a customer id", code: "json.id"))
        }
        let record = try await merges.merge(sourceId, into: targetId, by: try context.principal())
        return try JSONResponse.make(MergeDTO(record), status: .created, headers: [.location: "/api/v1/merges/\(record.id)"])
    }

    @Sendable func undo(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(MergeDTO(try await merges.undo(try RouteID.require(context, resource: "merge"), by: try context.principal())))
    }
}

struct DuplicateDTO: Encodable {
    let first: CustomerDTO
    let second: CustomerDTO
    let score: Double
    let reasons: [String]

    init(_ p: DuplicatePair) {
        first = CustomerDTO(p.first)
        second = CustomerDTO(p.second)
        score = p.score
        reasons = p.reasons
    }
}

struct MergeDTO: Encodable {
    let id: String
    let targetId: String
    let sourceId: String
    let mergedAt: Date
    let undoneAt: Date?

    init(_ m: MergeRecord) {
        id = String(m.id)
        targetId = String(m.targetId)
        sourceId = String(m.sourceId)
        mergedAt = m.mergedAt
        undoneAt = m.undoneAt
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(targetId, forKey: .targetId)
        try c.encode(sourceId, forKey: .sourceId)
        try c.encode(mergedAt, forKey: .mergedAt)
        try c.encode(undoneAt, forKey: .undoneAt)
    }

    enum CodingKeys: String, CodingKey { case id, targetId, sourceId, mergedAt, undoneAt }
}
