import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/channels`: the channel rules (the order channels are tried in, quiet hours), the message and
/// letter templates, and the outbox with its dead letters to replay. `/channels/templates/…`:
/// a template's form, refusing unknown merge fields when saved.
struct ChannelsPages {
    let views: Views
    let database: Database
    let templates: MessageTemplates
    let outbox: Outbox
    let configured: [String]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("channels", use: show)
        group.post("channels/rules", use: saveRules)
        group.post("channels/outbox/:id/replay", use: replay)
        group.get("channels/templates/new", use: newTemplate)
        group.post("channels/templates", use: createTemplate)
        group.get("channels/templates/:id", use: editTemplate)
        group.post("channels/templates/:id", use: updateTemplate)
        group.post("channels/templates/:id/delete", use: deleteTemplate)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await render(request, context, issues: [])
    }

    func render(_ request: Request, _ context: AppRequestContext, issues: [FieldIssue], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        guard principal.may(.templatesManage) || principal.may(.channelsManage) else {
            throw StoreError.forbidden("the role \(principal.role.rawValue) may not run the channels")
        }
        let data = try await ChannelsQuery(database: database, templates: templates, outbox: outbox).read(by: principal)
        let params = FormData.query(request)
        let flash = [("saved", "channels_saved"), ("replayed", "outbox_replayed"), ("deleted", "template_deleted")]
            .first { params.get($0.0) != nil }.map { views.t($0.1, context) }
        let model = ChannelsModel(data, configured: configured, principal: principal, issues: issues, flash: flash,
                                  text: PageText(views: views, lang: context.language, toman: context.toman))
        return views.page("channels", request, context, title: views.t("area_channels", context), current: "channels", status: status, model: model)
    }

    @Sendable func saveRules(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        var rules = try await ChannelRules.read(database)
        var issues: [FieldIssue] = []
        let order = (1...3).compactMap { form["order\($0)"].flatMap(ContactChannel.init(rawValue:)) }
        rules.order = order
        for (key, path) in [("quietStart", \QuietHours.start), ("quietEnd", \QuietHours.end)] {
            if let minutes = form[key].flatMap(QuietHours.minutes) { rules.quietHours[keyPath: path] = minutes } else {
                issues.append(FieldIssue(field: key, reason: "a time of day, hh:mm", code: "rules.time"))
            }
        }
        rules.quietHours.days = Set(form.pairs.filter { $0.0 == "quietDays" }.compactMap { Int($0.1) })
        do {
            if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
            try await ChannelRules.save(rules, in: database, by: try context.principal())
            return .redirect("/channels?saved=1")
        } catch StoreError.invalid(let error) {
            return try await render(request, context, issues: error.issues, status: .unprocessableContent)
        }
    }

    @Sendable func replay(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "outbox message")
        _ = try await FormData.read(request, context, csrf: context.csrf)
        _ = try await outbox.replay(id, by: try context.principal())
        return .redirect("/channels?replayed=1#outbox")
    }

    @Sendable func newTemplate(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await renderTemplate(request, context, id: nil, form: nil, issues: [])
    }

    @Sendable func editTemplate(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await renderTemplate(request, context, id: try RouteID.require(context, resource: "template"), form: nil, issues: [])
    }

    func renderTemplate(_ request: Request, _ context: AppRequestContext, id: Int64?, form: FormData?, issues: [FieldIssue],
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.templatesManage, to: "write message templates")
        let saved = try await id.asyncMap { try await templates.get($0, by: principal) }
        let model = TemplateFormModel(saved, form: form, issues: issues, text: PageText(views: views, lang: context.language, toman: context.toman))
        return views.page("message-template", request, context, title: model.formTitle, current: "channels", status: status, model: model)
    }

    @Sendable func createTemplate(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await saveTemplate(request, context, id: nil)
    }

    @Sendable func updateTemplate(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await saveTemplate(request, context, id: try RouteID.require(context, resource: "template"))
    }

    func saveTemplate(_ request: Request, _ context: AppRequestContext, id: Int64?) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let input = MessageTemplateInput(name: form["name"], channel: form["channel"], language: form["language"], purpose: form["purpose"],
                                         subject: form["subject"], body: form["body"])
        do {
            _ = try await templates.save(input, id: id, expectedVersion: form["version"].flatMap { Int($0) }, by: try context.principal())
            return .redirect("/channels?saved=1#templates")
        } catch StoreError.invalid(let error) {
            return try await renderTemplate(request, context, id: id, form: form, issues: error.issues, status: .unprocessableContent)
        }
    }

    @Sendable func deleteTemplate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "template")
        _ = try await FormData.read(request, context, csrf: context.csrf)
        try await templates.delete(id, by: try context.principal())
        return .redirect("/channels?deleted=1#templates")
    }
}
