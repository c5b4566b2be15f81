import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// The customer 360 page: header, value and scores, relations, people, the merged timeline with
/// its filters and the log-an-interaction form, documents, merges and the audit log. A thin
/// handler: `Customer360Query` reads (concurrently), `Customer360Model` is what the template
/// renders, `customer-360.mustache` the view.
extension CustomerPages {
    func render360(_ request: Request, _ context: AppRequestContext, id: Int64, logForm: FormData?, logIssues: [FieldIssue],
                   documentIssues: [FieldIssue] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let params = FormData.query(request)
        let (filter, filterError) = timelineFilter(params, context)
        let data = try await Customer360Query(customers: customers, users: users, timeline: timeline).read(id, timeline: filter, by: principal)
        let model = Customer360Model(data, principal: principal, filter: filter, filterError: filterError, params: params, logForm: logForm,
                                     logIssues: logIssues, documentIssues: documentIssues,
                                     text: PageText(views: views, lang: context.language, toman: context.toman))
        return views.page("customer-360", request, context, title: data.customer.fields.name, current: "customers", status: status, model: model)
    }

    /// The timeline's filters from the query string; a date that does not read is reported, not fatal.
    func timelineFilter(_ params: FormData, _ context: AppRequestContext) -> (InteractionQuery, String?) {
        var filterError: String?
        var query = InteractionQuery(limit: 30)
        query.kind = params.get("kind").flatMap(InteractionKind.init(rawValue:))
        query.channel = params.get("channel").flatMap(ContactChannel.init(rawValue:))
        query.staffId = params.get("staff").flatMap { Int64($0) }
        for (name, keyPath, shift) in [("from", \InteractionQuery.from, 0.0), ("to", \InteractionQuery.to, 86400.0)] {
            if let text = params.get(name), !text.isEmpty {
                if let date = FormDates.parse(text, timeZone: views.formatting.timeZone) { query[keyPath: keyPath] = date.addingTimeInterval(shift) } else {
                    filterError = views.t("date_format_hint", context)
                }
            }
        }
        query.before = params.get("after").flatMap(TimelineCursor.decode)
        return (query, filterError)
    }
}
