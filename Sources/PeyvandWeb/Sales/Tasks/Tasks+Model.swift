import Foundation
import PeyvandCore
import PeyvandStore

/// One task as the lists show it (the task page, the customer's box).
struct TaskRow {
    let id: Int64
    let title: String
    let due: String?
    let overdue: Bool
    let done: Bool
    let statusLabel: String
    let customerName: String?
    let customerHref: String?
    let dealTitle: String?
    let assignee: String
    let canComplete: Bool
    let canReopen: Bool

    init(_ t: SalesTask, now: Date, canWrite: Bool, text x: PageText) {
        (id, title, due, overdue, done) = (t.id, t.title, t.dueAt.map(x.when), t.isOverdue(at: now), t.status == .done)
        statusLabel = x.label("task_status", t.status.rawValue)
        (customerName, customerHref, dealTitle) = (t.customerName, t.customerId.map { "/customers/\($0)" }, t.dealTitle)
        assignee = t.assigneeName
        canComplete = canWrite && t.status == .open
        canReopen = canWrite && t.status != .open
    }
}

/// What `/tasks` (`tasks.mustache`) renders: the person's tabs with counts, the reminders that
/// are due, a page of the chosen tab, and the quick-add form.
struct TasksModel {
    struct Tab { let key: String, label: String, count: String?, href: String, current: Bool }
    struct QuickAdd { let title: String, dueDate: String, dueTime: String, datePlaceholder: String }

    let tabs: [Tab]
    let view: String
    let reminders: [TaskRow]
    let reminderCount: String?
    let rows: [TaskRow]
    let next: String?
    let canWrite: Bool
    let quick: QuickAdd
    let errors: [FieldError]
    let back: String
}

extension TasksModel {
    init(view: TaskQuery.View, page: Page<SalesTask>, counts: TaskCounts, reminders: [SalesTask], principal: Principal, now: Date,
         form: FormData?, issues: [FieldIssue], text x: PageText, zone: TimeZone) {
        let numbers: [TaskQuery.View: Int] = [.today: counts.today, .overdue: counts.overdue, .upcoming: counts.upcoming]
        tabs = TaskQuery.View.allCases.map { v in
            Tab(key: v.rawValue, label: x.t("tasks_tab_\(v.rawValue)"), count: numbers[v].flatMap { $0 > 0 ? x.number($0) : nil },
                href: "/tasks?view=\(v.rawValue)", current: v == view)
        }
        self.view = view.rawValue
        let canWrite = principal.may(.tasksWrite)
        self.reminders = reminders.map { TaskRow($0, now: now, canWrite: canWrite, text: x) }
        reminderCount = counts.reminders > 0 ? x.number(counts.reminders) : nil
        rows = page.items.map { TaskRow($0, now: now, canWrite: canWrite, text: x) }
        next = page.next.map { "/tasks?view=\(view.rawValue)&after=\($0)" }
        self.canWrite = canWrite
        quick = QuickAdd(title: form?["title"] ?? "", dueDate: form?["dueDate"] ?? x.digits(FormDates.format(now, x.lang, timeZone: zone, withTime: false)),
                         dueTime: form?["dueTime"] ?? "", datePlaceholder: x.lang == .fa ? "۱۴۰۵/۰۹/۰۲" : "2026-11-23")
        errors = x.fieldErrorList(issues, labelled: true)
        back = "/tasks?view=\(view.rawValue)"
    }
}
