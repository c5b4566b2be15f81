import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/analytics`: the customers per RFM segment, where the profit comes from (the 80/20 curve and
/// the customers who cost more than they bring), the behavioural segments, who is likely to stop
/// buying and how long customers keep buying, the lifetime-value models with their fitted
/// parameters and holdout check — each with when and on how many customers it was computed.
/// A thin handler: `AnalyticsQuery` reads (concurrently), `AnalyticsModel` is what the template
/// renders, `analytics.mustache` the view. Organisation-wide, so refused (403) to roles that
/// reach only their own customers.
struct AnalyticsPages {
    let views: Views
    let scores: CustomerScores

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("analytics", use: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        guard principal.readsOrganisationWide else { throw StoreError.forbidden(views.t("error_forbidden", context)) }
        let data = try await AnalyticsQuery(scores: scores).read(by: principal)
        let model = AnalyticsModel(data, text: PageText(views: views, lang: context.language, toman: context.toman))
        return views.page("analytics", request, context, title: views.t("analytics_title", context), current: "segments", model: model)
    }
}
