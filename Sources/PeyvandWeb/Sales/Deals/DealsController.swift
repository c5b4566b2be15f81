import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/deals`: list, create, read, change (PATCH with If-Match), move across stages, win,
/// lose, reopen, stage history, delete and restore.
struct DealsController {
    let deals: Deals

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("deals", use: list)
        group.post("deals", use: create)
        group.get("deals/:id", use: show)
        group.patch("deals/:id", use: update)
        group.delete("deals/:id", use: delete)
        group.post("deals/:id/restore", use: restore)
        group.post("deals/:id/move", use: move)
        group.post("deals/:id/won", use: won)
        group.post("deals/:id/lost", use: lost)
        group.post("deals/:id/reopen", use: reopen)
        group.get("deals/:id/history", use: history)
    }

    static let fields: Set<String> = ["title", "pipelineId", "stageId", "customerId", "ownerId", "amount", "currency", "probability",
                                      "expectedCloseDate", "nextStep", "source", "contactIds", "lines"]
    static let lineFields: Set<String> = ["productId", "sku", "description", "quantity", "unitPrice"]
    /// What PATCH may change: the stage moves by `move`, the pipeline not at all.
    static let updateFields = fields.subtracting(["pipelineId", "stageId"])

    static func input(_ body: inout JSONBody) -> DealInput {
        var input = DealInput(title: body.string("title"), amount: body.decimal("amount"), currency: body.string("currency"),
                              nextStep: body.string("nextStep"), source: body.string("source"))
        input.pipelineId = id(&body, "pipelineId")
        input.stageId = id(&body, "stageId")
        input.customerId = id(&body, "customerId")
        input.ownerId = id(&body, "ownerId")
        input.probability = body.int("probability", in: 0...100)
        if let text = body.string("expectedCloseDate") {
            if let day = DealDates.parse(text) { input.expectedClose = day } else {
                body.append(FieldIssue(field: "expectedCloseDate", reason: "must be a date as YYYY-MM-DD", code: "date.format"))
            }
        }
        for key in ["ownerId", "probability", "expectedCloseDate", "nextStep", "source"] where body.isNull(key) {
            input.clearing.insert(key == "expectedCloseDate" ? "expectedClose" : key)
        }
        if let raw = body.strings("contactIds", max: 50) {
            input.contactIds = raw.enumerated().compactMap { i, s in
                if let v = Int64(s), v > 0 { return v }
                body.append(FieldIssue(field: "contactIds[\(i)]", reason: "must be a customer id", code: "json.id"))
                return nil
            }
        } else if body.isNull("contactIds") { input.contactIds = [] }
        if let lines = body.objects("lines", max: 200) {
            input.lines = []
            for (i, var line) in lines.enumerated() {
                line.allow(only: lineFields)
                let quantity = line.decimal("quantity")
                if quantity == nil { line.append(FieldIssue(field: "quantity", reason: "is required", code: "required")) }
                input.lines?.append(DealLineInput(productId: id(&line, "productId"), sku: line.string("sku"), description: line.string("description"),
                                                  quantity: quantity ?? "1", unitPrice: line.decimal("unitPrice")))
                body.absorb(line, as: "lines[\(i)]")
            }
        } else if body.isNull("lines") { input.lines = [] }
        return input
    }

    static func id(_ body: inout JSONBody, _ key: String) -> Int64? {
        guard let raw = body.id(key) else { return nil }
        guard let v = Int64(raw), v > 0 else {
            body.append(FieldIssue(field: key, reason: "must be an id", code: "json.id"))
            return nil
        }
        return v
    }

    /// The version an `If-Match` header names (`"3"`, `W/"3"` or `3`); nil without one.
    static func expectedVersion(_ request: Request) throws -> Int? {
        guard let header = request.headers[.ifMatch] else { return nil }
        let trimmed = header.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "W/", with: "")
            .trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(trimmed), version >= 0 else { throw Problem.badRequest("If-Match must be the deal's version, e.g. \"3\"", field: "If-Match") }
        return version
    }

    static func respond(_ deal: Deal, status: HTTPResponse.Status = .ok, location: Bool = false) throws -> Response {
        var headers: HTTPFields = [.eTag: "\"\(deal.version)\""]
        if location { headers[.location] = "/api/v1/deals/\(deal.id)" }
        return try JSONResponse.make(DealDTO(deal), status: status, headers: headers)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let filter = try Self.filter(request)
        let page = try await deals.list(filter, after: try ListQuery.after(request, Cursor.decode), limit: try ListQuery.limit(request),
                                        by: try context.principal())
        return try JSONResponse.make(ListBody(items: page.items.map(DealDTO.init), next: page.next))
    }

    /// The list's and board's query: `pipelineId`, `stageId`, `status`, `ownerId`, `customerId`,
    /// `closeFrom`, `closeTo` (YYYY-MM-DD), `q`, `deleted`; each wrong one a 400 naming it.
    static func filter(_ request: Request) throws -> DealFilter {
        let query = FormData.query(request)
        var filter = DealFilter()
        func id(_ name: String) throws -> Int64? {
            guard let raw = query.get(name), !raw.isEmpty else { return nil }
            guard let v = Int64(raw), v > 0 else { throw Problem.badRequest("\(name) must be an id", field: name) }
            return v
        }
        func day(_ name: String) throws -> JalaliDate? {
            guard let raw = query.get(name), !raw.isEmpty else { return nil }
            guard let d = DealDates.parse(raw) else { throw Problem.badRequest("\(name) must be a date as YYYY-MM-DD", field: name) }
            return d
        }
        filter.pipelineId = try id("pipelineId")
        filter.stageId = try id("stageId")
        filter.ownerId = try id("ownerId") ?? id("owner")
        filter.customerId = try id("customerId")
        filter.closeFrom = try day("closeFrom")
        filter.closeTo = try day("closeTo")
        if let raw = query.get("status"), !raw.isEmpty {
            guard let s = DealStatus(rawValue: raw) else { throw Problem.badRequest("status must be one of open, won, lost", field: "status") }
            filter.status = s
        }
        if let q = query.get("q") {
            guard q.count <= 100 else { throw Problem.badRequest("q must be at most 100 characters", field: "q") }
            filter.q = q
        }
        if let raw = query.get("deleted") {
            guard raw == "true" || raw == "false" else { throw Problem.badRequest("deleted must be true or false", field: "deleted") }
            filter.deleted = raw == "true"
        }
        return filter
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        var body = try await JSONBody.read(request, context)
        body.allow(only: Self.fields)
        let input = Self.input(&body)
        if input.title == nil { body.append(FieldIssue(field: "title", reason: "is required", code: "required")) }
        if input.customerId == nil, !body.has("customerId") { body.append(FieldIssue(field: "customerId", reason: "is required", code: "required")) }
        try body.check()
        return try Self.respond(try await deals.create(input, by: try context.principal()), status: .created, location: true)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try Self.respond(try await deals.get(try RouteID.require(context, resource: "deal"), by: try context.principal()))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "deal")
        let expected = try Self.expectedVersion(request)
        var body = try await JSONBody.read(request, context)
        body.allow(only: Self.updateFields)
        let input = Self.input(&body)
        if body.isNull("title") { body.append(FieldIssue(field: "title", reason: "is required", code: "required")) }
        if body.isNull("customerId") { body.append(FieldIssue(field: "customerId", reason: "is required", code: "required")) }
        try body.check()
        return try Self.respond(try await deals.update(id, input, expectedVersion: expected, by: try context.principal()))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await deals.delete(try RouteID.require(context, resource: "deal"), by: try context.principal())
        return Response(status: .noContent)
    }

    @Sendable func restore(_ request: Request, context: AppRequestContext) async throws -> Response {
        try Self.respond(try await deals.restore(try RouteID.require(context, resource: "deal"), by: try context.principal()))
    }

    @Sendable func move(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "deal")
        let expected = try Self.expectedVersion(request)
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["stageId"])
        let stage = Self.id(&body, "stageId")
        if stage == nil, !body.issues.contains(where: { $0.field == "stageId" }) {
            body.append(FieldIssue(field: "stageId", reason: "is required", code: "required"))
        }
        try body.check()
        return try Self.respond(try await deals.move(id, toStage: stage ?? 0, expectedVersion: expected, by: try context.principal()))
    }

    func close(_ request: Request, _ context: AppRequestContext, won: Bool) async throws -> Response {
        let id = try RouteID.require(context, resource: "deal")
        let expected = try Self.expectedVersion(request)
        var reason: String?, competitor: String?
        if var body = try await JSONBody.readOptional(request, context) {
            body.allow(only: ["reason", "competitor"])
            reason = body.string("reason")
            competitor = body.string("competitor")
            try body.check()
        }
        return try Self.respond(try await deals.close(id, won: won, reason: reason, competitor: competitor, expectedVersion: expected,
                                                      by: try context.principal()))
    }

    @Sendable func won(_ request: Request, context: AppRequestContext) async throws -> Response { try await close(request, context, won: true) }
    @Sendable func lost(_ request: Request, context: AppRequestContext) async throws -> Response { try await close(request, context, won: false) }

    @Sendable func reopen(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "deal")
        let expected = try Self.expectedVersion(request)
        return try Self.respond(try await deals.reopen(id, expectedVersion: expected, by: try context.principal()))
    }

    @Sendable func history(_ request: Request, context: AppRequestContext) async throws -> Response {
        let visits = try await deals.history(try RouteID.require(context, resource: "deal"), by: try context.principal())
        let now = Date()
        return try JSONResponse.make(ListBody(items: visits.map { DealStageVisitDTO($0, now: now) }, next: nil))
    }
}
