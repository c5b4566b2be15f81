import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/settings/service`: which inbound channels open tickets and the default team; the teams with
/// their routing, members and skills; the ordered routing rules. Read with `tickets.read`;
/// changed with `service.configure`.
struct ServiceSettingsPages {
    let views: Views
    let settings: ServiceSettingsStore
    let teams: ServiceTeams
    let rules: RoutingRules
    let users: UserRepository
    let policies: SLAPolicies
    let holidays: ServiceHolidays

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("settings/service", use: show)
        group.post("settings/service", use: saveSettings)
        group.post("settings/service/surveys", use: saveSurveys)
        group.post("settings/service/teams", use: createTeam)
        group.post("settings/service/teams/:id", use: updateTeam)
        group.post("settings/service/rules", use: createRule)
        group.post("settings/service/rules/:id/delete", use: deleteRule)
        group.post("settings/service/rules/:id/move", use: moveRule)
        addServiceLevelRoutes(to: group)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await render(request, context, issues: [], saved: FormData.query(request).get("saved"))
    }

    func render(_ request: Request, _ context: AppRequestContext, issues: [FieldIssue], saved: String? = nil, failure: ServiceLevelFailure? = nil,
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let (year, years) = Self.holidayYear(request)
        async let s = settings.read(by: principal)
        async let t = teams.list(by: principal)
        async let r = rules.list(by: principal)
        async let staff = users.list(limit: 500).items
        async let p = policies.list(by: principal)
        async let currency = policies.currency()
        async let h = holidays.list(year: year, by: principal)
        let data = ServiceSettingsData(settings: try await s, teams: try await t, rules: try await r, staff: try await staff,
                                       levels: ServiceLevelData(policies: try await p, currency: try await currency, year: year, years: years,
                                                                holidays: try await h))
        let model = ServiceSettingsModel(data, principal: principal, issues: issues, saved: saved, failures: failure.map { [$0] } ?? [],
                                         text: PageText(views: views, lang: context.language, toman: context.toman))
        return views.page("service-settings", request, context, title: views.t("service_settings_title", context), current: "service",
                          status: status, model: model)
    }

    func attempt(_ request: Request, _ context: AppRequestContext, anchor: String? = nil, _ action: () async throws -> Void) async throws -> Response {
        do {
            try await action()
            return .redirect("/settings/service?saved=1" + (anchor.map { "#" + $0 } ?? ""))
        } catch StoreError.invalid(let error) {
            return try await render(request, context, issues: error.issues, status: .unprocessableContent)
        } catch StoreError.versionMismatch {
            return try await render(request, context, issues: [FieldIssue(field: "version", reason: "changed by someone else", code: "version.conflict")],
                                    status: .conflict)
        }
    }

    @Sendable func saveSettings(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context) {
            let channels = form.pairs.filter { $0.0 == "inbound" }.map(\.1)
            _ = try await settings.update(inboundChannels: channels, defaultTeamId: form["defaultTeamId"].flatMap { Int64($0) }, by: try context.principal())
        }
    }

    /// Surveys after resolution and after delivery on or off, the questions, the link's lifetime in days.
    @Sendable func saveSurveys(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context) {
            let days = (form["linkDays"]?.trimmingCharacters(in: .whitespaces)).flatMap { $0.count <= 6 ? Int(PersianText.latinDigits($0)) : nil } ?? 0
            guard let questions = SurveyQuestions(rawValue: form["questions"] ?? "") else {
                throw StoreError.invalid(ValidationError(field: "questions", reason: "must be csat, nps or both", code: "choice.unknown"))
            }
            let surveys = SurveySettings(afterResolution: form["afterResolution"] == "1", afterDelivery: form["afterDelivery"] == "1",
                                         questions: questions, linkDays: days)
            _ = try await settings.updateSurveys(surveys, by: try context.principal())
        }
    }

    @Sendable func createTeam(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context) {
            _ = try await teams.create(name: form["name"] ?? "", leadId: form["leadId"].flatMap { Int64($0) },
                                       managerId: form["managerId"].flatMap { Int64($0) }, routing: form["routing"], by: try context.principal())
        }
    }

    /// A team's routing and its members (a checked box per agent, with their skills).
    @Sendable func updateTeam(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "service team")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context) {
            let principal = try context.principal()
            let team = try await teams.get(id, by: principal)
            let version = form["version"].flatMap { Int($0) }
            _ = try await teams.update(id, name: team.name, leadId: team.leadId, managerId: team.managerId, routing: form["routing"],
                                       expectedVersion: version, by: principal)
            let members = form.pairs.filter { $0.0 == "member" }.compactMap { Int64($0.1) }.prefix(200)
                .map { (userId: $0, skills: form["skills_\($0)"] ?? "", active: true) }
            _ = try await teams.setMembers(id, Array(members), by: principal)
        }
    }

    @Sendable func createRule(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context) {
            let input = RoutingRuleInput(name: form["name"], position: form["position"].flatMap { Int(PersianText.latinDigits($0)) },
                                         category: form["category"], channel: form["channel"], language: form["language"],
                                         minValue: form["minValue"], rfmSegment: form["rfmSegment"], teamId: form["teamId"], priority: form["priority"])
            _ = try await rules.create(input, by: try context.principal())
        }
    }

    /// One place up or down (`direction`), as the buttons on each rule's row ask.
    @Sendable func moveRule(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "routing rule")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, anchor: "service-rules") { _ = try await rules.move(id, up: form["direction"] != "down", by: try context.principal()) }
    }

    @Sendable func deleteRule(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "routing rule")
        _ = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context) { try await rules.delete(id, by: try context.principal()) }
    }
}
