import Foundation
import Logging
import PeyvandCore
import SQLKit

/// Task reminders: when a task's reminder time comes, its assignee gets one email through the
/// outbox, in their language. A reminder is claimed and its email queued in one transaction, by
/// one statement that only takes reminders not yet sent (and on PostgreSQL skips rows another
/// instance holds), so any number of `serve` instances send each reminder once.
public struct Reminders: Sendable {
    let database: Database
    /// The address the CRM is reached at, for the link to the task (none: no link).
    let baseURL: String?
    let zone: TimeZone
    let logger: Logger

    public init(_ database: Database, baseURL: String?, zone: TimeZone = TimeZone(identifier: "Asia/Tehran")!,
                logger: Logger = Logger(label: "peyvand.reminders")) {
        self.database = database
        self.baseURL = baseURL
        self.zone = zone
        self.logger = logger
    }

    /// One reminder claimed by this run.
    public struct Sent: Sendable, Hashable {
        public let taskId: Int64
        public let recipient: String
        /// The outbox message carrying it (nil when the same reminder was queued before).
        public let outboxId: Int64?
    }

    /// Claims up to `limit` due reminders, queues their emails and marks them sent, together.
    @discardableResult
    public func runOnce(now: Date = Date(), limit: Int = 50) async throws -> [Sent] {
        let at = Clock.millis(now)
        let skipLocked = database.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let baseURL = self.baseURL, zone = self.zone
        return try await database.transaction { db in
            let claimed = try await db.raw("""
                UPDATE tasks SET reminded_at = \(bind: at)
                WHERE id IN (
                  SELECT id FROM tasks
                  WHERE reminded_at IS NULL AND remind_at <= \(bind: at) AND status = 'open'
                  ORDER BY remind_at, id LIMIT \(bind: max(1, min(limit, 500)))\(unsafeRaw: skipLocked))
                  AND reminded_at IS NULL
                RETURNING id, remind_at
                """).all().map { (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "remind_at", as: Int64.self)) }
            guard !claimed.isEmpty else { return [] }
            let rows = try await db.raw("""
                SELECT \(unsafeRaw: TaskRepository.columns), u.email AS assignee_email, u.language AS assignee_language, u.active AS assignee_active
                FROM tasks t \(unsafeRaw: TaskRepository.joins) WHERE t.id IN (\(binds: claimed.map(\.0))) ORDER BY t.id
                """).all()
            var sent: [Sent] = []
            for row in rows {
                let task = try TaskRepository.task(row)
                let email = try row.decode(column: "assignee_email", as: String.self)
                guard try row.decode(column: "assignee_active", as: Bool.self) else { continue }
                let language = Language(rawValue: try row.decode(column: "assignee_language", as: String.self)) ?? .fa
                let remindAt = claimed.first { $0.0 == task.id }?.1 ?? at
                let payload = ReminderMessage(task: task, language: language, baseURL: baseURL, zone: zone).payload
                let outboxId = try await Outbox.enqueue(OutgoingMessage(
                    channel: .email, idempotencyKey: "task-reminder.\(task.id).\(remindAt)", customerId: nil,
                    eventType: "task.reminder", recipient: email, payload: JSONText.encode(payload)), in: db, at: now)
                sent.append(Sent(taskId: task.id, recipient: email, outboxId: outboxId))
            }
            return sent
        }
    }

    /// Sends due reminders until cancelled, every `every`.
    public func run(every: Duration = .seconds(30)) async {
        while !Task.isCancelled {
            do {
                if try await runOnce().count >= 50 { continue }
            } catch {
                logger.notice("reminders skipped: \(error)")
            }
            try? await Task.sleep(for: every)
        }
    }
}

/// The reminder email, in the assignee's language: the task, when it is due, its customer, a link.
struct ReminderMessage {
    let task: SalesTask
    let language: Language
    let baseURL: String?
    let zone: TimeZone

    var payload: ChannelPayload {
        let fa = language == .fa
        var lines: [String] = [task.title]
        if let due = task.dueAt { lines.append((fa ? "موعد: " : "Due: ") + when(due)) }
        if let customer = task.customerName { lines.append((fa ? "مشتری: " : "Customer: ") + customer) }
        if let deal = task.dealTitle { lines.append((fa ? "معامله: " : "Deal: ") + deal) }
        if let notes = task.notes { lines.append(""); lines.append(notes) }
        if let baseURL { lines.append(""); lines.append(baseURL.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/tasks/\(task.id)") }
        return ChannelPayload(subject: (fa ? "یادآوری: " : "Reminder: ") + task.title, text: lines.joined(separator: "\n"),
                              language: language.rawValue)
    }

    func when(_ date: Date) -> String {
        let local = CivilTime(date, offsetSeconds: zone.secondsFromGMT(for: date))
        switch language {
        case .fa: return JalaliDate(date, timeZone: zone).formatted(.numeric, digits: .persian) + " " + PersianText.persianDigits(local.timeString)
        case .en: return local.dateString + " " + local.timeString
        }
    }
}
