import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/leads`: the list with its filters and the reader's new leads; `/leads/new`; `/leads/{id}`
/// with qualification (need, budget, authority, timing), owner, status, notes, conversion and
/// disqualification; `/leads/import` for a CSV file.
struct LeadPages {
    let views: Views
    let leads: Leads
    let rules: LeadRules
    let conversion: LeadConversion
    let importer: LeadImporter
    let users: UserRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("leads", use: list)
        group.get("leads/new", use: newForm)
        group.post("leads", use: create)
        group.get("leads/import", use: importForm)
        group.post("leads/import", use: importFile)
        group.get("leads/:id", use: show)
        group.post("leads/:id", use: update)
        group.post("leads/:id/notes", use: addNote)
        group.post("leads/:id/convert", use: convert)
        group.post("leads/:id/disqualify", use: disqualify)
    }

    func text(_ context: AppRequestContext) -> PageText { PageText(views: views, lang: context.language, toman: context.toman) }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let query: LeadQuery
        do { query = try LeadsController.query(request, strict: false) } catch let problem as Problem {
            throw HTTPError(.badRequest, message: problem.detail)
        }
        let data = try await LeadsListQuery(leads: leads, users: users).read(query, by: principal)
        let model = LeadsListModel(data, query: query, principal: principal, saved: FormData.query(request).get("saved") != nil, text: text(context))
        return views.page("leads-list", request, context, title: views.t("leads_title", context), current: "leads", model: model)
    }

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.principal().require(.leadsManage, to: "capture leads")
        return try await renderNew(request, context, form: nil, issues: [])
    }

    func renderNew(_ request: Request, _ context: AppRequestContext, form: FormData?, issues: [FieldIssue], status: HTTPResponse.Status = .ok) async throws -> Response {
        let staff = try await users.list(limit: 500).items
        let model = LeadFormPageModel(form: form, issues: issues, staff: staff, text: text(context))
        return views.page("lead-form", request, context, title: views.t("lead_new_title", context), current: "leads", status: status, model: model)
    }

    static func input(_ form: FormData) -> LeadInput {
        LeadInput(name: form["name"], company: form["company"], email: form["email"], phone: form["phone"], province: form["province"],
                  city: form["city"], message: form["message"], source: form["source"], campaign: form["campaign"], ownerId: form["ownerId"],
                  consent: form["consent"] == "yes", consentText: form["consentText"])
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        do {
            let lead = try await leads.create(Self.input(form), channel: .manual, by: try context.principal())
            return .redirect("/leads/\(lead.id)?saved=created")
        } catch StoreError.invalid(let error) {
            return try await renderNew(request, context, form: form, issues: error.issues, status: .unprocessableContent)
        }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await render(request, context, id: try RouteID.require(context, resource: "lead"), form: nil, issues: [],
                         saved: FormData.query(request).get("saved"))
    }

    func render(_ request: Request, _ context: AppRequestContext, id: Int64, form: FormData?, issues: [FieldIssue], saved: String? = nil,
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let data = try await LeadQueryReader(leads: leads, rules: rules, conversion: conversion, users: users).read(id, by: principal)
        let allowed: Set<String> = ["created", "updated", "note", "converted", "disqualified"]
        let model = LeadModel(data, principal: principal, form: form, issues: issues, saved: saved.flatMap { allowed.contains($0) ? $0 : nil },
                              text: text(context))
        return await views.page("lead", request, context, title: data.lead.name, current: "leads", status: status, model: model,
                                customerId: data.lead.status == .converted ? data.lead.customerId : nil)
    }

    /// Runs a change from the lead's page; a refusal re-renders the page with its message, as typed.
    func attempt(_ request: Request, _ context: AppRequestContext, id: Int64, form: FormData, saved: String,
                 _ action: () async throws -> Void) async throws -> Response {
        do {
            try await action()
            return .redirect("/leads/\(id)?saved=\(saved)")
        } catch StoreError.invalid(let error) {
            return try await render(request, context, id: id, form: form, issues: error.issues, status: .unprocessableContent)
        } catch StoreError.versionMismatch {
            return try await render(request, context, id: id, form: nil, status: .conflict,
                                    issues: [FieldIssue(field: "version", reason: "changed by someone else", code: "version.conflict")])
        } catch StoreError.conflict(let why) {
            return try await render(request, context, id: id, form: nil, status: .conflict,
                                    issues: [FieldIssue(field: "status", reason: why, code: "lead.conflict")])
        }
    }

    func render(_ request: Request, _ context: AppRequestContext, id: Int64, form: FormData?, status: HTTPResponse.Status, issues: [FieldIssue]) async throws -> Response {
        try await render(request, context, id: id, form: form, issues: issues, status: status)
    }
}
