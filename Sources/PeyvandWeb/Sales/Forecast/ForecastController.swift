import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/forecast`: the sales forecast of a period; `/api/v1/quotas`: quotas per person and
/// period; `/api/v1/forecast/settings`: where commit and best case start;
/// `/api/v1/users/{id}/team`: the team a person sells in.
struct ForecastController {
    let forecast: SalesForecast
    let quotas: SalesQuotas

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("forecast", use: read)
        group.get("forecast/settings", use: settings)
        group.put("forecast/settings", use: setSettings)
        group.get("quotas", use: listQuotas)
        group.put("quotas", use: setQuota)
        group.put("users/:id/team", use: setTeam)
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = try ForecastParameters.query(FormData.query(request), language: nil)
        let principal = try context.principal()
        try principal.require(.salesRead, to: "read the sales forecast")
        // Encoding the forecast is most of a kept read's cost: the JSON is kept per reader and
        // address while the sales data stays as it is, like the page.
        let key = "forecast-json:\(principal.userId):\(principal.role.rawValue):\(request.uri.query ?? "")"
        let body = try await forecast.kept(derived: key) { [forecast] in
            try JSONResponse.encoder.encode(ForecastDTO(try await forecast.read(query, by: principal)))
        }
        return JSONResponse.make(encoded: body)
    }

    @Sendable func settings(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.principal().require(.salesRead, to: "read the sales forecast")
        return try JSONResponse.make(ThresholdsDTO(try await quotas.thresholds()))
    }

    @Sendable func setSettings(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.salesConfigure, to: "set the forecast's probabilities")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["commitFrom", "bestCaseFrom"])
        let commit = body.int("commitFrom", in: 0...100), best = body.int("bestCaseFrom", in: 0...100)
        for (key, value) in [("commitFrom", commit), ("bestCaseFrom", best)] where value == nil && !body.issues.contains(where: { $0.field == key }) {
            body.append(FieldIssue(field: key, reason: "is required", code: "required"))
        }
        try body.check()
        let thresholds = ForecastThresholds(commitFrom: commit ?? 0, bestCaseFrom: best ?? 0)
        try await quotas.setThresholds(thresholds, by: principal)
        return try JSONResponse.make(ThresholdsDTO(try await quotas.thresholds()))
    }

    @Sendable func listQuotas(_ request: Request, context: AppRequestContext) async throws -> Response {
        let period = try ForecastParameters.query(FormData.query(request), language: nil).period
        let items = try await quotas.list(period, by: try context.principal())
        let currency = try await forecast.currency()
        return try JSONResponse.make(ListBody(items: items.map { QuotaDTO($0, currency: currency) }, next: nil))
    }

    @Sendable func setQuota(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.salesConfigure, to: "set sales quotas")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["userId", "calendar", "period", "amount"])
        let user = body.id("userId"), calendarText = body.string("calendar"), periodText = body.string("period")
        let amountText = body.decimal("amount")
        if user == nil && !body.issues.contains(where: { $0.field == "userId" }) { body.append(FieldIssue(field: "userId", reason: "is required", code: "required")) }
        if !body.has("amount") { body.append(FieldIssue(field: "amount", reason: "is required (null removes the quota)", code: "required")) }
        var period: ForecastPeriod?
        do {
            let calendar = try ForecastParameters.calendar(calendarText, language: nil)
            if let periodText { period = try ForecastPeriod(key: periodText, calendar) } else if !body.issues.contains(where: { $0.field == "period" }) {
                body.append(FieldIssue(field: "period", reason: "is required", code: "required"))
            }
        } catch { error.issues.forEach { body.append($0) } }
        let currency = try await forecast.currency()
        var amount: Int64?
        if let amountText {
            do { amount = try Money(major: amountText, currency: currency).minorUnits } catch { error.issues.forEach { body.append($0.at("amount")) } }
        }
        try body.check()
        guard let user, let userId = Int64(user), let period else { throw Problem.validation(ValidationError(body.issues)) }
        try await quotas.set(userId: userId, period: period, amount: amount, by: principal)
        return try JSONResponse.make(QuotaDTO(SalesQuotas.Quota(userId: userId, period: period, amount: amount ?? 0), currency: currency,
                                              removed: amount == nil))
    }

    @Sendable func setTeam(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.salesConfigure, to: "set sales teams")
        let userId = try RouteID.require(context, resource: "user")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["team"])
        let team = body.string("team")
        if !body.has("team") { body.append(FieldIssue(field: "team", reason: "is required (null clears it)", code: "required")) }
        try body.check()
        try await quotas.setTeam(userId: userId, team: team, by: principal)
        return try JSONResponse.make(TeamDTO(userId: String(userId), team: team?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty))
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// The forecast's query parameters, shared by the API and the page: `calendar` (jalali or
/// gregorian; the page defaults to the reader's), `period` (`1405-Q1`, `1405-07`; default the
/// current quarter), `pipelineId`, `team`, `ownerId`.
enum ForecastParameters {
    static func calendar(_ text: String?, language: Language?) throws(ValidationError) -> ForecastPeriod.CalendarKind {
        guard let text, !text.isEmpty else { return language == .en ? .gregorian : .jalali }
        guard let kind = ForecastPeriod.CalendarKind(rawValue: text) else {
            throw ValidationError(field: "calendar", reason: "must be jalali or gregorian", code: "choice.unknown")
        }
        return kind
    }

    static func query(_ p: FormData, language: Language?, now: Date = Date()) throws -> ForecastQuery {
        var issues: [FieldIssue] = []
        var calendar = ForecastPeriod.CalendarKind.jalali
        do { calendar = try Self.calendar(p.get("calendar"), language: language) } catch { issues += error.issues }
        let today = Tehran.day(of: now).daysSinceUnixEpoch
        var period = ForecastPeriod.containing(day: today, calendar, .quarter)
        if let key = p.get("period"), !key.isEmpty {
            do { period = try ForecastPeriod(key: key, calendar) } catch { issues += error.issues }
        }
        var query = ForecastQuery(period: period)
        for (name, keyPath) in [("pipelineId", \ForecastQuery.pipelineId), ("ownerId", \ForecastQuery.ownerId)] {
            if let raw = p.get(name), !raw.isEmpty {
                if raw.range(of: "^[1-9][0-9]{0,17}$", options: .regularExpression) != nil, let id = Int64(raw) { query[keyPath: keyPath] = id } else {
                    issues.append(FieldIssue(field: name, reason: "must be an id", code: "id.invalid"))
                }
            }
        }
        if let team = p.get("team"), !team.isEmpty {
            if team.count > 100 { issues.append(FieldIssue(field: "team", reason: "must be at most 100 characters", code: "text.tooLong", params: ["max": "100"])) }
            query.team = team
        }
        if !issues.isEmpty { throw Problem.validation(ValidationError(issues)) }
        return query
    }
}
