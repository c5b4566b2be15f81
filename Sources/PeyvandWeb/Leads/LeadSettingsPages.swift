import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/settings/lead-forms`: the web-to-lead forms, each with the HTML to paste into a site (in
/// Persian and in English), and a form for a new one. `/settings/lead-rules`: the scoring rules
/// and the ordered assignment rules. Changing either needs `sales.configure`.
struct LeadSettingsPages {
    let views: Views
    let forms: LeadForms
    let rules: LeadRules
    let users: UserRepository
    let baseURL: String

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("settings/lead-forms", use: showForms)
        group.post("settings/lead-forms", use: createForm)
        group.post("settings/lead-forms/:id/active", use: setActive)
        group.get("settings/lead-rules", use: showRules)
        group.post("settings/lead-rules/scoring", use: addScoring)
        group.post("settings/lead-rules/scoring/:id/delete", use: removeScoring)
        group.post("settings/lead-rules/assignment", use: addAssignment)
        group.post("settings/lead-rules/assignment/:id/delete", use: removeAssignment)
    }

    func text(_ context: AppRequestContext) -> PageText { PageText(views: views, lang: context.language, toman: context.toman) }

    @Sendable func showForms(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await renderForms(request, context, form: nil, issues: [])
    }

    func renderForms(_ request: Request, _ context: AppRequestContext, form: FormData?, issues: [FieldIssue],
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let list = try await forms.list(by: principal)
        let model = LeadFormsSettingsModel(list, baseURL: baseURL, principal: principal, form: form, issues: issues, views: views, lang: context.language)
        return views.page("lead-forms-settings", request, context, title: views.t("w2l_settings_title", context), current: "leads",
                          status: status, model: model)
    }

    @Sendable func createForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let channels = form.pairs.filter { $0.0 == "consentChannels" }.map(\.1)
        let input = LeadFormInput(name: form["name"], source: form["source"], campaign: form["campaign"], language: form["language"],
                                  consentFa: form["consentFa"], consentEn: form["consentEn"], consentChannels: channels,
                                  thankYouURL: form["thankYouUrl"], thankYouFa: form["thankYouFa"], thankYouEn: form["thankYouEn"],
                                  perMinute: Int(form["perMinute"] ?? "") ?? (form["perMinute"]?.isEmpty == false ? -1 : nil),
                                  perHour: Int(form["perHour"] ?? "") ?? (form["perHour"]?.isEmpty == false ? -1 : nil))
        do {
            _ = try await forms.create(input, by: try context.principal())
            return .redirect("/settings/lead-forms?saved=1")
        } catch StoreError.invalid(let error) {
            return try await renderForms(request, context, form: form, issues: error.issues, status: .unprocessableContent)
        }
    }

    @Sendable func setActive(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "lead form")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let principal = try context.principal()
        let f = try await forms.get(id, by: principal)
        let input = LeadFormInput(name: f.name, source: f.source, campaign: f.campaign, language: f.language, consentFa: f.consentFa,
                                  consentEn: f.consentEn, consentChannels: f.consentChannels, thankYouURL: f.thankYouURL, thankYouFa: f.thankYouFa,
                                  thankYouEn: f.thankYouEn, perMinute: f.perMinute, perHour: f.perHour, active: form["active"] == "true")
        _ = try await forms.update(id, with: input, expectedVersion: nil, by: principal)
        return .redirect("/settings/lead-forms")
    }

    @Sendable func showRules(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await renderRules(request, context, form: nil, issues: [])
    }

    func renderRules(_ request: Request, _ context: AppRequestContext, form: FormData?, issues: [FieldIssue],
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        async let scoring = rules.scoringRules(by: principal)
        async let assignment = rules.assignmentRules(by: principal)
        async let staff = users.list(limit: 500).items
        let model = LeadRulesSettingsModel(scoring: try await scoring, assignment: try await assignment, staff: try await staff,
                                           principal: principal, form: form, issues: issues, text: text(context))
        return views.page("lead-rules-settings", request, context, title: views.t("lead_rules_title", context), current: "leads",
                          status: status, model: model)
    }

    func attemptRules(_ request: Request, _ context: AppRequestContext, _ form: FormData?, _ action: () async throws -> Void) async throws -> Response {
        do {
            try await action()
            return .redirect("/settings/lead-rules?saved=1")
        } catch StoreError.invalid(let error) {
            return try await renderRules(request, context, form: form, issues: error.issues, status: .unprocessableContent)
        }
    }

    @Sendable func addScoring(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attemptRules(request, context, form) {
            let raw = PersianText.latinDigits(form["points"] ?? "").trimmingCharacters(in: .whitespaces)
            guard let points = Int(raw) else {
                throw StoreError.invalid(ValidationError(field: "points", reason: "must be a whole number from -1000 to 1000", code: "number.range",
                                                         params: ["min": "-1000", "max": "1000"]))
            }
            _ = try await rules.addScoringRule(field: form["field"] ?? "", condition: form["condition"] ?? "", value: form["value"], points: points,
                                               by: try context.principal())
        }
    }

    @Sendable func removeScoring(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "scoring rule")
        _ = try await FormData.read(request, context, csrf: context.csrf)
        try await rules.removeScoringRule(id, by: try context.principal())
        return .redirect("/settings/lead-rules")
    }

    @Sendable func addAssignment(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attemptRules(request, context, form) {
            let reps = form.pairs.filter { $0.0 == "repIds" }.map(\.1)
            _ = try await rules.addAssignmentRule(kind: form["kind"] ?? "", province: form["province"], city: form["city"], repIds: reps,
                                                  by: try context.principal())
        }
    }

    @Sendable func removeAssignment(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "assignment rule")
        _ = try await FormData.read(request, context, csrf: context.csrf)
        try await rules.removeAssignmentRule(id, by: try context.principal())
        return .redirect("/settings/lead-rules")
    }
}
