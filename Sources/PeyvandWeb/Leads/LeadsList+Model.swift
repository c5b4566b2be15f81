import Foundation
import PeyvandCore
import PeyvandStore

/// What `leads-list.mustache` renders: the filters as chosen, the leads, the "new for you" notice.
struct LeadsListModel {
    struct Option { let value: String, label: String, selected: Bool }
    struct Row {
        let id: Int64, name: String, company: String, status: String, statusKey: String, score: String, source: String
        let campaign: String, owner: String, created: String, channel: String
    }
    let rows: [Row]
    let statuses: [Option]
    let owners: [Option]
    let q: String
    let source: String
    let campaign: String
    let next: String?
    let newForMe: String?
    let newForMeLink: String
    let canManage: Bool
    let canConfigure: Bool
    let saved: Bool
}

extension LeadsListModel {
    init(_ data: LeadsListData, query: LeadQuery, principal: Principal, saved: Bool, text x: PageText) {
        rows = data.page.items.map { l in
            Row(id: l.id, name: l.name, company: l.company ?? "", status: x.label("lead_status", l.status.rawValue), statusKey: l.status.rawValue,
                score: x.number(l.score), source: LeadModel.source(l, text: x), campaign: l.campaign ?? "", owner: l.ownerName ?? x.t("leads_unassigned"),
                created: x.when(l.createdAt), channel: x.label("lead_channel", l.channel.rawValue))
        }
        statuses = [Option(value: "", label: x.t("leads_all_statuses"), selected: query.status == nil)]
            + LeadStatus.allCases.map { Option(value: $0.rawValue, label: x.label("lead_status", $0.rawValue), selected: query.status == $0) }
        owners = [Option(value: "", label: x.t("leads_all_owners"), selected: query.ownerId == nil)]
            + data.staff.filter(\.active).map { Option(value: String($0.id), label: $0.name, selected: query.ownerId == $0.id) }
        q = query.q ?? ""
        source = query.source ?? ""
        campaign = query.campaign ?? ""
        var items: [URLQueryItem] = []
        if let s = query.status { items.append(URLQueryItem(name: "status", value: s.rawValue)) }
        if let o = query.ownerId { items.append(URLQueryItem(name: "ownerId", value: String(o))) }
        for (name, value) in [("source", query.source), ("campaign", query.campaign), ("q", query.q)] {
            if let value, !value.isEmpty { items.append(URLQueryItem(name: name, value: value)) }
        }
        next = data.page.next.map { cursor in
            var c = URLComponents()
            c.queryItems = items + [URLQueryItem(name: "after", value: cursor)]
            return "/leads?" + (c.percentEncodedQuery ?? "")
        }
        newForMe = data.newForMe > 0 ? x.t("leads_new_for_me").replacingOccurrences(of: "{count}", with: x.number(data.newForMe)) : nil
        newForMeLink = "/leads?status=new&ownerId=\(principal.userId)"
        canManage = principal.may(.leadsManage)
        canConfigure = principal.may(.salesConfigure)
        self.saved = saved
    }
}
