import Foundation
import PeyvandCore
import PeyvandStore

/// What the start page (`home.mustache`) renders: the dashboard's figures, each linking to its
/// list, and the latest changes to customers; every area comes from the layout's navigation.
struct HomeModel {
    struct Figure { let id: String, label: String, value: String, note: String?, href: String? }
    struct Change { let when: String, customerId: Int64, customer: String, action: String, field: String?, who: String? }

    let canWrite: Bool
    let figures: [Figure]
    let showsRecent: Bool
    let recent: [Change]
    /// Sales: the person's tasks due today, overdue and reminders due (nil when none).
    var tasks: HomeTasks? = nil
}

extension HomeModel {
    init(_ f: DashboardFigures, period: DashboardPeriod, principal: Principal, text x: PageText) {
        canWrite = principal.may(.customersWrite)
        let activeFrom = FormDates.format(period.activeSince, x.lang, timeZone: x.views.formatting.timeZone, withTime: false)
        let this = f.revenueThisMonth, last = f.revenueLastMonth
        let overdue = f.overdueAmounts.map(x.money).joined(separator: x.lang == .fa ? "، " : ", ")
        figures = [
            Figure(id: "customers", label: x.t("home_customers"), value: x.number(f.customers), note: x.t("home_customers_note"),
                   href: "/customers"),
            Figure(id: "active", label: x.t("home_active"), value: x.number(f.active), note: x.t("home_active_note"),
                   href: "/interactions?" + Self.query(["from": activeFrom])),
            Figure(id: "revenue", label: x.t("home_revenue") + " " + x.monthName(period.thisMonthStart), value: x.money(this),
                   note: x.t("home_revenue_against") + " " + x.monthName(period.lastMonthStart) + ": " + x.money(last),
                   href: "/orders"),
            Figure(id: "overdue", label: x.t("home_overdue"), value: overdue.isEmpty ? x.number(0) : overdue,
                   note: f.overdueInvoices == 0 ? x.t("home_overdue_none") : x.number(f.overdueInvoices) + " " + x.t("home_overdue_invoices"),
                   href: "/receivables"),
            Figure(id: "at-risk", label: x.t("home_at_risk"), value: x.number(f.atRisk), note: x.t("home_at_risk_note"),
                   href: principal.readsOrganisationWide ? "/analytics#retention" : nil),
        ]
        showsRecent = principal.may(.auditRead)
        recent = f.recent.map { c in
            Change(when: x.when(c.at), customerId: c.customerId, customer: c.customerName, action: x.label("action", c.action),
                   // The action already names what was logged or attached.
                   field: Self.namesItsField(c.action) ? nil : c.field.flatMap { x.views.catalogs.strings[x.lang]?["field_\($0)"] },
                   who: c.actorName)
        }
    }

    static func namesItsField(_ action: String) -> Bool { ["log", "unlog", "attach", "detach"].contains(action) }

    static func query(_ items: [String: String]) -> String {
        var c = URLComponents()
        c.queryItems = items.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return c.percentEncodedQuery ?? ""
    }
}
