import Foundation
import PeyvandCore
import PeyvandStore

/// What the customers list (`customers-list.mustache`) renders: the search and its filters, the
/// saved views, one page of customers.
struct CustomersListModel {
    struct Filters { let city: String, tag: String, createdFrom: String, createdTo: String }
    struct SavedViewLink { let id: Int64, name: String, shared: Bool, selected: Bool, mine: Bool }
    struct Pair { let name: String, value: String }
    struct Row {
        let id: Int64, name: String, phone: String, city: String, stage: String, stageLabel: String, owner: String, updated: String
        let deleted: Bool
    }

    let exportHref: String
    let filterError: FieldError?
    let q: String
    let showDeleted: Bool
    let canWrite: Bool
    let nextHref: String?
    let f: Filters
    let advanced: Bool
    let stages: [Choice]
    let ownerOptions: [Choice]
    let consentOptions: [Choice]
    let savedViews: [SavedViewLink]
    let filtersForSave: [Pair]
    let customers: [Row]
}

extension CustomersListModel {
    /// `params`: the query string as typed; `filterIssues`: the filters that did not read.
    init(_ data: CustomersListData, query: CustomerQuery, params: FormData, filterIssues: [FieldIssue], principal: Principal, text x: PageText) {
        let owners = Dictionary(data.staff.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let filterPairs = params.pairs.filter { SavedViewRepository.filterNames.contains($0.0) && !$0.1.isEmpty }
        func href(_ base: String, _ extra: [(String, String)]) -> String {
            var c = URLComponents()
            c.queryItems = (filterPairs + extra).map { URLQueryItem(name: $0.0, value: $0.1) }
            let q = c.percentEncodedQuery ?? ""
            return q.isEmpty ? base : base + "?" + q
        }
        let currentView = params.get("view").flatMap { Int64($0) }
        exportHref = href("/customers/export.csv", [])
        filterError = filterIssues.isEmpty ? nil : FieldError(
            field: "filters", fieldLabel: nil,
            message: filterIssues.map { "\(x.t("field_\($0.field)")): \(x.views.issueText($0, x.lang))" }.joined(separator: "; "))
        q = query.q ?? ""
        showDeleted = query.includeDeleted
        canWrite = principal.may(.customersWrite)
        nextHref = data.page.next.map { href("/customers", [("after", $0)]) }
        f = Filters(city: params.get("city") ?? "", tag: params.get("tag") ?? "",
                    createdFrom: params.get("createdFrom") ?? "", createdTo: params.get("createdTo") ?? "")
        advanced = filterPairs.contains { ["city", "tag", "ownerId", "consent", "createdFrom", "createdTo"].contains($0.0) }
        stages = LifecycleStage.allCases.map { x.choice($0.rawValue, "stage", selected: $0 == query.stage) }
        ownerOptions = owners.sorted { $0.key < $1.key }.map { Choice(value: String($0.key), label: $0.value, selected: $0.key == query.ownerId) }
        consentOptions = Consents.channels.map { x.choice($0, "channel", selected: $0 == query.consent) }
        savedViews = data.savedViews.map {
            SavedViewLink(id: $0.id, name: $0.name, shared: $0.shared, selected: $0.id == currentView, mine: $0.userId == principal.userId)
        }
        filtersForSave = filterPairs.map { Pair(name: $0.0, value: $0.1) }
        customers = data.page.items.map { c in
            Row(id: c.id, name: c.fields.name, phone: c.fields.phones.first ?? "", city: c.fields.city ?? "", stage: c.fields.stage.rawValue,
                stageLabel: x.label("stage", c.fields.stage.rawValue), owner: c.fields.ownerId.flatMap { owners[$0] } ?? "",
                updated: x.when(c.updatedAt), deleted: c.isDeleted)
        }
    }
}
