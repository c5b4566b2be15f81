import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

/// What the pages read of service levels: a ticket's targets and escalations, and the queue
/// ordered by the nearest running due instant (keyset pages, one query each), on both databases.
@Suite("Service: reading service levels for the pages")
struct TicketSLAReadingTests {
    @Test("the queue by nearest due: running targets first, soonest first, nothing running last, paged without gaps or repeats",
          arguments: TestDatabase.kinds)
    func dueOrder(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 2)
            try await f.catchAll(db)
            let tickets = Tickets(db)
            var opened: [Ticket] = []
            for (i, priority) in ["normal", "urgent", "low", "high", "normal", "urgent", "low"].enumerated() {
                opened.append(try await SLATests.ticket(db, f, at: try SLATests.tehran(1405, 9, 21, 9 + i), priority: priority))
            }
            // One answered (its resolution still runs), one waiting and one resolved (nothing runs).
            _ = try await tickets.addMessage(opened[1].id, body: "بررسی می‌کنیم", internal: false, by: f.admin, now: try SLATests.tehran(1405, 9, 21, 16))
            _ = try await tickets.change(opened[2].id, TicketChange(status: .waiting), expectedVersion: nil, by: f.admin)
            _ = try await tickets.change(opened[3].id, TicketChange(status: .resolved), expectedVersion: nil, by: f.admin)
            let all = try await tickets.list(TicketQuery(limit: 100), by: f.admin).items
            let expected = all.sorted { a, b in
                let (x, y) = (a.runningDueAt ?? .distantFuture, b.runningDueAt ?? .distantFuture)
                return x == y ? a.id < b.id : x < y
            }.map(\.id)
            #expect(all.filter { $0.runningDueAt == nil }.map(\.id).sorted() == [opened[2].id, opened[3].id])
            var query = TicketQuery(limit: 2)
            query.sort = .due
            var seen: [Int64] = []
            while true {
                let page = try await tickets.list(query, by: f.admin)
                seen += page.items.map(\.id)
                guard let next = page.next else { break }
                query.afterDue = try #require(TicketDueCursor(next))
            }
            #expect(seen == expected)
            // Normal at 09:00 due 13:00; the answered urgent one's resolution at 14:00; urgent at 14:00 due 14:30; normal at
            // 13:00 due 17:00; low at 15:00 the next day; then the waiting and the resolved ones by id.
            #expect(seen == [0, 1, 5, 4, 6, 2, 3].map { opened[$0].id })
            #expect(TicketDueCursor("not a cursor") == nil && TicketDueCursor(Cursor.encode(5)) == nil)
        }
    }

    @Test("a ticket's targets and escalations: breached once the watch escalated, then met late; paused while waiting",
          arguments: TestDatabase.kinds)
    func serviceLevel(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 2)
            try await f.catchAll(db)
            let tickets = Tickets(db)
            let opened = try await SLATests.ticket(db, f, at: try SLATests.tehran(1405, 9, 21, 10))
            let before = try await tickets.serviceLevel(opened.id, by: f.admin, now: try SLATests.tehran(1405, 9, 21, 11))
            #expect(before.targets.map(\.target) == [.firstResponse, .resolution])
            #expect(before.targets[0].state == .running && before.targets[0].businessMinutesLeft == 180)
            // Sunday 12:00 is past the first-response due (Saturday 14:00): the watch escalates to the lead.
            try await SLAWatch(db).run(now: try SLATests.tehran(1405, 9, 22, 12))
            let late = try await tickets.serviceLevel(opened.id, by: f.admin, now: try SLATests.tehran(1405, 9, 21, 11))
            #expect(late.targets[0].state == .breached, "the watch's breach holds whatever the reader's clock says")
            #expect(late.escalations.contains { $0.level == .breach && $0.target == .firstResponse && $0.toUserId == f.team.leadId && $0.toName != nil })
            _ = try await tickets.addMessage(opened.id, body: "پاسخ", internal: false, by: f.admin, now: try SLATests.tehran(1405, 9, 22, 13))
            let answered = try await tickets.serviceLevel(opened.id, by: f.admin, now: try SLATests.tehran(1405, 9, 22, 13))
            #expect(answered.targets[0].state == .metLate)
            _ = try await tickets.change(opened.id, TicketChange(status: .waiting), expectedVersion: nil, by: f.admin, now: try SLATests.tehran(1405, 9, 22, 14))
            let waiting = try await tickets.serviceLevel(opened.id, by: f.admin, now: try SLATests.tehran(1405, 9, 22, 15))
            #expect(waiting.targets.last?.state == .paused)
        }
    }
}
