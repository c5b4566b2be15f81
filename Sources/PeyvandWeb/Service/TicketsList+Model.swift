import Foundation
import PeyvandCore
import PeyvandStore

/// What the tickets page reads, at once: a page of the chosen queue, the counts on its tabs and
/// the teams (the team filter).
struct TicketsListData: Sendable {
    let page: Page<Ticket>
    let counts: (mine: Int, team: Int, unassigned: Int)
    let teams: [ServiceTeam]
}

struct TicketsListQuery: Sendable {
    let tickets: Tickets
    let teams: ServiceTeams

    func read(_ query: TicketQuery, by principal: Principal) async throws -> TicketsListData {
        async let page = tickets.list(query, by: principal)
        async let counts = tickets.counts(for: principal)
        async let teams = teams.list(by: principal)
        return TicketsListData(page: try await page, counts: try await counts, teams: try await teams)
    }
}

/// What `tickets-list.mustache` renders: the queue tabs with their counts, the filters as chosen,
/// the tickets.
struct TicketsListModel {
    struct Tab { let key: String, label: String, href: String, count: String?, current: Bool }
    struct Row {
        let id: Int64, number: String, subject: String, customer: String, customerId: Int64, status: String, statusKey: String
        let priority: String, priorityKey: String, category: String, channel: String, channelKey: String, channelIcon: String
        let assignee: String, team: String, updated: String
        /// The nearest running due instant, and a mark: breached, or due soon.
        let due: String?, dueKey: String, dueMark: String?
        /// Satisfaction: the customer is angry (the row is marked).
        var angry = false
    }
    struct Sort { let key: String, label: String, href: String, current: Bool }
    let tabs: [Tab]
    var rows: [Row]
    let queue: String
    let statuses: [Choice]
    let priorities: [Choice]
    let categories: [Choice]
    let teams: [Choice]
    let q: String
    let next: String?
    let canWrite: Bool
    let canConfigure: Bool
    /// Organisation-wide readers see the link to the service reports.
    let canReport: Bool
    let sorts: [Sort]
    let sort: String
}

extension TicketsListModel {
    /// `breached` (a running target past due, or one the SLA watch escalated), `soon` (due within
    /// ``soon``), else empty.
    static func dueKey(_ t: Ticket, now: Date) -> String {
        guard let due = t.runningDueAt else { return "" }
        if due <= now || t.escalationLevel >= 1 { return "breached" }
        return due.timeIntervalSince(now) <= soon ? "soon" : ""
    }

    /// The mark shown beside a channel's name (the name itself is always written too).
    static func icon(_ channel: String) -> String {
        switch channel {
        case "email": "✉"
        case "sms": "✆"
        case "messenger": "✈"
        case "phone": "☎"
        case "visit": "⌂"
        case "web": "◎"
        case "note": "✎"
        case "system": "⚠"
        case "survey": "★"
        default: "⚙"
        }
    }

    /// A running target due within this long is marked "due soon".
    static let soon: TimeInterval = 2 * 3600

    init(_ data: TicketsListData, query: TicketQuery, principal: Principal, now: Date = Date(), text x: PageText) {
        let queue = query.queue?.rawValue ?? "all"
        func tab(_ key: String, _ count: Int?) -> Tab {
            Tab(key: key, label: x.t("tickets_queue_\(key)"), href: key == "all" ? "/tickets?queue=" : "/tickets?queue=\(key)",
                count: count.map(x.number), current: key == queue)
        }
        tabs = [tab("mine", data.counts.mine), tab("team", data.counts.team), tab("unassigned", data.counts.unassigned), tab("all", nil)]
        rows = data.page.items.map { t in
            Row(id: t.id, number: x.digits(t.number), subject: t.subject, customer: t.customerName, customerId: t.customerId,
                status: x.label("ticket_status", t.status.rawValue), statusKey: t.status.rawValue,
                priority: x.label("ticket_priority", t.priority.rawValue), priorityKey: t.priority.rawValue,
                category: x.label("ticket_category", t.category.rawValue), channel: x.label("ticket_channel", t.channel.rawValue),
                channelKey: t.channel.rawValue, channelIcon: Self.icon(t.channel.rawValue),
                assignee: t.assigneeName ?? x.t("tickets_unassigned"), team: t.teamName ?? "", updated: x.when(t.lastMessageAt),
                due: t.runningDueAt.map(x.when), dueKey: Self.dueKey(t, now: now),
                dueMark: { switch Self.dueKey(t, now: now) { case "breached": x.t("sla_breached"); case "soon": x.t("sla_due_soon"); default: nil } }())
        }
        self.queue = query.queue?.rawValue ?? ""
        statuses = [Choice(value: "", label: x.t("tickets_all_statuses"), selected: query.status == nil)]
            + TicketStatus.allCases.map { x.choice($0.rawValue, "ticket_status", selected: query.status == $0) }
        priorities = [Choice(value: "", label: x.t("tickets_all_priorities"), selected: query.priority == nil)]
            + TicketPriority.allCases.map { x.choice($0.rawValue, "ticket_priority", selected: query.priority == $0) }
        categories = [Choice(value: "", label: x.t("tickets_all_categories"), selected: query.category == nil)]
            + TicketCategory.allCases.map { x.choice($0.rawValue, "ticket_category", selected: query.category == $0) }
        teams = [Choice(value: "", label: x.t("tickets_all_teams"), selected: query.teamId == nil)]
            + data.teams.map { Choice(value: String($0.id), label: $0.name, selected: query.teamId == $0.id) }
        q = query.q ?? ""
        var items: [URLQueryItem] = []
        if let v = query.queue { items.append(URLQueryItem(name: "queue", value: v.rawValue)) }
        if let v = query.status { items.append(URLQueryItem(name: "status", value: v.rawValue)) }
        if let v = query.priority { items.append(URLQueryItem(name: "priority", value: v.rawValue)) }
        if let v = query.category { items.append(URLQueryItem(name: "category", value: v.rawValue)) }
        if let v = query.teamId { items.append(URLQueryItem(name: "teamId", value: String(v))) }
        if let v = query.customerId { items.append(URLQueryItem(name: "customerId", value: String(v))) }
        if let v = query.q, !v.isEmpty { items.append(URLQueryItem(name: "q", value: v)) }
        func link(_ extra: [URLQueryItem]) -> String {
            var c = URLComponents()
            c.queryItems = (query.queue == nil ? [URLQueryItem(name: "queue", value: "")] : []) + items + extra
            return "/tickets?" + (c.percentEncodedQuery ?? "")
        }
        let byDue = query.sort == .due
        next = data.page.next.map { cursor in
            link(byDue ? [URLQueryItem(name: "sort", value: "due"), URLQueryItem(name: "dueAfter", value: cursor)] : [URLQueryItem(name: "after", value: cursor)])
        }
        sort = query.sort.rawValue
        sorts = [Sort(key: "newest", label: x.t("tickets_sort_newest"), href: link([]), current: !byDue),
                 Sort(key: "due", label: x.t("tickets_sort_due"), href: link([URLQueryItem(name: "sort", value: "due")]), current: byDue)]
        canWrite = principal.may(.ticketsWrite)
        canConfigure = principal.may(.serviceConfigure)
        canReport = principal.readsOrganisationWide && principal.may(.ticketsRead)
    }
}
