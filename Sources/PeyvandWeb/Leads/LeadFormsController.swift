import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/lead-forms`: the web-to-lead forms (list, create, read, PATCH with If-Match).
struct LeadFormsController {
    let forms: LeadForms
    let baseURL: String

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("lead-forms", use: list)
        group.post("lead-forms", use: create)
        group.get("lead-forms/:id", use: show)
        group.patch("lead-forms/:id", use: update)
    }

    static let fields: Set<String> = ["name", "source", "campaign", "language", "consentFa", "consentEn", "consentChannels", "thankYouUrl",
                                      "thankYouFa", "thankYouEn", "perMinute", "perHour", "active"]

    static func apply(_ body: inout JSONBody, to input: inout LeadFormInput) {
        if body.has("name") { input.name = body.string("name") }
        if body.has("source") { input.source = body.string("source") }
        if body.has("campaign") { input.campaign = body.string("campaign") }
        if body.has("language") { input.language = body.string("language") }
        if body.has("consentFa") { input.consentFa = body.string("consentFa") }
        if body.has("consentEn") { input.consentEn = body.string("consentEn") }
        if body.has("consentChannels") { input.consentChannels = body.strings("consentChannels", max: 10) ?? [] }
        if body.has("thankYouUrl") { input.thankYouURL = body.string("thankYouUrl") }
        if body.has("thankYouFa") { input.thankYouFa = body.string("thankYouFa") }
        if body.has("thankYouEn") { input.thankYouEn = body.string("thankYouEn") }
        if body.has("perMinute") { input.perMinute = body.int("perMinute", in: 1...100_000) }
        if body.has("perHour") { input.perHour = body.int("perHour", in: 1...1_000_000) }
        if body.has("active") { input.active = body.bool("active") }
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let items = try await forms.list(by: try context.principal()).map { LeadFormDTO($0, baseURL: baseURL) }
        return try JSONResponse.make(ListBody(items: items, next: nil))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.salesConfigure, to: "set up web-to-lead forms")
        var body = try await JSONBody.read(request, context)
        body.allow(only: Self.fields)
        var input = LeadFormInput()
        Self.apply(&body, to: &input)
        try body.check()
        let form = try await forms.create(input, by: principal)
        return try JSONResponse.make(LeadFormDTO(form, baseURL: baseURL), status: .created,
                                     headers: [.location: "/api/v1/lead-forms/\(form.id)", .eTag: "\"\(form.version)\""])
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await forms.get(try RouteID.require(context, resource: "lead form"), by: try context.principal())
        return try JSONResponse.make(LeadFormDTO(form, baseURL: baseURL), headers: [.eTag: "\"\(form.version)\""])
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "lead form")
        let principal = try context.principal()
        try principal.require(.salesConfigure, to: "set up web-to-lead forms")
        let expected = try LeadsController.ifMatch(request)
        var body = try await JSONBody.read(request, context)
        body.allow(only: Self.fields)
        let f = try await forms.get(id, by: principal)
        var input = LeadFormInput(name: f.name, source: f.source, campaign: f.campaign, language: f.language, consentFa: f.consentFa,
                                  consentEn: f.consentEn, consentChannels: f.consentChannels, thankYouURL: f.thankYouURL, thankYouFa: f.thankYouFa,
                                  thankYouEn: f.thankYouEn, perMinute: f.perMinute, perHour: f.perHour, active: f.active)
        Self.apply(&body, to: &input)
        try body.check()
        let form = try await forms.update(id, with: input, expectedVersion: expected, by: principal)
        return try JSONResponse.make(LeadFormDTO(form, baseURL: baseURL), headers: [.eTag: "\"\(form.version)\""])
    }
}
