import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/lead-rules`: the scoring rules and the ordered assignment rules (`sales.configure`
/// to change them).
struct LeadRulesController {
    let rules: LeadRules

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("lead-rules", use: list)
        group.post("lead-rules/scoring", use: addScoring)
        group.delete("lead-rules/scoring/:id", use: removeScoring)
        group.post("lead-rules/assignment", use: addAssignment)
        group.delete("lead-rules/assignment/:id", use: removeAssignment)
    }

    struct RulesBody: Encodable {
        let scoring: [LeadScoringRuleDTO]
        let assignment: [LeadAssignmentRuleDTO]
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        async let scoring = rules.scoringRules(by: principal)
        async let assignment = rules.assignmentRules(by: principal)
        return try JSONResponse.make(RulesBody(scoring: try await scoring.map(LeadScoringRuleDTO.init),
                                               assignment: try await assignment.map(LeadAssignmentRuleDTO.init)))
    }

    @Sendable func addScoring(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.salesConfigure, to: "set lead scoring rules")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["field", "condition", "value", "points"])
        let field = body.string("field"), condition = body.string("condition"), value = body.string("value")
        let points = body.int("points", in: -1000...1000)
        for (key, given) in [("field", field != nil), ("condition", condition != nil), ("points", points != nil)]
        where !given && !body.issues.contains(where: { $0.field == key }) {
            body.append(FieldIssue(field: key, reason: "is required", code: "required"))
        }
        try body.check()
        let rule = try await rules.addScoringRule(field: field ?? "", condition: condition ?? "", value: value, points: points ?? 0, by: principal)
        return try JSONResponse.make(LeadScoringRuleDTO(rule), status: .created)
    }

    @Sendable func removeScoring(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await rules.removeScoringRule(try RouteID.require(context, resource: "scoring rule"), by: try context.principal())
        return Response(status: .noContent)
    }

    @Sendable func addAssignment(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.salesConfigure, to: "set lead assignment rules")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["kind", "province", "city", "repIds", "position"])
        let kind = body.string("kind"), province = body.string("province"), city = body.string("city")
        let reps = body.strings("repIds", max: 100)
        let position = body.int("position", in: 1...1000)
        if kind == nil, !body.issues.contains(where: { $0.field == "kind" }) { body.append(FieldIssue(field: "kind", reason: "is required", code: "required")) }
        try body.check()
        let rule = try await rules.addAssignmentRule(kind: kind ?? "", province: province, city: city, repIds: reps ?? [], position: position, by: principal)
        return try JSONResponse.make(LeadAssignmentRuleDTO(rule), status: .created)
    }

    @Sendable func removeAssignment(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await rules.removeAssignmentRule(try RouteID.require(context, resource: "assignment rule"), by: try context.principal())
        return Response(status: .noContent)
    }
}
