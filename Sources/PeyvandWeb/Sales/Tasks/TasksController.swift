import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/tasks`: list (assignee, status, due range, customer, deal), create, read, update
/// (PATCH with If-Match), complete, reopen, cancel.
struct TasksController {
    let tasks: TaskRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("tasks", use: list)
        group.post("tasks", use: create)
        group.get("tasks/:id", use: show)
        group.patch("tasks/:id", use: update)
        group.post("tasks/:id/complete", use: complete)
        group.post("tasks/:id/reopen", use: reopen)
        group.post("tasks/:id/cancel", use: cancel)
    }

    static let fields: Set<String> = ["title", "notes", "dueAt", "remindAt", "assigneeId", "customerId", "dealId"]

    /// The body's members over `base` (a PATCH changes only what it names; null clears).
    static func input(_ body: inout JSONBody, over base: TaskInput) -> TaskInput {
        body.allow(only: fields)
        var input = base
        if body.has("title") { input.title = body.string("title") }
        if body.has("notes") { input.notes = body.string("notes") }
        if body.has("dueAt") { input.dueAt = body.instant("dueAt") }
        if body.has("remindAt") { input.remindAt = body.instant("remindAt") }
        if body.has("assigneeId") { input.assigneeId = SalesAPI.id(&body, "assigneeId") }
        if body.has("customerId") { input.customerId = SalesAPI.id(&body, "customerId") }
        if body.has("dealId") { input.dealId = SalesAPI.id(&body, "dealId") }
        return input
    }

    static func base(_ t: SalesTask) -> TaskInput {
        TaskInput(title: t.title, notes: t.notes, dueAt: t.dueAt, remindAt: t.remindAt, assigneeId: t.assigneeId, customerId: t.customerId, dealId: t.dealId)
    }

    static func answer(_ task: SalesTask, status: HTTPResponse.Status = .ok) throws -> Response {
        var headers: HTTPFields = [.eTag: "\"\(task.version)\""]
        if status == .created { headers[.location] = "/api/v1/tasks/\(task.id)" }
        return try JSONResponse.make(TaskDTO(task), status: status, headers: headers)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let q = FormData.query(request)
        var query = TaskQuery(limit: try ListQuery.limit(request))
        query.assigneeId = try SalesAPI.queryId(q, "assigneeId")
        if let raw = q.get("status"), !raw.isEmpty {
            guard let status = TaskStatus(rawValue: raw) else { throw Problem.badRequest("status must be open, done or cancelled", field: "status") }
            query.status = status
        }
        query.dueFrom = try SalesAPI.queryInstant(q, "dueFrom")
        query.dueTo = try SalesAPI.queryInstant(q, "dueTo")
        query.customerId = try SalesAPI.queryId(q, "customerId")
        query.dealId = try SalesAPI.queryId(q, "dealId")
        query.after = try ListQuery.after(request, TaskCursor.decode)
        let page = try await tasks.list(query, by: principal)
        return try JSONResponse.make(ListBody(items: page.items.map(TaskDTO.init), next: page.next))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        var body = try await JSONBody.read(request, context)
        let input = Self.input(&body, over: TaskInput())
        try body.check()
        return try Self.answer(try await tasks.create(input, by: principal), status: .created)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try Self.answer(try await tasks.get(try RouteID.require(context, resource: "task"), by: try context.principal()))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let id = try RouteID.require(context, resource: "task")
        let expected = try SalesAPI.ifMatch(request, resource: "task")
        var body = try await JSONBody.read(request, context)
        let current = try await tasks.get(id, by: principal)
        let input = Self.input(&body, over: Self.base(current))
        try body.check()
        return try Self.answer(try await tasks.update(id, input, expectedVersion: expected, by: principal))
    }

    @Sendable func complete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try Self.answer(try await tasks.complete(try RouteID.require(context, resource: "task"), expectedVersion: try SalesAPI.ifMatch(request, resource: "task"),
                                                 by: try context.principal()))
    }

    @Sendable func reopen(_ request: Request, context: AppRequestContext) async throws -> Response {
        try Self.answer(try await tasks.reopen(try RouteID.require(context, resource: "task"), expectedVersion: try SalesAPI.ifMatch(request, resource: "task"),
                                               by: try context.principal()))
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        try Self.answer(try await tasks.cancel(try RouteID.require(context, resource: "task"), expectedVersion: try SalesAPI.ifMatch(request, resource: "task"),
                                               by: try context.principal()))
    }
}
