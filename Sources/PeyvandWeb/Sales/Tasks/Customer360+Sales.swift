import Foundation
import PeyvandCore
import PeyvandStore

/// Sales on the customer's 360 page: the customer's open tasks and coming meetings.
struct CustomerSalesActivity: Sendable {
    let tasks: [SalesTask]
    let meetings: [Meeting]

    static func read(_ database: Database, customerId: Int64, by principal: Principal, now: Date = Date()) async throws -> CustomerSalesActivity? {
        guard principal.may(.salesRead) || principal.may(.customersRead) else { return nil }
        async let tasks = TaskRepository(database).list(TaskQuery(status: .open, customerId: customerId, limit: 10), by: principal)
        async let meetings = MeetingRepository(database).list(MeetingQuery(from: now.addingTimeInterval(-3600), to: now.addingTimeInterval(180 * 86400),
                                                                           customerId: customerId, status: .scheduled, limit: 5), by: principal)
        return CustomerSalesActivity(tasks: try await tasks.items, meetings: try await meetings.items)
    }
}

extension Customer360Model {
    /// The "Tasks and meetings" box: open tasks (one-click done), coming meetings, and links to
    /// add either for this customer.
    struct SalesBox {
        struct MeetingRow { let id: Int64, title: String, when: String }
        let tasks: [TaskRow]
        let meetings: [MeetingRow]
        let newTask: String
        let newMeeting: String
        let canWrite: Bool
        let back: String
        let none: Bool

        init(_ a: CustomerSalesActivity, customerId: Int64, principal: Principal, _ x: PageText) {
            let now = Date(), canWrite = principal.may(.tasksWrite)
            tasks = a.tasks.map { TaskRow($0, now: now, canWrite: canWrite, text: x) }
            meetings = a.meetings.map { MeetingRow(id: $0.id, title: $0.title, when: x.when($0.startsAt)) }
            newTask = "/tasks/new?customer=\(customerId)"
            newMeeting = "/meetings/new?customer=\(customerId)"
            self.canWrite = canWrite
            back = "/customers/\(customerId)#sales"
            none = a.tasks.isEmpty && a.meetings.isEmpty
        }
    }
}
