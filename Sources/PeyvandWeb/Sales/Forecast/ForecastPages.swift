import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/forecast`: the sales forecast of a month or quarter of the reader's calendar (or the other),
/// by period, owner, team and pipeline, with the lead funnel and each rep's activity; those who
/// configure selling set quotas, teams and the commit and best-case lines on the same page.
struct ForecastPages {
    let views: Views
    let forecast: SalesForecast
    let quotas: SalesQuotas

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("forecast", use: show)
        group.post("forecast/quotas", use: saveQuotas)
        group.post("forecast/settings", use: saveSettings)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query: ForecastQuery
        do { query = try ForecastParameters.query(FormData.query(request), language: context.language) } catch let problem as Problem {
            // A hand-edited address: the current period, with what was wrong said at the top.
            return try await render(request, context, ForecastParameters.query(FormData(""), language: context.language), issues: problem.errors ?? [],
                                    status: .badRequest)
        }
        return try await kept(request, context, query)
    }

    /// Stands in the kept page where each session's form token goes.
    static let csrfPlaceholder = "csrf-placeholder-5d0e7b19c4"

    /// The page as it is read (no form to correct): rendered once per reader, address, language
    /// and money unit while the sales data stays as it is (``SalesForecast/kept(derived:_:)``),
    /// with a placeholder where the session's form token goes. Rendering the page's tables is
    /// most of its cost (about 10 ms of CPU for 60 KB); a kept page costs the freshness probes.
    func kept(_ request: Request, _ context: AppRequestContext, _ query: ForecastQuery) async throws -> Response {
        let principal = try context.principal()
        let (language, toman, user, views, forecast, quotas) = (context.language, context.toman, context.user, views, forecast, quotas)
        let attention = context.tasksNeedingAttention
        let links = Views.LayoutLinks(request)
        let flash = FormData.query(request).get("saved") != nil ? views.t("forecast_saved", context) : nil
        let title = views.t("area_forecast", context)
        let key = ["forecast-page", "\(principal.userId)", principal.role.rawValue, principal.name, language.rawValue, "\(toman)", "\(attention)",
                   request.uri.description].joined(separator: "\u{1F}")
        // Kept cut where the form token goes, and joined around the session's token per request:
        // replacing the placeholder in 60 KB of Persian text through Foundation took more CPU
        // than rendering the page (perf, a deal moved every second).
        let pieces: [String] = try await forecast.kept(derived: key) {
            let data = try await ForecastPageQuery(forecast: forecast, quotas: quotas).read(query, by: principal)
            let model = ForecastModel(data, principal: principal, issues: [], flash: flash, text: PageText(views: views, lang: language, toman: toman))
            var page = views.layout(language, title: title, csrf: Self.csrfPlaceholder, toman: toman, user: user, current: "forecast", links: links,
                                    attention: attention)
            page.merge(Views.values(of: model)) { _, new in new }
            guard let html = views.library.render(page, withTemplate: "forecast") else { throw HTTPError(.internalServerError) }
            return html.split(separator: Self.csrfPlaceholder, omittingEmptySubsequences: false).map(String.init)
        }
        return views.respond(html: pieces.joined(separator: context.csrf ?? ""))
    }

    func render(_ request: Request, _ context: AppRequestContext, _ query: ForecastQuery, issues: [FieldIssue],
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let data = try await ForecastPageQuery(forecast: forecast, quotas: quotas).read(query, by: principal)
        let flash = FormData.query(request).get("saved") != nil ? views.t("forecast_saved", context) : nil
        let model = ForecastModel(data, principal: principal, issues: issues, flash: flash,
                                  text: PageText(views: views, lang: context.language, toman: context.toman))
        return views.page("forecast", request, context, title: views.t("area_forecast", context), current: "forecast", status: status, model: model)
    }

    /// One form for the period: each seller's team and quota. Every line is checked before any is
    /// saved, so a typo on one line changes nothing.
    @Sendable func saveQuotas(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let principal = try context.principal()
        let query = try ForecastParameters.query(form, language: context.language)
        let currency = try await forecast.currency()
        var issues: [FieldIssue] = []
        var lines: [(Int64, String?, Int64?)] = []
        for seller in try await quotas.sellers(by: principal) {
            let id = seller.userId
            let team = form["team\(id)"]?.trimmingCharacters(in: .whitespacesAndNewlines)
            if let team, team.count > 100 {
                issues.append(FieldIssue(field: "team", reason: "must be at most 100 characters", code: "text.tooLong", params: ["max": "100"]))
            }
            var amount: Int64?
            let typed = PersianText.latinDigits(form["quota\(id)"] ?? "").replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "٬", with: "")
                .trimmingCharacters(in: .whitespaces)
            if !typed.isEmpty {
                do { amount = try Money(major: typed, currency: currency).minorUnits } catch {
                    issues += error.issues.map { $0.at("quota") }
                }
                if let a = amount, a < 0 { issues.append(FieldIssue(field: "quota", reason: "must not be negative", code: "amount.negative")) }
            }
            lines.append((id, team, amount))
        }
        guard issues.isEmpty else { return try await render(request, context, query, issues: issues, status: .unprocessableContent) }
        do {
            for (id, team, amount) in lines {
                try await quotas.setTeam(userId: id, team: team, by: principal)
                try await quotas.set(userId: id, period: query.period, amount: amount, by: principal)
            }
        } catch StoreError.invalid(let error) {
            return try await render(request, context, query, issues: error.issues, status: .unprocessableContent)
        }
        return .redirect(Self.back(query) + "&saved=1#quotas")
    }

    @Sendable func saveSettings(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let query = try ForecastParameters.query(form, language: context.language)
        var issues: [FieldIssue] = []
        func percent(_ name: String) -> Int {
            guard let n = Int(PersianText.latinDigits(form[name] ?? "").trimmingCharacters(in: .whitespaces)), (0...100).contains(n) else {
                issues.append(FieldIssue(field: name, reason: "must be a probability from 0 to 100", code: "probability.range"))
                return 0
            }
            return n
        }
        let thresholds = ForecastThresholds(commitFrom: percent("commitFrom"), bestCaseFrom: percent("bestCaseFrom"))
        do {
            if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
            try await quotas.setThresholds(thresholds, by: try context.principal())
        } catch StoreError.invalid(let error) {
            return try await render(request, context, query, issues: error.issues, status: .unprocessableContent)
        }
        return .redirect(Self.back(query) + "&saved=1#settings")
    }

    static func back(_ q: ForecastQuery) -> String {
        var url = "/forecast?calendar=\(q.period.calendar.rawValue)&period=\(q.period.key)"
        if let p = q.pipelineId { url += "&pipelineId=\(p)" }
        if let t = q.team?.addingPercentEncoding(withAllowedCharacters: .alphanumerics) { url += "&team=\(t)" }
        if let o = q.ownerId { url += "&ownerId=\(o)" }
        return url
    }
}
