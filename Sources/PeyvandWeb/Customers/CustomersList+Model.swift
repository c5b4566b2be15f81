import Foundation
import PeyvandCore
import PeyvandStore

/// What the customers list (`customers-list.mustache`) renders: the search and its filters (each
/// active one a chip that removes it), the saved views, one page of customers, and the links —
/// next page and exports — that keep every filter.
struct CustomersListModel {
    struct Filters { let city: String, tag: String, createdFrom: String, createdTo: String, updatedFrom: String, updatedTo: String }
    struct SavedViewLink { let id: Int64, name: String, shared: Bool, selected: Bool, mine: Bool }
    struct Pair { let name: String, value: String }
    /// A phone as its reader dials it, and its `tel:` link in E.164.
    struct Phone { let text: String, href: String }
    struct Row {
        let id: Int64, name: String, phone: Phone?, city: String, stage: String, stageLabel: String, owner: String
        let updated: String, deleted: Bool
        /// Satisfaction: the class's key and label (an angry customer's row is marked).
        var satisfaction: String? = nil
        var satisfactionLabel: String? = nil
        var angry: Bool = false
    }

    let exports: Exports
    let filterError: FieldError?
    let q: String
    let showDeleted: Bool
    let canWrite: Bool
    /// The duplicates page answers only roles that reach every customer.
    let canFindDuplicates: Bool
    let nextHref: String?
    let f: Filters
    let advanced: Bool
    let chips: [Chip]
    /// Filters the search form has no field for (set from the analytics page): kept as hidden fields.
    let hiddenFilters: [Pair]
    let stages: [Choice]
    let ownerOptions: [Choice]
    let consentOptions: [Choice]
    /// Satisfaction: the classes filter (one class, or angry and dissatisfied together).
    var satisfactionOptions: [Choice] = []
    let savedViews: [SavedViewLink]
    let filtersForSave: [Pair]
    let customers: [Row]
}

extension CustomersListModel {
    /// `params`: the query string as typed; `filterIssues`: the filters that did not read.
    init(_ data: CustomersListData, query: CustomerQuery, params: FormData, filterIssues: [FieldIssue], principal: Principal, text x: PageText) {
        let owners = Dictionary(data.staff.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let filters = CustomerListFilters(params)
        let currentView = params.get("view").flatMap { Int64($0) }
        exports = Exports(csv: filters.href("/customers/export.csv"), csvMachine: filters.href("/customers/export.csv", [("headers", "machine")]),
                          vcf: filters.href("/customers/export.vcf"), jsonl: filters.href("/customers/export.jsonl"))
        filterError = filterIssues.isEmpty ? nil : FieldError(
            field: "filters", fieldLabel: nil,
            message: filterIssues.map { "\(x.t("field_\($0.field)")): \(x.views.issueText($0, x.lang))" }.joined(separator: x.lang == .fa ? "؛ " : "; "))
        q = query.q ?? ""
        showDeleted = query.includeDeleted
        canWrite = principal.may(.customersWrite)
        canFindDuplicates = principal.may(.customersRead) && principal.customerScope == .all
        let pageSize = params.get("limit").map { [("limit", $0)] } ?? []
        nextHref = data.page.next.map { filters.href("/customers", pageSize + [("after", $0)]) }
        f = Filters(city: params.get("city") ?? "", tag: params.get("tag") ?? "",
                    createdFrom: params.get("createdFrom") ?? "", createdTo: params.get("createdTo") ?? "",
                    updatedFrom: params.get("updatedFrom") ?? "", updatedTo: params.get("updatedTo") ?? "")
        advanced = filters.pairs.contains { ["city", "tag", "ownerId", "consent", "createdFrom", "createdTo", "updatedFrom", "updatedTo"].contains($0.0) }
        chips = Self.chips(filters, owners: owners, text: x)
        hiddenFilters = filters.pairs.filter { ["rfm", "behaviour", "minChurnRisk"].contains($0.0) }.map { Pair(name: $0.0, value: $0.1) }
        stages = LifecycleStage.allCases.map { x.choice($0.rawValue, "stage", selected: $0 == query.stage) }
        ownerOptions = owners.sorted { $0.key < $1.key }.map { Choice(value: String($0.key), label: $0.value, selected: $0.key == query.ownerId) }
        consentOptions = Consents.channels.map { x.choice($0, "channel", selected: $0 == query.consent) }
        savedViews = data.savedViews.map {
            SavedViewLink(id: $0.id, name: $0.name, shared: $0.shared, selected: $0.id == currentView, mine: $0.userId == principal.userId)
        }
        filtersForSave = filters.pairs.map { Pair(name: $0.0, value: $0.1) }
        customers = data.page.items.map { c in
            let phone = c.fields.phones.first
            let sat = data.classes[c.id]?.value
            return Row(id: c.id, name: c.fields.name, phone: phone.map { Phone(text: x.phone($0), href: x.phoneLink($0)) },
                       city: c.fields.city ?? "", stage: c.fields.stage.rawValue, stageLabel: x.label("stage", c.fields.stage.rawValue),
                       owner: c.fields.ownerId.flatMap { owners[$0] } ?? "", updated: x.when(c.updatedAt), deleted: c.isDeleted,
                       satisfaction: sat?.rawValue, satisfactionLabel: sat.map { x.satisfactionLabel($0) }, angry: sat == .angry)
        }
        satisfactionOptions = Self.satisfactionChoices(query.satisfaction, x)
    }
}
