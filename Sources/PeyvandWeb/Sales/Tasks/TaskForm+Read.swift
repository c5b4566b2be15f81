import Foundation
import PeyvandCore

/// A task form as posted: title, notes, the due day (Jalali in fa, Gregorian in en) and time, the
/// reminder as minutes before the due time, the assignee, the customer and the deal.
struct TaskFormInput {
    let input: TaskInput
    let issues: [FieldIssue]

    /// Reminder choices, in minutes before the due time.
    static let reminderChoices = [0, 15, 60, 1440]

    init(_ form: FormData, zone: TimeZone, customer: TaskCustomerPick? = nil) {
        var issues: [FieldIssue] = []
        var input = TaskInput(title: form["title"], notes: form["notes"])
        let day = form["dueDate"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let time = form["dueTime"]?.trimmingCharacters(in: .whitespaces) ?? ""
        if !day.isEmpty {
            if let due = FormDates.parse(day + " " + (time.isEmpty ? "09:00" : PersianText.latinDigits(time)), timeZone: zone) {
                input.dueAt = due
            } else {
                issues.append(FieldIssue(field: "dueAt", reason: "must be a date such as 2026-11-23 or 1405/09/02", code: "date.format"))
            }
        } else if !time.isEmpty {
            issues.append(FieldIssue(field: "dueAt", reason: "a time needs its date", code: "date.format"))
        }
        if let raw = form["remind"], !raw.isEmpty {
            if let minutes = Int(raw), Self.reminderChoices.contains(minutes) {
                if let due = input.dueAt { input.remindAt = due.addingTimeInterval(-Double(minutes) * 60) } else {
                    issues.append(FieldIssue(field: "remindAt", reason: "a reminder needs a due date", code: "task.reminderNeedsDue"))
                }
            } else {
                issues.append(FieldIssue(field: "remindAt", reason: "is not one of the choices", code: "choice.unknown"))
            }
        }
        input.assigneeId = form.id("assigneeId", issues: &issues)
        if let customer {
            input.customerId = customer.customerId
            issues += customer.issues
        } else {
            input.customerId = form.id("customerId", issues: &issues)
        }
        input.dealId = form.id("dealId", issues: &issues)
        self.input = input
        self.issues = issues
    }
}
