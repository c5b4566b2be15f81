import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/settings/pipelines`: the pipelines and their stages, changed by those who configure sales.
struct PipelineSettingsPages {
    let views: Views
    let pipelines: Pipelines

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("settings/pipelines", use: show)
        group.post("settings/pipelines", use: create)
        group.post("settings/pipelines/:id", use: update)
        group.post("settings/pipelines/:id/stages", use: addStage)
        group.post("settings/pipelines/:id/stages/:stage", use: updateStage)
    }

    func text(_ context: AppRequestContext) -> PageText { PageText(views: views, lang: context.language, toman: context.toman) }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await render(request, context, issues: [])
    }

    func render(_ request: Request, _ context: AppRequestContext, issues: [FieldIssue], form: FormData? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.salesConfigure, to: "configure the sales pipelines")
        let all = try await pipelines.list(includeArchived: true, by: principal)
        let model = PipelineSettingsModel(all, done: FormData.query(request).get("done"), issues: issues, form: form, text: text(context))
        return views.page("pipelines-settings", request, context, title: views.t("pipeline_settings_title", context), current: "sales", status: status, model: model)
    }

    func attempt(_ request: Request, _ context: AppRequestContext, done: String, form: FormData? = nil, _ action: () async throws -> Void) async throws -> Response {
        do {
            try await action()
            return .redirect("/settings/pipelines?done=\(done)")
        } catch StoreError.invalid(let error) {
            return try await render(request, context, issues: error.issues, form: form, status: .unprocessableContent)
        } catch StoreError.conflict(let why) {
            return try await render(request, context, issues: [FieldIssue(field: "pipeline", reason: why, code: "pipeline.refused", params: ["why": why])], status: .conflict)
        }
    }

    /// A chance typed in the form, or the issue that says it is not one.
    static func probability(_ text: String?) -> (Int?, [FieldIssue]) {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return (nil, [FieldIssue(field: "probability", reason: "is required", code: "required")]) }
        do { return (try Probability(text: text).percent, []) } catch { return (nil, error.issues) }
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let (p, issues) = Self.probability(form["probability"])
        guard issues.isEmpty else { return try await render(request, context, issues: issues.map { $0.at("stages[0].probability") }, form: form, status: .unprocessableContent) }
        return try await attempt(request, context, done: "created", form: form) {
            _ = try await pipelines.create(name: form["name"] ?? "", stages: [PipelineStageInput(name: form["stage"] ?? "", probability: p)], by: try context.principal())
        }
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "pipeline")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let principal = try context.principal()
        if form.has("up") || form.has("down"), let stage = (form["up"] ?? form["down"]).flatMap({ Int64($0) }) {
            return try await attempt(request, context, done: "reordered") {
                var ids = try await pipelines.get(id, by: principal).stages.map(\.id)
                guard let i = ids.firstIndex(of: stage) else { return }
                let j = form.has("up") ? i - 1 : i + 1
                guard ids.indices.contains(j) else { return }
                ids.swapAt(i, j)
                _ = try await pipelines.reorderStages(id, ids, by: principal)
            }
        }
        let archived: Bool? = form.has("archive") ? true : form.has("unarchive") ? false : nil
        return try await attempt(request, context, done: "saved", form: form) {
            _ = try await pipelines.update(id, name: archived == nil ? form["name"] : nil, archived: archived, expectedVersion: form["version"].flatMap { Int($0) },
                                           by: principal)
        }
    }

    @Sendable func addStage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "pipeline")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let (p, issues) = Self.probability(form["probability"])
        guard issues.isEmpty else { return try await render(request, context, issues: issues, form: form, status: .unprocessableContent) }
        return try await attempt(request, context, done: "stage_added", form: form) {
            _ = try await pipelines.addStage(id, PipelineStageInput(name: form["name"] ?? "", probability: p), by: try context.principal())
        }
    }

    @Sendable func updateStage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "pipeline")
        let stage = try RouteID.require(context, "stage", resource: "stage")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        var input = PipelineStageInput()
        if form.has("archive") { input.archived = true } else if form.has("unarchive") { input.archived = false } else {
            let (p, issues) = Self.probability(form["probability"])
            guard issues.isEmpty else { return try await render(request, context, issues: issues, form: form, status: .unprocessableContent) }
            input.name = form["name"] ?? ""
            input.probability = p
        }
        return try await attempt(request, context, done: "saved", form: form) {
            _ = try await pipelines.updateStage(id, stageId: stage, input, by: try context.principal())
        }
    }
}
