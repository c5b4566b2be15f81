import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/interactions`: the latest interactions across the customers the person reaches, filtered by
/// kind, channel, staff and dates, a keyset page at a time (`after`), the filters kept on the next page.
struct InteractionsListPage {
    let views: Views
    let interactions: InteractionRepository
    let users: UserRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("interactions", use: list)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let params = FormData.query(request)
        let (filter, filterError) = Self.filter(params, timeZone: views.formatting.timeZone, dateHint: views.t("date_format_hint", context))
        let data = try await InteractionsListQuery(interactions: interactions, users: users).read(filter, by: principal)
        let model = InteractionsListModel(data, filter: filter, filterError: filterError, params: params,
                                          text: PageText(views: views, lang: context.language, toman: context.toman))
        return views.page("interactions-list", request, context, title: views.t("interactions_title", context), current: "interactions", model: model)
    }

    /// The filters from the query string; a date that does not read is reported, not fatal.
    static func filter(_ params: FormData, timeZone: TimeZone, dateHint: String) -> (InteractionQuery, String?) {
        var error: String?
        var query = InteractionQuery(limit: 50)
        query.kind = params.get("kind").flatMap(InteractionKind.init(rawValue:))
        query.channel = params.get("channel").flatMap(ContactChannel.init(rawValue:))
        query.staffId = params.get("staff").flatMap { Int64(PersianText.latinDigits($0)) }
        for (name, keyPath, shift) in [("from", \InteractionQuery.from, 0.0), ("to", \InteractionQuery.to, 86400.0)] {
            guard let text = params.get(name), !text.isEmpty else { continue }
            if let date = FormDates.parse(text, timeZone: timeZone) { query[keyPath: keyPath] = date.addingTimeInterval(shift) } else { error = dateHint }
        }
        query.before = params.get("after").flatMap(TimelineCursor.decode)
        return (query, error)
    }
}
