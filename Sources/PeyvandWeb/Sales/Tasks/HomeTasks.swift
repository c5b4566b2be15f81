import Foundation
import PeyvandCore
import PeyvandStore

/// The start page's line about the person's day: tasks due today, overdue and reminders due,
/// linking to `/tasks`; nil when there is nothing to say or the person may not read tasks.
struct HomeTasks {
    let summary: String

    init?(_ counts: TaskCounts, text x: PageText) {
        guard counts.today + counts.overdue + counts.reminders > 0 else { return nil }
        summary = x.t("tasks_home_summary").replacingOccurrences(of: "{today}", with: x.number(counts.today))
            .replacingOccurrences(of: "{overdue}", with: x.number(counts.overdue)).replacingOccurrences(of: "{reminders}", with: x.number(counts.reminders))
    }

    static func read(_ tasks: TaskRepository, for principal: Principal, text x: PageText) async throws -> HomeTasks? {
        guard principal.may(.salesRead) || principal.may(.customersRead) else { return nil }
        return HomeTasks(try await tasks.counts(for: principal.userId, now: Date(), zone: x.views.formatting.timeZone), text: x)
    }
}
