import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/calendar/feed`: make (or replace) and revoke the person's calendar feed URL, with how to
/// subscribe to it on a phone. The URL is shown once, when it is made.
struct CalendarFeedPages {
    let views: Views
    let feeds: CalendarFeeds
    let baseURL: String

    struct Model {
        let active: Bool
        let since: String?
        let url: String?
        let webcal: String?
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("calendar/feed", use: show)
        group.post("calendar/feed", use: create)
        group.post("calendar/feed/revoke", use: revoke)
    }

    func render(_ request: Request, _ context: AppRequestContext, token: String?) async throws -> Response {
        let principal = try context.principal()
        let status = try await feeds.status(of: principal.userId)
        let x = PageText(views: views, lang: context.language, toman: context.toman)
        let root = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let url = token.map { root + "/calendar/\($0).ics" }
        let webcal = url.map { u in "webcal://" + (u.components(separatedBy: "://").last ?? u) }
        let model = Model(active: status.createdAt != nil, since: status.createdAt.map(x.when), url: url, webcal: webcal)
        return views.page("calendar-feed", request, context, title: views.t("calendar_feed_title", context), current: "calendar", model: model)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await render(request, context, token: nil)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await FormData.read(request, context, csrf: context.csrf)
        let token = try await feeds.create(by: try context.principal())
        return try await render(request, context, token: token)
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await FormData.read(request, context, csrf: context.csrf)
        try await feeds.revoke(by: try context.principal())
        return .redirect("/calendar/feed")
    }
}
