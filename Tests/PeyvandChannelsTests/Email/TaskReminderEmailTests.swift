import Foundation
import PeyvandChannels
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import Testing

/// A task's reminder reaches its assignee's mailbox: claimed by the reminders loop, sent by the
/// outbox worker to a real SMTP server (aiosmtpd) on loopback, once.
@Suite("task reminders by email", .serialized)
struct TaskReminderEmailTests {
    @Test("a due reminder is emailed once to the assignee, in Persian, with the task's customer and link", arguments: TestDatabase.kinds)
    func reminderEmail(kind: String) async throws {
        guard let peer = try? SMTPPeer() else { Issue.record(Comment(rawValue: SMTPPeer.unavailable)); return }
        defer { peer.stop() }
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let sara = try await UserRepository(db).create(email: "sara@example.test", name: "سارا", role: .salesRep, password: "long enough pw")
            let customer = try await CustomerRepository(db).create(CustomerInput(name: "مریم احمدی", ownerId: String(sara.id)), by: admin)
            let now = Date()
            _ = try await TaskRepository(db).create(TaskInput(title: "تماس برای تمدید قرارداد", dueAt: now.addingTimeInterval(900),
                                                              remindAt: now.addingTimeInterval(-5), assigneeId: sara.id, customerId: customer.id),
                                                    by: admin, now: now)
            let reminders = Reminders(db, baseURL: "https://crm.example.com")
            async let a = reminders.runOnce(now: now)
            async let b = Reminders(db, baseURL: "https://crm.example.com").runOnce(now: now)
            let claimed = try await a + b
            #expect(claimed.count == 1 && claimed.first?.recipient == "sara@example.test")
            let channel = EmailChannel(configuration: SMTPConfiguration(host: "127.0.0.1", port: peer.port, security: .none,
                                                                        connectTimeout: .seconds(5), commandTimeout: .seconds(5)),
                                       sender: MailAddress("crm@peyvand.example", name: "پیوند"))
            let worker = OutboxWorker(database: db, channels: [channel])
            #expect(try await worker.runOnce() == 1)
            let received = try peer.received(1)
            #expect(received["subject"] as? String == "یادآوری: تماس برای تمدید قرارداد")
            let parts = received["parts"] as? [[String: Any]] ?? []
            let text = parts.first { $0["type"] as? String == "text/plain" }?["text"] as? String ?? ""
            #expect(text.contains("مشتری: مریم احمدی") && text.contains("https://crm.example.com/tasks/"))
            let resent = try await worker.runOnce()
            let reclaimed = try await reminders.runOnce()
            #expect(resent == 0 && reclaimed.isEmpty, "nothing is sent twice")
        }
    }
}
