import Foundation
import PeyvandCore
import SQLKit

extension TaskRepository {
    /// The tasks the person reaches that match, by due time (undated last), then id.
    public func list(_ query: TaskQuery, by principal: Principal) async throws -> Page<SalesTask> {
        try SalesReach.requireRead(principal, "tasks")
        let limit = max(1, min(query.limit, Page<SalesTask>.maxLimit))
        let sortKey = "COALESCE(t.due_at, \(TaskCursor.undated))"
        var sql: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) FROM tasks t \(unsafeRaw: Self.joins) WHERE 1 = 1"
        sql += Self.reach(principal)
        if let a = query.assigneeId { sql += " AND t.assignee_id = \(bind: a)" }
        if let s = query.status { sql += " AND t.status = \(bind: s.rawValue)" }
        if let c = query.customerId { sql += " AND t.customer_id = \(bind: c)" }
        if let d = query.dealId { sql += " AND t.deal_id = \(bind: d)" }
        if let from = query.dueFrom {
            sql += query.includeUndated
                ? " AND (t.due_at >= \(bind: Clock.millis(from)) OR t.due_at IS NULL)"
                : " AND t.due_at >= \(bind: Clock.millis(from))"
        }
        if let to = query.dueTo { sql += " AND t.due_at < \(bind: Clock.millis(to))" }
        if let after = query.after {
            sql += " AND (\(unsafeRaw: sortKey) > \(bind: after.due) OR (\(unsafeRaw: sortKey) = \(bind: after.due) AND t.id > \(bind: after.id)))"
        }
        sql += " ORDER BY \(unsafeRaw: sortKey), t.id LIMIT \(bind: limit + 1)"
        let tasks = try await database.sql.raw(sql).all().map(Self.task)
        let items = Array(tasks.prefix(limit))
        let next = tasks.count > limit ? items.last.map { TaskCursor(due: $0.dueAt.map(Clock.millis) ?? TaskCursor.undated, id: $0.id).encoded } : nil
        return Page(items: items, next: next)
    }

    /// The person's open tasks per tab, and their due reminders, in one query.
    public func counts(for userId: Int64, now: Date, zone: TimeZone) async throws -> TaskCounts {
        let day = SalesReach.day(containing: now, in: zone)
        let n = Clock.millis(now), start = Clock.millis(day.start), end = Clock.millis(day.end)
        let row = try await database.sql.raw("""
            SELECT
              COALESCE(SUM(CASE WHEN due_at >= \(bind: start) AND due_at < \(bind: end) THEN 1 ELSE 0 END), 0) AS today,
              COALESCE(SUM(CASE WHEN due_at < \(bind: n) THEN 1 ELSE 0 END), 0) AS overdue,
              COALESCE(SUM(CASE WHEN due_at >= \(bind: end) OR due_at IS NULL THEN 1 ELSE 0 END), 0) AS upcoming,
              COALESCE(SUM(CASE WHEN remind_at <= \(bind: n) THEN 1 ELSE 0 END), 0) AS reminders
            FROM tasks WHERE assignee_id = \(bind: userId) AND status = 'open'
            """).first()
        func count(_ c: String) throws -> Int { Int(try row?.decode(column: c, as: Int64.self) ?? 0) }
        return TaskCounts(today: try count("today"), overdue: try count("overdue"), upcoming: try count("upcoming"), reminders: try count("reminders"))
    }

    /// How many of the person's open tasks ask for attention now: their reminder time has come or
    /// they are overdue. Every page's menu shows it beside "Tasks" (one indexed count).
    public func attention(for userId: Int64, now: Date) async throws -> Int {
        let n = Clock.millis(now)
        let row = try await database.sql.raw("""
            SELECT COUNT(*) AS n FROM tasks
            WHERE assignee_id = \(bind: userId) AND status = 'open' AND (due_at < \(bind: n) OR remind_at <= \(bind: n))
            """).first()
        return Int(try row?.decode(column: "n", as: Int64.self) ?? 0)
    }

    /// The person's open tasks whose reminder time has come, soonest due first.
    public func dueReminders(for userId: Int64, now: Date, limit: Int = 20) async throws -> [SalesTask] {
        try await database.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM tasks t \(unsafeRaw: Self.joins)
            WHERE t.assignee_id = \(bind: userId) AND t.status = 'open' AND t.remind_at <= \(bind: Clock.millis(now))
            ORDER BY t.remind_at, t.id LIMIT \(bind: max(1, min(limit, 100)))
            """).all().map(Self.task)
    }
}
