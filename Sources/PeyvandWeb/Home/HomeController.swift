import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/` (the start page: the dashboard's figures and the latest changes) and `/areas/{area}` for
/// areas not yet built.
struct HomeController {
    let views: Views
    let dashboard: Dashboard
    /// Sales: the person's day, on the start page.
    var tasks: TaskRepository? = nil

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/", use: home)
        group.get("areas/:area", use: area)
    }

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let text = PageText(views: views, lang: context.language, toman: context.toman)
        // Months of the reader's calendar: Jalali in fa, Gregorian in en.
        let period = DashboardPeriod.months(of: text.calendar)
        let figures = try await dashboard.figures(period, by: principal)
        var model = HomeModel(figures, period: period, principal: principal, text: text)
        if let tasks { model.tasks = try await HomeTasks.read(tasks, for: principal, text: text) }  // sales: my day
        return views.page("home", request, context, title: views.t("home_title", context), model: model)
    }

    @Sendable func area(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let key = context.parameters.get("area"), let area = Navigation.area(key) else { throw HTTPError(.notFound, message: "no such area") }
        let title = views.t("area_\(area.key)", context)
        return views.page("area", request, context, title: title, current: area.key,
                          model: AreaModel(areaTitle: title, areaPurpose: views.t("purpose_\(area.key)", context)))
    }
}
