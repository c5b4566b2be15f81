import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/reports/service`: the service reports of a period of months in the reader's calendar (or the
/// other), optionally narrowed to a team, a channel or an agent. A thin handler: the store reads,
/// `ServiceReportModel` is what `service-reports.mustache` renders. Organisation-wide, so refused
/// (403) to roles that reach only their own customers.
struct ServiceReportPages {
    let views: Views
    let reports: ServiceReports

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("reports/service", use: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try ServiceReports.requireRead(principal)
        let query: ServiceReportQuery, issues: [FieldIssue], status: HTTPResponse.Status
        do {
            query = try ServiceReportParameters.query(FormData.query(request), language: context.language)
            issues = []
            status = .ok
        } catch let problem as Problem {
            // A hand-edited address: the default period, with what was wrong said at the top.
            var fallback = FormData.query(request)
            fallback = FormData(fallback.get("calendar").map { "calendar=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" } ?? "")
            if let kept = try? ServiceReportParameters.query(fallback, language: context.language) { query = kept } else {
                query = try ServiceReportParameters.query(FormData(""), language: context.language)
            }
            issues = problem.errors ?? []
            status = .unprocessableContent
        }
        async let report = reports.read(query, by: principal)
        async let choices = reports.choices(by: principal)
        let (teams, agents) = try await choices
        let model = ServiceReportModel(try await report, teams: teams, agents: agents, issues: issues,
                                       text: PageText(views: views, lang: context.language, toman: context.toman))
        return views.page("service-reports", request, context, title: views.t("report_service_title", context), current: "servicereports",
                          status: status, model: model)
    }
}
