import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/service-teams` (teams, their members and skills) and `/api/v1/routing-rules` (the
/// ordered rules sending tickets to teams). Read with `tickets.read`; changed with `service.configure`.
struct ServiceSetupController {
    let teams: ServiceTeams
    let rules: RoutingRules

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("service-teams", use: listTeams)
        group.post("service-teams", use: createTeam)
        group.get("service-teams/:id", use: showTeam)
        group.patch("service-teams/:id", use: updateTeam)
        group.put("service-teams/:id/members", use: setMembers)
        group.get("routing-rules", use: listRules)
        group.post("routing-rules", use: createRule)
        group.get("routing-rules/:id", use: showRule)
        group.patch("routing-rules/:id", use: updateRule)
        group.delete("routing-rules/:id", use: deleteRule)
    }

    @Sendable func listTeams(_ request: Request, context: AppRequestContext) async throws -> Response {
        let items = try await teams.list(by: try context.principal())
        return try JSONResponse.make(ListBody(items: items.map(ServiceTeamDTO.init), next: nil))
    }

    static func teamFields(_ body: inout JSONBody) -> (name: String?, lead: Int64?, manager: Int64?, routing: String?) {
        var ids: [String: Int64] = [:]
        for field in ["leadId", "managerId"] {
            guard let raw = body.id(field) else { continue }
            if let v = Int64(raw), v > 0 { ids[field] = v } else { body.append(FieldIssue(field: field, reason: "must be an id", code: "id.invalid")) }
        }
        return (body.string("name"), ids["leadId"], ids["managerId"], body.string("routing"))
    }

    @Sendable func createTeam(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.serviceConfigure, to: "set up service teams")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["name", "leadId", "managerId", "routing"])
        let f = Self.teamFields(&body)
        if f.name == nil, !body.issues.contains(where: { $0.field == "name" }) { body.append(FieldIssue(field: "name", reason: "is required", code: "required")) }
        try body.check()
        let team = try await teams.create(name: f.name ?? "", leadId: f.lead, managerId: f.manager, routing: f.routing, by: principal)
        return try JSONResponse.make(ServiceTeamDTO(team), status: .created,
                                     headers: [.location: "/api/v1/service-teams/\(team.id)", .eTag: "\"\(team.version)\""])
    }

    @Sendable func showTeam(_ request: Request, context: AppRequestContext) async throws -> Response {
        let team = try await teams.get(try RouteID.require(context, resource: "service team"), by: try context.principal())
        return try JSONResponse.make(ServiceTeamDTO(team), headers: [.eTag: "\"\(team.version)\""])
    }

    @Sendable func updateTeam(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "service team")
        let principal = try context.principal()
        try principal.require(.serviceConfigure, to: "set up service teams")
        let expected = try TicketsController.ifMatch(request)
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["name", "leadId", "managerId", "routing"])
        let current = try await teams.get(id, by: principal)
        let f = Self.teamFields(&body)
        try body.check()
        let team = try await teams.update(id, name: f.name ?? current.name, leadId: body.has("leadId") ? f.lead : current.leadId,
                                          managerId: body.has("managerId") ? f.manager : current.managerId,
                                          routing: f.routing ?? current.routing.rawValue, expectedVersion: expected, by: principal)
        return try JSONResponse.make(ServiceTeamDTO(team), headers: [.eTag: "\"\(team.version)\""])
    }

    @Sendable func setMembers(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "service team")
        let principal = try context.principal()
        try principal.require(.serviceConfigure, to: "set up service teams")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["members"])
        var members: [(userId: Int64, skills: String, active: Bool)] = []
        if let items = body.objects("members", max: 200) {
            for (n, var item) in items.enumerated() {
                item.allow(only: ["userId", "skills", "active"])
                let raw = item.id("userId")
                let skills = item.strings("skills", max: 50) ?? []
                let active = item.bool("active") ?? true
                if let raw, let v = Int64(raw), v > 0 { members.append((v, skills.joined(separator: ","), active)) } else {
                    item.append(FieldIssue(field: "userId", reason: "must be an id", code: "id.invalid"))
                }
                body.absorb(item, as: "members[\(n)]")
            }
        } else if !body.issues.contains(where: { $0.field == "members" }) {
            body.append(FieldIssue(field: "members", reason: "is required", code: "required"))
        }
        try body.check()
        let team = try await teams.setMembers(id, members, by: principal)
        return try JSONResponse.make(ServiceTeamDTO(team), headers: [.eTag: "\"\(team.version)\""])
    }

    @Sendable func listRules(_ request: Request, context: AppRequestContext) async throws -> Response {
        let items = try await rules.list(by: try context.principal())
        return try JSONResponse.make(ListBody(items: items.map(RoutingRuleDTO.init), next: nil))
    }

    static let ruleFields: Set<String> = ["name", "position", "category", "channel", "language", "minValue", "rfmSegment", "satisfactionClass",
                                          "teamId", "priority", "active"]

    static func apply(_ body: inout JSONBody, to input: inout RoutingRuleInput) {
        if body.has("name") { input.name = body.string("name") }
        if body.has("position") { input.position = body.int("position", in: 1...10_000) }
        if body.has("category") { input.category = body.string("category") }
        if body.has("channel") { input.channel = body.string("channel") }
        if body.has("language") { input.language = body.string("language") }
        if body.has("minValue") { input.minValue = body.string("minValue") }
        if body.has("rfmSegment") { input.rfmSegment = body.string("rfmSegment") }
        if body.has("satisfactionClass") { input.satisfactionClass = body.string("satisfactionClass") }
        if body.has("teamId") { input.teamId = body.id("teamId") }
        if body.has("priority") { input.priority = body.string("priority") }
        if body.has("active") { input.active = body.bool("active") }
    }

    @Sendable func createRule(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.serviceConfigure, to: "set up routing rules")
        var body = try await JSONBody.read(request, context)
        body.allow(only: Self.ruleFields)
        var input = RoutingRuleInput()
        Self.apply(&body, to: &input)
        try body.check()
        let rule = try await rules.create(input, by: principal)
        return try JSONResponse.make(RoutingRuleDTO(rule), status: .created,
                                     headers: [.location: "/api/v1/routing-rules/\(rule.id)", .eTag: "\"\(rule.version)\""])
    }

    @Sendable func showRule(_ request: Request, context: AppRequestContext) async throws -> Response {
        let rule = try await rules.get(try RouteID.require(context, resource: "routing rule"), by: try context.principal())
        return try JSONResponse.make(RoutingRuleDTO(rule), headers: [.eTag: "\"\(rule.version)\""])
    }

    @Sendable func updateRule(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "routing rule")
        let principal = try context.principal()
        try principal.require(.serviceConfigure, to: "set up routing rules")
        let expected = try TicketsController.ifMatch(request)
        var body = try await JSONBody.read(request, context)
        body.allow(only: Self.ruleFields)
        let r = try await rules.get(id, by: principal)
        var input = RoutingRuleInput(name: r.name, position: r.position, category: r.category?.rawValue, channel: r.channel?.rawValue,
                                     language: r.language?.rawValue, minValue: r.minValueMinor.map(String.init), rfmSegment: r.rfmSegment,
                                     satisfactionClass: r.satisfactionClass, teamId: String(r.teamId), priority: r.priority?.rawValue, active: r.active)
        Self.apply(&body, to: &input)
        try body.check()
        let rule = try await rules.update(id, input, expectedVersion: expected, by: principal)
        return try JSONResponse.make(RoutingRuleDTO(rule), headers: [.eTag: "\"\(rule.version)\""])
    }

    @Sendable func deleteRule(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await rules.delete(try RouteID.require(context, resource: "routing rule"), by: try context.principal())
        return Response(status: .noContent)
    }
}
