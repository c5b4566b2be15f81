import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/sla-policies` (targets per priority and customer value, in working minutes),
/// `/api/v1/service-holidays` (the days the SLA clock skips) and
/// `PUT /api/v1/service-teams/{id}/hours` (a team's business hours). Read with `tickets.read`;
/// changed with `service.configure`.
struct ServiceLevelsController {
    let policies: SLAPolicies
    let holidays: ServiceHolidays
    let teams: ServiceTeams
    let settings: ServiceSettingsStore

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("sla-policies", use: listPolicies)
        group.post("sla-policies", use: createPolicy)
        group.patch("sla-policies/:id", use: updatePolicy)
        group.delete("sla-policies/:id", use: deletePolicy)
        group.get("service-holidays", use: listHolidays)
        group.post("service-holidays", use: addHoliday)
        group.delete("service-holidays/:id", use: removeHoliday)
        group.put("service-teams/:id/hours", use: setHours)
        group.get("service-settings", use: showSettings)
        group.put("service-settings", use: updateSettings)
    }

    @Sendable func showSettings(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(ServiceSettingsDTO(try await settings.read(by: try context.principal())))
    }

    /// Which inbound channels open tickets, the team a ticket no rule matches goes to, and
    /// (optionally) the survey settings.
    @Sendable func updateSettings(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.serviceConfigure, to: "change the service settings")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["inboundChannels", "defaultTeamId", "surveys"])
        let channels = body.strings("inboundChannels", max: 10)
        let surveys = Self.surveySettings(&body, over: try await settings.read(by: principal).surveys)
        if channels == nil, !body.issues.contains(where: { $0.field == "inboundChannels" }) {
            body.append(FieldIssue(field: "inboundChannels", reason: "is required (an empty list opens tickets from no channel)", code: "required"))
        }
        var team: Int64?
        if let raw = body.id("defaultTeamId") {
            if let v = Int64(raw), v > 0 { team = v } else { body.append(FieldIssue(field: "defaultTeamId", reason: "must be an id", code: "id.invalid")) }
        }
        try body.check()
        let updated = try await settings.update(inboundChannels: channels ?? [], defaultTeamId: team, surveys: surveys, by: principal)
        return try JSONResponse.make(ServiceSettingsDTO(updated))
    }

    /// The body's `surveys` member over the stored survey settings (a member left out keeps its
    /// value); nil when the body has none.
    static func surveySettings(_ body: inout JSONBody, over stored: SurveySettings) -> SurveySettings? {
        guard body.has("surveys"), !body.isNull("surveys") else { return nil }
        guard case .object(let members)? = body.object["surveys"] else {
            body.append(FieldIssue(field: "surveys", reason: "must be an object", code: "json.object"))
            return nil
        }
        var nested = JSONBody(object: members)
        nested.allow(only: ["afterResolution", "afterDelivery", "questions", "linkDays"])
        // A member is left out to keep its value; null is no value.
        for key in ["afterResolution", "afterDelivery", "questions", "linkDays"] where nested.isNull(key) {
            nested.append(FieldIssue(field: key, reason: "must not be null (leave it out to keep it)", code: "json.null"))
        }
        var s = stored
        if let v = nested.bool("afterResolution") { s.afterResolution = v }
        if let v = nested.bool("afterDelivery") { s.afterDelivery = v }
        if let raw = nested.string("questions") {
            if let q = SurveyQuestions(rawValue: raw) { s.questions = q } else {
                nested.append(FieldIssue(field: "questions", reason: "must be csat, nps or both", code: "choice.unknown", params: ["allowed": "csat, nps, both"]))
            }
        }
        if nested.has("linkDays"), let v = nested.int("linkDays", in: SurveySettings.linkDaysRange) { s.linkDays = v }
        body.absorb(nested, as: "surveys")
        return s
    }

    static let policyFields: Set<String> = ["name", "priority", "minValue", "firstResponseMinutes", "nextResponseMinutes", "resolutionMinutes", "warnPercent"]

    /// The body's fields over `base` (a new policy's defaults, or the stored one).
    static func input(_ body: inout JSONBody, over base: SLAPolicies.Input) -> SLAPolicies.Input {
        var input = base
        if body.has("name") { input.name = body.string("name") ?? "" }
        if body.has("priority") { input.priority = body.string("priority") ?? "" }
        if body.has("minValue") {
            if let raw = body.string("minValue"), let v = Int64(raw), v >= 0 { input.minValueMinor = v } else {
                body.append(FieldIssue(field: "minValue", reason: "must be a whole amount in the organisation's currency, 0 or more", code: "number.invalid"))
            }
        }
        let range = 1...SLAPolicies.Input.maxMinutes
        if body.has("firstResponseMinutes") { input.firstResponseMinutes = body.int("firstResponseMinutes", in: range) ?? 0 }
        if body.has("nextResponseMinutes") { input.nextResponseMinutes = body.int("nextResponseMinutes", in: range) ?? 0 }
        if body.has("resolutionMinutes") { input.resolutionMinutes = body.int("resolutionMinutes", in: range) ?? 0 }
        if body.has("warnPercent") { input.warnPercent = body.int("warnPercent", in: 1...99) ?? 0 }
        // Every problem at once: the store's own checks beside the body's.
        for issue in input.issues() where !body.issues.contains(where: { $0.field == issue.field }) { body.append(issue) }
        return input
    }

    @Sendable func listPolicies(_ request: Request, context: AppRequestContext) async throws -> Response {
        let items = try await policies.list(by: try context.principal())
        return try JSONResponse.make(ListBody(items: items.map(SLAPolicyDTO.init), next: nil))
    }

    @Sendable func createPolicy(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.serviceConfigure, to: "set service levels")
        var body = try await JSONBody.read(request, context)
        body.allow(only: Self.policyFields)
        for field in ["name", "priority", "firstResponseMinutes", "nextResponseMinutes", "resolutionMinutes"] where !body.has(field) {
            body.append(FieldIssue(field: field, reason: "is required", code: "required"))
        }
        let input = Self.input(&body, over: .init(name: "", priority: "", firstResponseMinutes: 0, nextResponseMinutes: 0, resolutionMinutes: 0))
        try body.check()
        let policy = try await policies.save(nil, input, by: principal)
        return try JSONResponse.make(SLAPolicyDTO(policy), status: .created,
                                     headers: [.location: "/api/v1/sla-policies/\(policy.id)", .eTag: "\"\(policy.version)\""])
    }

    @Sendable func updatePolicy(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "SLA policy")
        let principal = try context.principal()
        try principal.require(.serviceConfigure, to: "set service levels")
        let expected = try TicketsController.ifMatch(request)
        var body = try await JSONBody.read(request, context)
        body.allow(only: Self.policyFields)
        guard let current = try await policies.list(by: principal).first(where: { $0.id == id }) else {
            throw StoreError.notFound(entity: "SLA policy", id: String(id))
        }
        let input = Self.input(&body, over: .init(name: current.name, priority: current.priority, minValueMinor: current.minValueMinor,
                                                  firstResponseMinutes: current.firstResponseMinutes, nextResponseMinutes: current.nextResponseMinutes,
                                                  resolutionMinutes: current.resolutionMinutes, warnPercent: current.warnPercent))
        try body.check()
        let policy = try await policies.save(id, input, expectedVersion: expected, by: principal)
        return try JSONResponse.make(SLAPolicyDTO(policy), headers: [.eTag: "\"\(policy.version)\""])
    }

    @Sendable func deletePolicy(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await policies.delete(try RouteID.require(context, resource: "SLA policy"), by: try context.principal())
        return Response(status: .noContent)
    }

    @Sendable func listHolidays(_ request: Request, context: AppRequestContext) async throws -> Response {
        let current = JalaliDate(Date(), timeZone: TimeZone(identifier: "Asia/Tehran")!).year
        var year = current
        if let raw = request.uri.queryParameters.get("year") {
            guard let y = Int(raw), (1300...1600).contains(y) else { throw Problem.badRequest("year must be a Solar Hijri year, e.g. 1405", field: "year") }
            year = y
        }
        let items = try await holidays.list(year: year, by: try context.principal())
        return try JSONResponse.make(HolidaysBody(year: String(year), lunarDataShipped: IranHolidays.hasLunarData(for: year),
                                                  items: items.map(HolidayDTO.init)))
    }

    @Sendable func addHoliday(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.serviceConfigure, to: "edit the holiday calendar")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["date", "nameFa", "nameEn"])
        var day: JalaliDate?
        if let text = body.string("date") {
            day = DealDates.parse(text)
            if day == nil { body.append(FieldIssue(field: "date", reason: "must be a date YYYY-MM-DD (Gregorian)", code: "date.invalid")) }
        } else if !body.issues.contains(where: { $0.field == "date" }) {
            body.append(FieldIssue(field: "date", reason: "is required", code: "required"))
        }
        let nameFa = body.string("nameFa") ?? "", nameEn = body.string("nameEn") ?? ""
        try body.check()
        guard let day else { throw Problem.badRequest("date is required", field: "date") }
        let entry = try await holidays.add(on: day, nameFa: nameFa, nameEn: nameEn, by: principal)
        return try JSONResponse.make(HolidayDTO(entry), status: .created, headers: [.location: "/api/v1/service-holidays/\(entry.id)"])
    }

    @Sendable func removeHoliday(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await holidays.remove(try RouteID.require(context, resource: "holiday"), by: try context.principal())
        return Response(status: .noContent)
    }

    @Sendable func setHours(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "service team")
        let principal = try context.principal()
        try principal.require(.serviceConfigure, to: "set up service teams")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["hours"])
        let text = body.string("hours")
        try body.check()
        let team = try await teams.setHours(id, text: text, by: principal)
        return try JSONResponse.make(ServiceTeamDTO(team), headers: [.eTag: "\"\(team.version)\""])
    }
}

struct SLAPolicyDTO: Encodable {
    let id: String
    let name: String
    let priority: String
    let minValue: String
    let firstResponseMinutes: Int
    let nextResponseMinutes: Int
    let resolutionMinutes: Int
    let warnPercent: Int
    let version: Int

    init(_ p: SLAPolicy) {
        (id, name, priority, minValue) = (String(p.id), p.name, p.priority, String(p.minValueMinor))
        (firstResponseMinutes, nextResponseMinutes, resolutionMinutes, warnPercent, version) =
            (p.firstResponseMinutes, p.nextResponseMinutes, p.resolutionMinutes, p.warnPercent, p.version)
    }
}

struct HolidayDTO: Encodable {
    let id: String
    let date: String
    let jalaliDate: String
    let nameFa: String
    let nameEn: String
    let kind: String
    let source: String?

    init(_ e: ServiceHolidays.Entry) {
        id = String(e.id)
        date = DealDates.iso(e.holiday.date)
        jalaliDate = e.holiday.date.formatted(digits: .latin).replacingOccurrences(of: "/", with: "-")
        (nameFa, nameEn, kind, source) = (e.holiday.nameFa, e.holiday.nameEn, e.holiday.kind.rawValue, e.source)
    }
}

struct ServiceSettingsDTO: Encodable {
    struct Surveys: Encodable { let afterResolution: Bool, afterDelivery: Bool, questions: String, linkDays: Int }
    let inboundChannels: [String]
    let defaultTeamId: String?
    let surveys: Surveys

    init(_ s: ServiceSettings) {
        inboundChannels = ServiceSettings.inboundChoices.filter { s.inboundChannels.contains($0) }.map(\.rawValue)
        defaultTeamId = s.defaultTeamId.map(String.init)
        surveys = Surveys(afterResolution: s.surveys.afterResolution, afterDelivery: s.surveys.afterDelivery, questions: s.surveys.questions.rawValue,
                          linkDays: s.surveys.linkDays)
    }
}

struct HolidaysBody: Encodable {
    let year: String
    let lunarDataShipped: Bool
    let items: [HolidayDTO]
}
