import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

extension LeadPages {
    /// Qualification: the rep's judgement, the status and the owner, in one form.
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "lead")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let principal = try context.principal()
        return try await attempt(request, context, id: id, form: form, saved: "updated") {
            let current = try await leads.get(id, by: principal)
            var input = LeadInput(current)
            input.need = form["need"] == "yes"
            input.budget = form["budget"] == "yes"
            input.authority = form["authority"] == "yes"
            input.timing = form["timing"] == "yes"
            if form.has("ownerId") { input.ownerId = form["ownerId"] }
            var status: LeadStatus?
            if let raw = form["status"], !raw.isEmpty {
                guard let s = LeadStatus(rawValue: raw) else {
                    throw StoreError.invalid(ValidationError(field: "status", reason: "is not one of the choices", code: "choice.unknown"))
                }
                status = s
            }
            _ = try await leads.update(id, with: input, status: status, expectedVersion: Int(form["version"] ?? ""), by: principal)
        }
    }

    @Sendable func addNote(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "lead")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, id: id, form: form, saved: "note") {
            _ = try await leads.addNote(id, body: form["body"] ?? "", by: try context.principal())
        }
    }

    @Sendable func convert(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "lead")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, id: id, form: form, saved: "converted") {
            let input = LeadConversionInput(pipelineId: form["pipelineId"], dealTitle: form["dealTitle"], amount: form["amount"])
            _ = try await conversion.convert(id, input, expectedVersion: Int(form["version"] ?? ""), by: try context.principal())
        }
    }

    @Sendable func disqualify(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "lead")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, id: id, form: form, saved: "disqualified") {
            _ = try await leads.disqualify(id, reason: form["reason"] ?? "", expectedVersion: Int(form["version"] ?? ""), by: try context.principal())
        }
    }

    @Sendable func importForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.principal().require(.leadsManage, to: "import leads")
        return views.page("lead-import", request, context, title: views.t("lead_import_title", context), current: "leads",
                          model: LeadImportModel(report: nil, issues: [], text: text(context)))
    }

    @Sendable func importFile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.leadsManage, to: "import leads")
        let upload = try await Multipart.read(request, limit: 20 * 1024 * 1024)
        guard let csrf = context.csrf, let given = upload.value("_csrf"), Secrets.equal(given, csrf) else {
            throw HTTPError(.forbidden, message: "the form has expired; reload the page and try again")
        }
        guard let file = upload.file("file"), file.size > 0 else {
            let model = LeadImportModel(report: nil, issues: [FieldIssue(field: "file", reason: "choose a file", code: "file.missing")], text: text(context))
            return views.page("lead-import", request, context, title: views.t("lead_import_title", context), current: "leads",
                              status: .unprocessableContent, model: model)
        }
        do {
            let report = try await importer.run(Array(file.data), by: principal)
            return views.page("lead-import", request, context, title: views.t("lead_import_title", context), current: "leads",
                              model: LeadImportModel(report: report, issues: [], text: text(context)))
        } catch StoreError.invalid(let error) {
            return views.page("lead-import", request, context, title: views.t("lead_import_title", context), current: "leads",
                              status: .unprocessableContent, model: LeadImportModel(report: nil, issues: error.issues, text: text(context)))
        }
    }
}
