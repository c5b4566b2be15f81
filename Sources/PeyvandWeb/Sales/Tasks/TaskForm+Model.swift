import Foundation
import PeyvandCore
import PeyvandStore

/// What `/tasks/new` and `/tasks/{id}` (`task.mustache`) render: the task (when it exists) with
/// its actions, and its form as stored or as typed.
struct TaskPageModel {
    struct Option { let value: String, label: String, selected: Bool }
    struct Details {
        let id: Int64
        let statusLabel: String
        let status: String
        let open: Bool
        let overdue: Bool
        let due: String?
        let remind: String?
        let reminded: String?
        let assignee: String
        let customerName: String?
        let customerHref: String?
        let dealTitle: String?
        let done: String?
        let notes: String?
        let version: Int
    }
    struct Form {
        let action: String
        let title: String, notes: String, dueDate: String, dueTime: String
        let datePlaceholder: String
        let customerId: String, customerName: String?
        /// What the customer field shows: the linked customer's name, or the text as typed.
        let customerText: String
        /// Customers the typed text matched, to pick one from.
        let candidates: [Option]
        let dealId: String, dealTitle: String?
        let assignees: [Option]
        let reminders: [Option]
        let version: String?
    }

    let heading: String
    let task: Details?
    let form: Form
    let canWrite: Bool
    let errors: [FieldError]
}

extension TaskPageModel {
    init(task: SalesTask?, staff: [User], customer: (Int64, String)?, candidates: [(Int64, String)] = [], deal: (Int64, String)?, principal: Principal, now: Date,
         form: FormData?, issues: [FieldIssue], text x: PageText, zone: TimeZone) {
        heading = task.map { $0.title } ?? x.t("task_new")
        self.task = task.map { t in
            Details(id: t.id, statusLabel: x.label("task_status", t.status.rawValue), status: t.status.rawValue, open: t.status == .open,
                    overdue: t.isOverdue(at: now), due: t.dueAt.map(x.when), remind: t.remindAt.map(x.when), reminded: t.remindedAt.map(x.when),
                    assignee: t.assigneeName, customerName: t.customerName, customerHref: t.customerId.map { "/customers/\($0)" },
                    dealTitle: t.dealTitle, done: t.doneAt.map(x.when), notes: t.notes, version: t.version)
        }
        let assignee = form?["assigneeId"] ?? String(task?.assigneeId ?? principal.userId)
        var minutesBefore: String = form?["remind"] ?? ""
        if form == nil, let t = task, let due = t.dueAt, let remind = t.remindAt {
            let m = Int(due.timeIntervalSince(remind) / 60)
            if TaskFormInput.reminderChoices.contains(m) { minutesBefore = String(m) }
        }
        let reminderOptions = [("", x.t("task_remind_none"))] + TaskFormInput.reminderChoices.map { (String($0), x.t("task_remind_\($0)")) }
        self.form = Form(
            action: task.map { "/tasks/\($0.id)" } ?? "/tasks",
            title: form?["title"] ?? task?.title ?? "", notes: form?["notes"] ?? task?.notes ?? "",
            dueDate: form?["dueDate"] ?? task?.dueAt.map { x.digits(FormDates.format($0, x.lang, timeZone: zone, withTime: false)) } ?? "",
            dueTime: form?["dueTime"] ?? task?.dueAt.map { CivilTime($0, offsetSeconds: zone.secondsFromGMT(for: $0)).timeString } ?? "",
            datePlaceholder: x.lang == .fa ? "۱۴۰۵/۰۹/۰۲" : "2026-11-23",
            customerId: candidates.isEmpty ? customer.map { String($0.0) } ?? "" : "", customerName: customer?.1,
            customerText: form?["customer"] ?? customer?.1 ?? "",
            candidates: candidates.enumerated().map { Option(value: String($0.element.0), label: $0.element.1, selected: $0.offset == 0) },
            dealId: deal.map { String($0.0) } ?? "", dealTitle: deal?.1,
            assignees: staff.map { Option(value: String($0.id), label: $0.name, selected: String($0.id) == assignee) },
            reminders: reminderOptions.map { Option(value: $0.0, label: $0.1, selected: $0.0 == minutesBefore) },
            version: task.map { String($0.version) })
        canWrite = principal.may(.tasksWrite)
        errors = x.fieldErrorList(issues, labelled: true)
    }
}
