import Foundation
import PeyvandCore
import PeyvandStore

/// What the deals list (`deals-list.mustache`) renders: one page of deals with the board's filters
/// and a few more (stage, status, search), carried to the next page.
struct DealsListModel {
    struct Row {
        let id: Int64, title: String, customerId: Int64, customer: String, stage: String, status: String, statusLabel: String, amount: String
        let probability: String, close: String?, owner: String?
    }

    let rows: [Row]
    let next: String?
    let pipelines: [Choice]
    let stages: [Choice]
    let statuses: [Choice]
    let owners: [Choice]
    let closeFrom: String
    let closeTo: String
    let q: String
    let boardHref: String
    let canWrite: Bool
    let errors: [FieldError]
}

extension DealsListModel {
    init(_ page: Page<Deal>, pipelines all: [Pipeline], staff: [User], filter: DealFilter, params: FormData, principal: Principal,
         issues: [FieldIssue], text x: PageText) {
        rows = page.items.map { d in
            Row(id: d.id, title: d.title, customerId: d.customerId, customer: d.customerName, stage: d.stageName, status: d.status.rawValue,
                statusLabel: x.dealStatus(d.status), amount: x.money(d.amount), probability: x.chance(d.probability), close: d.expectedClose.map(x.dealDay),
                owner: d.ownerName)
        }
        let kept = params.pairs.filter { $0.0 != "after" && $0.0 != "lang" && !$0.1.isEmpty }
        var c = URLComponents()
        c.queryItems = kept.map { URLQueryItem(name: $0.0, value: $0.1) }
        let query = c.percentEncodedQuery ?? ""
        next = page.next.map { "/deals/list?" + (query.isEmpty ? "" : query + "&") + "after=\($0)" }
        pipelines = all.map { Choice(value: String($0.id), label: $0.name, selected: $0.id == filter.pipelineId) }
        stages = all.filter { filter.pipelineId == nil || $0.id == filter.pipelineId }.flatMap { p in
            p.stages.map { Choice(value: String($0.id), label: filter.pipelineId == nil && all.count > 1 ? "\(p.name) › \($0.name)" : $0.name, selected: $0.id == filter.stageId) }
        }
        statuses = DealStatus.allCases.map { Choice(value: $0.rawValue, label: x.dealStatus($0), selected: $0 == filter.status) }
        owners = staff.filter(\.active).map { Choice(value: String($0.id), label: $0.name, selected: $0.id == filter.ownerId) }
        closeFrom = params.get("closeFrom") ?? ""
        closeTo = params.get("closeTo") ?? ""
        q = filter.q ?? ""
        boardHref = "/deals" + (filter.pipelineId.map { "?pipeline=\($0)" } ?? "")
        canWrite = principal.may(.dealsWrite)
        errors = x.dealErrors(issues)
    }
}
