import Foundation
import PeyvandCore
import PeyvandStore

/// What `recovery-list.mustache` renders: the tabs (open, mine, all) and the cases of the one chosen.
struct RecoveryListModel {
    struct Tab { let key: String, label: String, href: String, current: Bool }
    struct Row {
        let id: Int64, number: String, customer: String, customerId: Int64, classBefore: String, classKey: String
        let age: String, owner: String, status: String, statusKey: String, urgent: Bool
    }
    let tabs: [Tab]
    let rows: [Row]
    let next: String?
    let customerFilter: String?
}

extension RecoveryListModel {
    static let views = ["open", "mine", "all"]

    init(_ page: Page<RecoveryCase>, view: String, customerId: Int64?, now: Date, text x: PageText) {
        let customerParam = customerId.map { "&customer=\($0)" } ?? ""
        tabs = Self.views.map { Tab(key: $0, label: x.t("recovery_view_\($0)"), href: "/recovery?view=\($0)\(customerParam)", current: $0 == view) }
        rows = page.items.map { c in
            Row(id: c.id, number: x.digits(c.number), customer: c.customerName, customerId: c.customerId,
                classBefore: c.classBefore?.label(language: x.lang.rawValue) ?? x.t("recovery_no_class"), classKey: c.classBefore?.rawValue ?? "none",
                age: Self.age(c.openedAt, until: c.closedAt ?? now, text: x), owner: c.ownerName ?? x.t("recovery_no_owner"),
                status: x.t("recovery_status_\(c.status.rawValue)"), statusKey: c.status.rawValue, urgent: c.priority == "urgent")
        }
        next = page.next.map { "/recovery?view=\(view)\(customerParam)&after=\($0)" }
        customerFilter = page.items.first.flatMap { c in customerId.map { _ in c.customerName } }
    }

    /// "3 days" / "۳ روز"; "today" under a day.
    static func age(_ from: Date, until: Date, text x: PageText) -> String {
        let days = max(0, Int(until.timeIntervalSince(from) / 86_400))
        if days == 0 {
            let hours = max(0, Int(until.timeIntervalSince(from) / 3_600))
            return x.number(hours) + " " + x.t("recovery_hours")
        }
        return x.number(days) + " " + x.t("recovery_days")
    }
}
