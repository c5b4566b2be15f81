import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

@Suite("Tasks: my day, overdue, versions, access, reminders")
struct TasksTests {
    static let tehran = TimeZone(identifier: "Asia/Tehran")!
    /// 2026-12-06 20:00 UTC = 23:30 in Tehran: half an hour before the Tehran day ends, when the UTC day still has four hours to go.
    static let now = Date(timeIntervalSince1970: 1_796_587_200)

    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("my day is the day in Tehran: 00:00 to 24:00 local, not the UTC day", arguments: TestDatabase.kinds)
    func myDay(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let tasks = TaskRepository(db)
            #expect(Self.now == Self.utc("2026-12-06T20:00:00Z"))
            // Tehran's 6 December runs from 2026-12-05T20:30Z to 2026-12-06T20:30Z.
            let due: [(String, String)] = [("yesterday late", "2026-12-05T20:29:00Z"), ("today first minute", "2026-12-05T20:30:00Z"),
                                           ("today noon", "2026-12-06T08:30:00Z"), ("today last minute", "2026-12-06T20:29:00Z"),
                                           ("tomorrow first minute", "2026-12-06T20:30:00Z")]
            for (title, at) in due { _ = try await tasks.create(TaskInput(title: title, dueAt: Self.utc(at)), by: admin, now: Self.now) }
            _ = try await tasks.create(TaskInput(title: "undated"), by: admin, now: Self.now)
            func titles(_ view: TaskQuery.View) async throws -> [String] {
                try await tasks.list(TaskQuery.view(view, for: admin.userId, now: Self.now, zone: Self.tehran), by: admin).items.map(\.title)
            }
            #expect(try await titles(.today) == ["today first minute", "today noon", "today last minute"])
            #expect(try await titles(.overdue) == ["yesterday late", "today first minute", "today noon"])
            #expect(try await titles(.upcoming) == ["tomorrow first minute", "undated"])
            let counts = try await tasks.counts(for: admin.userId, now: Self.now, zone: Self.tehran)
            #expect(counts == TaskCounts(today: 3, overdue: 3, upcoming: 2, reminders: 0))
            // Done tasks leave the open tabs and go to done.
            let noon = try await tasks.list(TaskQuery(dueFrom: Self.utc("2026-12-06T08:30:00Z"), dueTo: Self.utc("2026-12-06T08:31:00Z")), by: admin).items
            _ = try await tasks.complete(noon[0].id, by: admin, now: Self.now)
            #expect(try await titles(.today) == ["today first minute", "today last minute"])
            #expect(try await titles(.done) == ["today noon"])
        }
    }

    @Test("a change with an old version is refused and loses nothing; complete, reopen and cancel are audited", arguments: TestDatabase.kinds)
    func versions(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let tasks = TaskRepository(db)
            let task = try await tasks.create(TaskInput(title: "تماس با مشتری", dueAt: Self.now, remindAt: Self.now), by: admin, now: Self.now)
            #expect(task.version == 1 && task.status == .open && task.assigneeId == admin.userId)
            let changed = try await tasks.update(task.id, TaskInput(title: "تماس دوباره", dueAt: Self.now), expectedVersion: 1, by: admin, now: Self.now)
            #expect(changed.version == 2 && changed.title == "تماس دوباره" && changed.remindAt == nil)
            do {
                _ = try await tasks.update(task.id, TaskInput(title: "lost update"), expectedVersion: 1, by: admin, now: Self.now)
                Issue.record("an old version was accepted")
            } catch StoreError.versionMismatch(let current) {
                #expect(current == 2)
            }
            #expect(try await tasks.get(task.id, by: admin).title == "تماس دوباره")
            let done = try await tasks.complete(task.id, by: admin, now: Self.now)
            #expect(done.status == .done && done.doneBy == admin.userId && done.doneAt == Self.now)
            let again = try await tasks.complete(task.id, by: admin, now: Self.now)
            #expect(again.version == done.version, "completing a done task changes nothing")
            let reopened = try await tasks.reopen(task.id, by: admin, now: Self.now)
            #expect(reopened.status == .open && reopened.doneAt == nil)
            #expect(try await tasks.cancel(task.id, by: admin, now: Self.now).status == .cancelled)
            let actions = try await db.sql.raw("SELECT action FROM audit_log WHERE entity = 'task' AND entity_id = \(bind: task.id) ORDER BY id").all()
                .map { try $0.decode(column: "action", as: String.self) }
            #expect(actions == ["create", "update", "update", "done", "reopen", "cancelled"])
            do {
                _ = try await tasks.create(TaskInput(title: "  ", dueAt: Date(timeIntervalSince1970: 0)), by: admin, now: Self.now)
                Issue.record("an empty title was accepted")
            } catch StoreError.invalid(let error) {
                #expect(Set(error.issues.compactMap(\.code)) == ["required", "date.plan"])
            }
        }
    }

    @Test("a sales rep reads their own tasks and their customers', not a colleague's; a reader may not write", arguments: TestDatabase.kinds)
    func access(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let users = UserRepository(db)
            let sara = try await users.create(email: "sara@example.test", name: "Sara", role: .salesRep, password: "long enough pw").principal
            let reza = try await users.create(email: "reza@example.test", name: "Reza", role: .salesRep, password: "long enough pw").principal
            let nima = try await users.create(email: "nima@example.test", name: "Nima", role: .crmAnalyst, password: "long enough pw").principal
            let customers = CustomerRepository(db)
            let sarasCustomer = try await customers.create(CustomerInput(name: "مشتری سارا", ownerId: String(sara.userId)), by: admin)
            let rezasCustomer = try await customers.create(CustomerInput(name: "مشتری رضا", ownerId: String(reza.userId)), by: admin)
            let tasks = TaskRepository(db)
            let mine = try await tasks.create(TaskInput(title: "mine", customerId: sarasCustomer.id), by: sara)
            let his = try await tasks.create(TaskInput(title: "his", customerId: rezasCustomer.id), by: reza)
            // Assigned by the admin to Reza about Sara's customer: Sara sees it through her customer.
            let about = try await tasks.create(TaskInput(title: "about hers", assigneeId: reza.userId, customerId: sarasCustomer.id), by: admin)
            let seen = try await tasks.list(TaskQuery(), by: sara).items.map(\.id)
            #expect(Set(seen) == [mine.id, about.id])
            do { _ = try await tasks.get(his.id, by: sara); Issue.record("a colleague's task was read") } catch StoreError.notFound {}
            do {
                _ = try await tasks.create(TaskInput(title: "x", customerId: rezasCustomer.id), by: sara)
                Issue.record("a task on a customer out of reach was made")
            } catch StoreError.invalid(let error) { #expect(error.issues.first?.field == "customerId") }
            #expect(try await tasks.list(TaskQuery(), by: nima).items.count == 3, "an analyst reads every task")
            do { _ = try await tasks.create(TaskInput(title: "x"), by: nima); Issue.record("an analyst wrote a task") } catch StoreError.forbidden {}
        }
    }

    @Test("lists are keyset-paginated by due time, undated last, without repeats or gaps", arguments: TestDatabase.kinds)
    func pagination(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let tasks = TaskRepository(db)
            for i in 0..<7 {
                _ = try await tasks.create(TaskInput(title: "t\(i)", dueAt: i == 3 ? nil : Self.now.addingTimeInterval(Double(i % 3) * 3600)), by: admin, now: Self.now)
            }
            var seen: [String] = []
            var query = TaskQuery(limit: 2)
            for _ in 0..<10 {
                let page = try await tasks.list(query, by: admin)
                seen += page.items.map(\.title)
                guard let next = page.next else { break }
                query.after = TaskCursor.decode(next)
            }
            #expect(seen == ["t0", "t6", "t1", "t4", "t2", "t5", "t3"])
        }
    }

    @Test("two reminder loops at once claim each due reminder once, and queue one email to the assignee in their language", arguments: TestDatabase.kinds)
    func remindersOnce(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let omid = try await UserRepository(db).create(email: "omid@example.test", name: "Omid", role: .supportAgent, password: "long enough pw",
                                                           language: .en)
            let tasks = TaskRepository(db)
            let customer = try await CustomerRepository(db).create(CustomerInput(name: "مریم احمدی"), by: admin)
            for i in 0..<12 {
                _ = try await tasks.create(TaskInput(title: "یادآوری \(i)", dueAt: Self.now.addingTimeInterval(3600), remindAt: Self.now.addingTimeInterval(-60),
                                                     assigneeId: i % 2 == 0 ? admin.userId : omid.id, customerId: customer.id), by: admin, now: Self.now)
            }
            _ = try await tasks.create(TaskInput(title: "later", remindAt: Self.now.addingTimeInterval(600)), by: admin, now: Self.now)
            let done = try await tasks.create(TaskInput(title: "done already", remindAt: Self.now.addingTimeInterval(-60)), by: admin, now: Self.now)
            _ = try await tasks.complete(done.id, by: admin, now: Self.now)
            let a = Reminders(db, baseURL: "https://crm.example.com"), b = Reminders(db, baseURL: "https://crm.example.com")
            async let first = a.runOnce(now: Self.now, limit: 5)
            async let second = b.runOnce(now: Self.now, limit: 5)
            var claimed = try await first + second
            while true {
                let more = try await a.runOnce(now: Self.now, limit: 5)
                if more.isEmpty { break }
                claimed += more
            }
            #expect(claimed.count == 12 && Set(claimed.map(\.taskId)).count == 12, "each reminder once")
            #expect(try await Reminders(db, baseURL: nil).runOnce(now: Self.now.addingTimeInterval(60)).isEmpty)
            let rows = try await db.sql.raw("SELECT recipient, payload FROM outbox_messages WHERE channel = 'email' ORDER BY id").all()
            #expect(rows.count == 12)
            let toOmid = try rows.map { (try $0.decode(column: "recipient", as: String.self), try $0.decode(column: "payload", as: String.self)) }
                .filter { $0.0 == "omid@example.test" }
            #expect(toOmid.count == 6)
            let payload = try JSONDecoder().decode(ChannelPayload.self, from: Data(toOmid[0].1.utf8))
            #expect(payload.subject?.hasPrefix("Reminder: یادآوری") == true && payload.language == "en")
            #expect(payload.text.contains("Customer: مریم احمدی") && payload.text.contains("https://crm.example.com/tasks/"))
            // A new reminder time is a new reminder.
            let task = try await tasks.list(TaskQuery(assigneeId: omid.id, limit: 1), by: admin).items[0]
            #expect(task.remindedAt == Self.now)
            _ = try await tasks.update(task.id, TaskInput(title: task.title, dueAt: task.dueAt, remindAt: Self.now.addingTimeInterval(120),
                                                          assigneeId: omid.id, customerId: customer.id), expectedVersion: nil, by: admin, now: Self.now)
            #expect(try await Reminders(db, baseURL: nil).runOnce(now: Self.now.addingTimeInterval(180)).map(\.taskId) == [task.id])
            #expect(try await tasks.dueReminders(for: omid.id, now: Self.now.addingTimeInterval(180)).count == 6)
        }
    }
}
