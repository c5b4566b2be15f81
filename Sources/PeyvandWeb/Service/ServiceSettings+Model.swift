import Foundation
import PeyvandCore
import PeyvandStore

/// What `/settings/service` reads at once: the settings, the teams with their members, the rules, the staff.
struct ServiceSettingsData: Sendable {
    let settings: ServiceSettings
    let teams: [ServiceTeam]
    let rules: [RoutingRule]
    let staff: [User]
    let levels: ServiceLevelData
}

/// What `service-settings.mustache` renders.
struct ServiceSettingsModel {
    struct Member { let userId: Int64, name: String, checked: Bool, skills: String, open: String }
    struct Team {
        let id: Int64, name: String, routing: String, lead: String, manager: String, version: Int
        let routings: [Choice], members: [Member], memberNames: String
    }
    struct Rule { let id: Int64, position: String, name: String, conditions: String, team: String, priority: String, active: Bool; var first = false, last = false }
    let inbound: [Choice]
    let defaultTeams: [Choice]
    let teams: [Team]
    let rules: [Rule]
    let routings: [Choice]
    let staff: [Choice]
    let teamChoices: [Choice]
    let categories: [Choice]
    let channels: [Choice]
    let languages: [Choice]
    let priorities: [Choice]
    let errors: [FieldError]
    let flash: String?
    let canConfigure: Bool
    let levels: ServiceLevelModel
    let surveys: SurveySettingsForm
}

/// The survey settings' form on `/settings/service`.
struct SurveySettingsForm {
    let afterResolution: Bool
    let afterDelivery: Bool
    let questions: [Choice]
    let linkDays: String
    let linkDaysError: String?
}

extension ServiceSettingsModel {
    init(_ d: ServiceSettingsData, principal: Principal, issues: [FieldIssue], saved: String?, failures: [ServiceLevelFailure] = [], text x: PageText) {
        inbound = ServiceSettings.inboundChoices.map { x.choice($0.rawValue, "ticket_channel", selected: d.settings.inboundChannels.contains($0)) }
        defaultTeams = [Choice(value: "", label: x.t("service_no_default_team"), selected: d.settings.defaultTeamId == nil)]
            + d.teams.map { Choice(value: String($0.id), label: $0.name, selected: $0.id == d.settings.defaultTeamId) }
        let agents = d.staff.filter { $0.active && AccessPolicy.allows($0.role, .ticketsWrite) }
        let names = Dictionary(d.staff.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        teams = d.teams.map { team in
            let byUser = Dictionary(team.members.map { ($0.userId, $0) }, uniquingKeysWith: { a, _ in a })
            let members = agents.map { u in
                Member(userId: u.id, name: u.name, checked: byUser[u.id]?.active == true, skills: byUser[u.id]?.skills.joined(separator: ", ") ?? "",
                       open: x.number(byUser[u.id]?.openTickets ?? 0))
            }
            return Team(id: team.id, name: team.name, routing: x.label("team_routing", team.routing.rawValue),
                        lead: team.leadId.flatMap { names[$0] } ?? "—", manager: team.managerId.flatMap { names[$0] } ?? "—", version: team.version,
                        routings: TeamRouting.allCases.map { x.choice($0.rawValue, "team_routing", selected: $0 == team.routing) },
                        members: members, memberNames: team.members.filter(\.active).map(\.name).joined(separator: x.lang == .fa ? "، " : ", "))
        }
        rules = d.rules.enumerated().map { index, r in
            var parts: [String] = []
            if let c = r.category { parts.append(x.t("ticket_f_category") + ": " + x.label("ticket_category", c.rawValue)) }
            if let c = r.channel { parts.append(x.t("ticket_f_channel") + ": " + x.label("ticket_channel", c.rawValue)) }
            if let l = r.language { parts.append(x.t("ticket_f_language") + ": " + x.label("language", l.rawValue)) }
            if let v = r.minValueMinor { parts.append(x.t("rule_f_minValue") + ": " + x.money(Money(minorUnits: v, currency: .irr))) }
            if let s = r.rfmSegment { parts.append(x.t("rule_f_rfmSegment") + ": " + x.label("rfmseg", s)) }
            if let s = r.satisfactionClass { parts.append(x.t("rule_f_satisfactionClass") + ": " + x.label("satisfaction", s)) }
            return Rule(id: r.id, position: x.number(r.position), name: r.name,
                        conditions: parts.isEmpty ? x.t("rule_every_ticket") : parts.joined(separator: x.lang == .fa ? "؛ " : "; "),
                        team: r.teamName, priority: r.priority.map { x.label("ticket_priority", $0.rawValue) } ?? "—", active: r.active,
                        first: index == 0, last: index == d.rules.count - 1)
        }
        routings = TeamRouting.allCases.map { x.choice($0.rawValue, "team_routing", selected: $0 == .roundRobin) }
        staff = [Choice(value: "", label: "—", selected: true)] + d.staff.filter(\.active).map { Choice(value: String($0.id), label: $0.name, selected: false) }
        teamChoices = d.teams.map { Choice(value: String($0.id), label: $0.name, selected: false) }
        let any = Choice(value: "", label: x.t("rule_any"), selected: true)
        categories = [any] + TicketCategory.allCases.map { x.choice($0.rawValue, "ticket_category", selected: false) }
        channels = [any] + TicketChannel.allCases.map { x.choice($0.rawValue, "ticket_channel", selected: false) }
        languages = [any] + Language.allCases.map { x.choice($0.rawValue, "language", selected: false) }
        priorities = [Choice(value: "", label: x.t("rule_keep_priority"), selected: true)]
            + TicketPriority.allCases.map { x.choice($0.rawValue, "ticket_priority", selected: false) }
        errors = x.fieldErrorList(issues, labelled: true)
        flash = saved.map { _ in x.t("service_saved") }
        canConfigure = principal.may(.serviceConfigure)
        levels = ServiceLevelModel(d.levels, teams: d.teams, failures: failures, text: x)
        let sv = d.settings.surveys
        let daysIssue = issues.first { $0.field == "linkDays" }
        surveys = SurveySettingsForm(afterResolution: sv.afterResolution, afterDelivery: sv.afterDelivery,
                                     questions: SurveyQuestions.allCases.map { x.choice($0.rawValue, "survey_questions", selected: $0 == sv.questions) },
                                     linkDays: x.number(sv.linkDays), linkDaysError: daysIssue.map { x.views.issueText($0, x.lang) })
    }
}
