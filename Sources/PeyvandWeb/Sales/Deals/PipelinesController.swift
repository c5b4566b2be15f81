import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/pipelines`: the pipelines with their stages (read with `sales.read`, changed with
/// `sales.configure`), and each pipeline's board.
struct PipelinesController {
    let pipelines: Pipelines
    let deals: Deals
    /// Keeps each reader's board as JSON while no deal, stage or pipeline changes.
    let forecast: SalesForecast

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("pipelines", use: list)
        group.post("pipelines", use: create)
        group.post("pipeline-order", use: reorder)
        group.get("pipelines/:id", use: show)
        group.patch("pipelines/:id", use: update)
        group.post("pipelines/:id/stages", use: addStage)
        group.patch("pipelines/:id/stages/:stage", use: updateStage)
        group.post("pipelines/:id/stage-order", use: reorderStages)
        group.get("pipelines/:id/board", use: board)
        group.get("pipelines/:id/board/:stage", use: column)
    }

    static func respond(_ p: Pipeline, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers: HTTPFields = [.eTag: "\"\(p.version)\""]
        if status == .created { headers[.location] = "/api/v1/pipelines/\(p.id)" }
        return try JSONResponse.make(PipelineDTO(p), status: status, headers: headers)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = FormData.query(request)
        var archived = false
        if let raw = query.get("archived") {
            guard raw == "true" || raw == "false" else { throw Problem.badRequest("archived must be true or false", field: "archived") }
            archived = raw == "true"
        }
        let items = try await pipelines.list(includeArchived: archived, by: try context.principal())
        return try JSONResponse.make(ListBody(items: items.map(PipelineDTO.init), next: nil))
    }

    static func stage(_ body: inout JSONBody) -> PipelineStageInput {
        PipelineStageInput(name: body.string("name"), probability: body.int("probability", in: 0...100), archived: body.bool("archived"))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["name", "stages"])
        let name = body.string("name")
        if name == nil { body.append(FieldIssue(field: "name", reason: "is required", code: "required")) }
        var stages: [PipelineStageInput] = []
        if let items = body.objects("stages", max: Pipelines.maxStages) {
            for (i, var item) in items.enumerated() {
                item.allow(only: ["name", "probability"])
                stages.append(Self.stage(&item))
                body.absorb(item, as: "stages[\(i)]")
            }
        } else if !body.has("stages") { body.append(FieldIssue(field: "stages", reason: "is required", code: "required")) }
        try body.check()
        return try Self.respond(try await pipelines.create(name: name ?? "", stages: stages, by: try context.principal()), status: .created)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try Self.respond(try await pipelines.get(try RouteID.require(context, resource: "pipeline"), by: try context.principal()))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "pipeline")
        let expected = try DealsController.expectedVersion(request)
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["name", "archived"])
        let name = body.string("name"), archived = body.bool("archived")
        try body.check()
        return try Self.respond(try await pipelines.update(id, name: name, archived: archived, expectedVersion: expected, by: try context.principal()))
    }

    @Sendable func reorder(_ request: Request, context: AppRequestContext) async throws -> Response {
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["pipelineIds"])
        let ids = Self.ids(&body, "pipelineIds")
        try body.check()
        let items = try await pipelines.reorder(ids, by: try context.principal())
        return try JSONResponse.make(ListBody(items: items.map(PipelineDTO.init), next: nil))
    }

    static func ids(_ body: inout JSONBody, _ key: String) -> [Int64] {
        guard let raw = body.strings(key, max: Pipelines.maxStages * 10) else {
            body.append(FieldIssue(field: key, reason: "is required", code: "required"))
            return []
        }
        return raw.enumerated().compactMap { i, s in
            if let v = Int64(s), v > 0 { return v }
            body.append(FieldIssue(field: "\(key)[\(i)]", reason: "must be an id", code: "json.id"))
            return nil
        }
    }

    @Sendable func addStage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "pipeline")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["name", "probability"])
        let input = Self.stage(&body)
        try body.check()
        return try Self.respond(try await pipelines.addStage(id, input, by: try context.principal()), status: .created)
    }

    @Sendable func updateStage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "pipeline")
        let stage = try RouteID.require(context, "stage", resource: "stage")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["name", "probability", "archived"])
        let input = Self.stage(&body)
        try body.check()
        return try Self.respond(try await pipelines.updateStage(id, stageId: stage, input, by: try context.principal()))
    }

    @Sendable func reorderStages(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "pipeline")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["stageIds"])
        let ids = Self.ids(&body, "stageIds")
        try body.check()
        return try Self.respond(try await pipelines.reorderStages(id, ids, by: try context.principal()))
    }

    /// `?ownerId=` (or `owner`), `closeFrom`, `closeTo`, `limit` (cards per column, default 20).
    @Sendable func board(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "pipeline")
        let filter = try DealsController.filter(request)
        let limit = FormData.query(request).get("limit") == nil ? 20 : try ListQuery.limit(request)
        let principal = try context.principal()
        // The cards as JSON are most of a board's cost: kept per reader and address while the
        // deals stay as they are (a moved card changes them at once).
        let key = "board:\(principal.userId):\(principal.role.rawValue):\(id):\(request.uri.query ?? "")"
        let body = try await forecast.kept(derived: key) { [deals] in
            try JSONResponse.encoder.encode(BoardDTO(try await deals.board(id, filter, perColumn: limit, by: principal)))
        }
        return JSONResponse.make(encoded: body)
    }

    /// One column's next cards: `{items, next}`.
    @Sendable func column(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "pipeline")
        let stage = try RouteID.require(context, "stage", resource: "stage")
        let principal = try context.principal()
        let pipeline = try await pipelines.get(id, by: principal)
        guard pipeline.stages.contains(where: { $0.id == stage }) else { throw StoreError.notFound(entity: "stage", id: String(stage)) }
        let filter = try DealsController.filter(request)
        let limit = FormData.query(request).get("limit") == nil ? 20 : try ListQuery.limit(request)
        let page = try await deals.column(pipeline: id, stage: stage, filter, after: try ListQuery.after(request, Cursor.decode), limit: limit, by: principal)
        return try JSONResponse.make(ListBody(items: page.items.map(DealDTO.init), next: page.next))
    }
}
