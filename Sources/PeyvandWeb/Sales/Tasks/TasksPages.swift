import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/tasks` (my day, overdue, upcoming, done; reminders due; quick add), `/tasks/new`,
/// `/tasks/{id}`, and the one-click complete, reopen and cancel forms.
struct TasksPages {
    let views: Views
    let tasks: TaskRepository
    let users: UserRepository
    let database: Database

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("tasks", use: list)
        group.post("tasks", use: create)
        group.get("tasks/new", use: new)
        group.get("tasks/:id", use: show)
        group.post("tasks/:id", use: update)
        group.post("tasks/:id/complete", use: complete)
        group.post("tasks/:id/reopen", use: reopen)
        group.post("tasks/:id/cancel", use: cancel)
    }

    var zone: TimeZone { views.formatting.timeZone }
    func text(_ context: AppRequestContext) -> PageText { PageText(views: views, lang: context.language, toman: context.toman) }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await renderList(request, context, form: nil, issues: [])
    }

    func renderList(_ request: Request, _ context: AppRequestContext, form: FormData?, issues: [FieldIssue],
                    status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let params = FormData.query(request)
        let view = params.get("view").flatMap(TaskQuery.View.init(rawValue:)) ?? .today
        let now = Date()
        var query = TaskQuery.view(view, for: principal.userId, now: now, zone: zone)
        query.after = try ListQuery.after(request, TaskCursor.decode)
        async let page = tasks.list(query, by: principal)
        async let counts = tasks.counts(for: principal.userId, now: now, zone: zone)
        async let reminders = tasks.dueReminders(for: principal.userId, now: now)
        let model = TasksModel(view: view, page: try await page, counts: try await counts, reminders: try await reminders, principal: principal,
                               now: now, form: form, issues: issues, text: text(context), zone: zone)
        return views.page("tasks", request, context, title: views.t("tasks_title", context), current: "tasks", status: status, model: model)
    }

    @Sendable func new(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await renderForm(request, context, task: nil, form: nil, issues: [])
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let task = try await tasks.get(try RouteID.require(context, resource: "task"), by: try context.principal())
        return try await renderForm(request, context, task: task, form: nil, issues: [])
    }

    func renderForm(_ request: Request, _ context: AppRequestContext, task: SalesTask?, form: FormData?, issues: [FieldIssue],
                    candidates: [(Int64, String)] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let query = FormData.query(request)
        let staff = try await users.list(limit: 500).items.filter(\.active)
        let customerId = (form?["customerId"] ?? query.get("customer")).flatMap { Int64($0) } ?? (form == nil ? task?.customerId : nil)
        let dealId = (form?["dealId"] ?? query.get("deal")).flatMap { Int64($0) } ?? task?.dealId
        let links = try await SalesLinks(database: database).names(customerId: customerId, dealId: dealId, by: principal)
        let model = TaskPageModel(task: task, staff: staff, customer: links.customer, candidates: candidates, deal: links.deal, principal: principal,
                                  now: Date(), form: form, issues: issues, text: text(context), zone: zone)
        return views.page("task", request, context, title: model.heading, current: "tasks", status: status, model: model)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let principal = try context.principal()
        let pick = try await TaskCustomerPick.read(form, database: database, by: principal)
        let read = TaskFormInput(form, zone: zone, customer: pick)
        let quick = form["quick"] == "1"
        do {
            if !read.issues.isEmpty { throw StoreError.invalid(ValidationError(read.issues)) }
            let task = try await tasks.create(read.input, by: principal)
            return .redirect(quick ? Self.back(form) : "/tasks/\(task.id)?saved=1")
        } catch StoreError.invalid(let error) {
            let issues = read.issues + error.issues.filter { !read.issues.contains($0) }
            if quick { return try await renderList(request, context, form: form, issues: issues, status: .unprocessableContent) }
            return try await renderForm(request, context, task: nil, form: form, issues: issues, candidates: pick.candidates, status: .unprocessableContent)
        }
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let id = try RouteID.require(context, resource: "task")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let current = try await tasks.get(id, by: principal)
        let pick = try await TaskCustomerPick.read(form, database: database, by: principal)
        let read = TaskFormInput(form, zone: zone, customer: pick)
        do {
            if !read.issues.isEmpty { throw StoreError.invalid(ValidationError(read.issues)) }
            var input = read.input
            if input.assigneeId == nil { input.assigneeId = current.assigneeId }
            _ = try await tasks.update(id, input, expectedVersion: form["version"].flatMap { Int($0) }, by: principal)
            return .redirect("/tasks/\(id)?saved=1")
        } catch StoreError.invalid(let error) {
            let issues = read.issues + error.issues.filter { !read.issues.contains($0) }
            return try await renderForm(request, context, task: current, form: form, issues: issues, candidates: pick.candidates, status: .unprocessableContent)
        } catch StoreError.versionMismatch {
            let issue = FieldIssue(field: "version", reason: "changed by someone else", code: "version.conflict")
            return try await renderForm(request, context, task: try await tasks.get(id, by: principal), form: form, issues: [issue], status: .conflict)
        }
    }

    /// Where a one-click form sends the browser back to: a local path it names, else the list.
    static func back(_ form: FormData) -> String {
        guard let back = form["back"], back.hasPrefix("/"), !back.hasPrefix("//"), !back.contains("\\") else { return "/tasks" }
        return back
    }

    func move(_ request: Request, _ context: AppRequestContext,
              _ action: (Int64, Principal) async throws -> SalesTask) async throws -> Response {
        let id = try RouteID.require(context, resource: "task")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        _ = try await action(id, try context.principal())
        return .redirect(Self.back(form))
    }

    @Sendable func complete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await move(request, context) { try await tasks.complete($0, by: $1) }
    }

    @Sendable func reopen(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await move(request, context) { try await tasks.reopen($0, by: $1) }
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await move(request, context) { try await tasks.cancel($0, by: $1) }
    }
}
