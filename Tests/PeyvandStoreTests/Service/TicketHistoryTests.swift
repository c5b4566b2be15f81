import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import Testing

/// A ticket's audit trail: opened, each changed field with its value before and after, handed on,
/// answered; newest first, paged; read only by those who may read the ticket.
@Suite("Service: a ticket's history")
struct TicketHistoryTests {
    @Test("opened, changed, handed on and answered, newest first with before and after; paged; refused to one who may not read tickets", arguments: TestDatabase.kinds)
    func history(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 2)
            let tickets = Tickets(db)
            let ticket = try await tickets.open(TicketInput(customerId: String(f.customer.id), subject: "کندی سامانه"), by: f.admin)
            let changed = try await tickets.change(ticket.id, TicketChange(status: .open, priority: .high, subject: "کندی شدید سامانه"),
                                                   expectedVersion: ticket.version, by: f.admin)
            _ = try await tickets.change(ticket.id, TicketChange(status: .resolved), expectedVersion: changed.version, by: f.admin)
            let history = try await tickets.history(ticket.id, by: f.admin)
            #expect(history.first?.action == "update" && history.first?.field == "status")
            #expect(history.first?.before == "open" && history.first?.after == "resolved")
            #expect(history.last?.action == "create")
            let fields = history.filter { $0.action == "update" }.compactMap(\.field)
            #expect(fields.sorted() == ["priority", "status", "status", "subject"])
            let subject = try #require(history.first { $0.field == "subject" })
            #expect(subject.before == "کندی سامانه" && subject.after == "کندی شدید سامانه" && subject.actorId == f.admin.userId)
            #expect(history.map(\.id) == history.map(\.id).sorted(by: >))
            // Paged: two at a time, then the rest after the second's id, with nothing repeated or missed.
            let page = try await tickets.history(ticket.id, by: f.admin, limit: 2)
            let rest = try await tickets.history(ticket.id, by: f.admin, limit: 100, before: page.last?.id)
            #expect(page.count == 2 && (page + rest).map(\.id) == history.map(\.id))
            let partner = Principal(userId: 9_998, name: "Partner", role: .partner)
            await #expect(throws: StoreError.self) { _ = try await tickets.history(ticket.id, by: partner) }
            await #expect(throws: StoreError.self) { _ = try await tickets.history(999_999, by: f.admin) }
        }
    }
}
