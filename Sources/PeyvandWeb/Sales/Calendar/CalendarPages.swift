import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/calendar?view=month|week|day&date=2026-11-23`: the person's meetings (organised or
/// attended), Jalali in fa and Gregorian in en.
struct CalendarPages {
    let views: Views
    let meetings: MeetingRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("calendar", use: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let zone = views.formatting.timeZone
        let params = FormData.query(request)
        let todayDay = CalendarGrid.day(of: Date(), zone: zone)
        let focus = CalendarGrid.parse(params.get("date"), zone: zone) ?? todayDay
        let view = params.get("view").flatMap(CalendarGrid.View.init(rawValue:)) ?? .month
        let grid = CalendarGrid(view: view, focus: focus, language: context.language)
        let query = MeetingQuery(from: CalendarGrid.start(of: grid.first, zone: zone), to: CalendarGrid.start(of: grid.last + 1, zone: zone),
                                 userId: principal.userId, limit: 500)
        let page = try await meetings.list(query, by: principal)
        let model = CalendarModel(grid: grid, meetings: page.items, todayDay: todayDay, principal: principal,
                                  text: PageText(views: views, lang: context.language, toman: context.toman), zone: zone)
        return views.page("calendar", request, context, title: views.t("calendar_title", context), current: "calendar", model: model)
    }
}
