import Foundation
import PeyvandCore
import PeyvandStore

/// The 360 page's "Tickets" box: the customer's open tickets and a link to open one.
struct Customer360Tickets {
    struct Row { let id: Int64, number: String, subject: String, status: String, statusKey: String, priority: String, priorityKey: String, updated: String }
    let rows: [Row]
    let canCreate: Bool
    let customerId: Int64
}

extension Customer360Tickets {
    /// The box, for those who read tickets (nil for the others).
    static func read(_ database: Database, customer: Customer, by principal: Principal) async throws -> [Ticket]? {
        guard principal.may(.ticketsRead) else { return nil }
        return try await Tickets(database).open(customerId: customer.id, limit: 10, by: principal)
    }

    init?(_ tickets: [Ticket]?, customer: Customer, principal: Principal, text x: PageText) {
        guard let tickets else { return nil }
        rows = tickets.map {
            Row(id: $0.id, number: x.digits($0.number), subject: $0.subject, status: x.label("ticket_status", $0.status.rawValue), statusKey: $0.status.rawValue,
                priority: x.label("ticket_priority", $0.priority.rawValue), priorityKey: $0.priority.rawValue, updated: x.when($0.lastMessageAt))
        }
        canCreate = principal.may(.ticketsWrite) && !customer.isDeleted
        customerId = customer.id
    }
}
