import Foundation
import PeyvandCore
import SQLKit

/// Tasks: created for oneself or another member of staff, changed with the version read (a lost
/// update is refused), completed, reopened and cancelled; every write audited.
public struct TaskRepository: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    static let columns = """
        t.id, t.title, t.notes, t.due_at, t.remind_at, t.reminded_at, t.assignee_id, t.customer_id, t.deal_id, t.status, t.done_at,
        t.done_by, t.version, t.created_by, t.created_at, t.updated_at, u.name AS assignee_name, c.name AS customer_name, d.title AS deal_title
        """
    static let joins = """
        JOIN users u ON u.id = t.assignee_id LEFT JOIN customers c ON c.id = t.customer_id LEFT JOIN deals d ON d.id = t.deal_id
        """

    public func create(_ input: TaskInput, by principal: Principal, now: Date = Date()) async throws -> SalesTask {
        try principal.require(.tasksWrite, to: "create tasks")
        let v: TaskInput
        do { v = try input.validated(now: now) } catch { throw StoreError.invalid(error) }
        let id = try await database.transaction { db in
            let assignee = v.assigneeId ?? principal.userId
            try await SalesReach.checkUser(db, assignee, field: "assigneeId")
            try await SalesReach.checkLinks(db, customerId: v.customerId, dealId: v.dealId, by: principal)
            let at = Clock.millis(now)
            let row = try await db.raw("""
                INSERT INTO tasks (title, notes, due_at, remind_at, assignee_id, customer_id, deal_id, status, created_by, created_at, updated_at)
                VALUES (\(bind: v.title ?? ""), \(bind: v.notes), \(bind: v.dueAt.map(Clock.millis)), \(bind: v.remindAt.map(Clock.millis)),
                  \(bind: assignee), \(bind: v.customerId), \(bind: v.dealId), \(bind: TaskStatus.open.rawValue),
                  \(bind: principal.userId > 0 ? principal.userId : nil), \(bind: at), \(bind: at))
                RETURNING id
                """).first()
            guard let id = try row?.decode(column: "id", as: Int64.self) else { throw StoreError.conflict("the task was not stored") }
            try await AuditLog.record(db, entity: "task", entityId: id, by: principal, action: "create", after: v.title, at: at)
            return id
        }
        return try await Self.fetch(database.sql, id)
    }

    /// Replaces the editable fields. A changed reminder time is sent again when it comes.
    public func update(_ id: Int64, _ input: TaskInput, expectedVersion: Int?, by principal: Principal, now: Date = Date()) async throws -> SalesTask {
        try principal.require(.tasksWrite, to: "change tasks")
        let v: TaskInput
        do { v = try input.validated(now: now) } catch { throw StoreError.invalid(error) }
        _ = try await get(id, by: principal)
        try await database.transaction { db in
            let old = try await Self.fetch(db, id)
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            let assignee = v.assigneeId ?? old.assigneeId
            if assignee != old.assigneeId { try await SalesReach.checkUser(db, assignee, field: "assigneeId") }
            if v.customerId != old.customerId || v.dealId != old.dealId {
                try await SalesReach.checkLinks(db, customerId: v.customerId != old.customerId ? v.customerId : nil,
                                                dealId: v.dealId != old.dealId ? v.dealId : nil, by: principal)
            }
            let at = Clock.millis(now)
            let remind = v.remindAt.map(Clock.millis)
            let resetReminder = remind != old.remindAt.map(Clock.millis)
            let updated = try await db.raw("""
                UPDATE tasks SET title = \(bind: v.title ?? ""), notes = \(bind: v.notes), due_at = \(bind: v.dueAt.map(Clock.millis)),
                  remind_at = \(bind: remind), assignee_id = \(bind: assignee), customer_id = \(bind: v.customerId), deal_id = \(bind: v.dealId),
                  reminded_at = \(unsafeRaw: resetReminder ? "NULL" : "reminded_at"), version = version + 1, updated_at = \(bind: at)
                WHERE id = \(bind: id) AND version = \(bind: old.version)
                RETURNING id
                """).first()
            if updated == nil { throw StoreError.versionMismatch(current: old.version + 1) }
            for (field, before, after) in Self.changes(old, v, assignee: assignee) {
                try await AuditLog.record(db, entity: "task", entityId: id, by: principal, action: "update", field: field, before: before, after: after, at: at)
            }
        }
        return try await Self.fetch(database.sql, id)
    }

    static func changes(_ old: SalesTask, _ v: TaskInput, assignee: Int64) -> [(String, String?, String?)] {
        var out: [(String, String?, String?)] = []
        func add(_ field: String, _ a: String?, _ b: String?) { if a != b { out.append((field, a, b)) } }
        add("title", old.title, v.title)
        add("notes", old.notes, v.notes)
        add("dueAt", old.dueAt.map(CivilTime.rfc3339), v.dueAt.map(CivilTime.rfc3339))
        add("remindAt", old.remindAt.map(CivilTime.rfc3339), v.remindAt.map(CivilTime.rfc3339))
        add("assigneeId", String(old.assigneeId), String(assignee))
        add("customerId", old.customerId.map(String.init), v.customerId.map(String.init))
        add("dealId", old.dealId.map(String.init), v.dealId.map(String.init))
        return out
    }

    /// Marks the task done (by this person, now); done already is no change.
    public func complete(_ id: Int64, expectedVersion: Int? = nil, by principal: Principal, now: Date = Date()) async throws -> SalesTask {
        try await move(id, to: .done, expectedVersion: expectedVersion, by: principal, now: now)
    }

    /// Opens a done or cancelled task again.
    public func reopen(_ id: Int64, expectedVersion: Int? = nil, by principal: Principal, now: Date = Date()) async throws -> SalesTask {
        try await move(id, to: .open, expectedVersion: expectedVersion, by: principal, now: now)
    }

    public func cancel(_ id: Int64, expectedVersion: Int? = nil, by principal: Principal, now: Date = Date()) async throws -> SalesTask {
        try await move(id, to: .cancelled, expectedVersion: expectedVersion, by: principal, now: now)
    }

    func move(_ id: Int64, to status: TaskStatus, expectedVersion: Int?, by principal: Principal, now: Date) async throws -> SalesTask {
        try principal.require(.tasksWrite, to: "change tasks")
        _ = try await get(id, by: principal)
        try await database.transaction { db in
            let old = try await Self.fetch(db, id)
            if let expectedVersion, expectedVersion != old.version { throw StoreError.versionMismatch(current: old.version) }
            guard old.status != status else { return }
            let at = Clock.millis(now)
            let done = status == .done
            try await db.raw("""
                UPDATE tasks SET status = \(bind: status.rawValue), done_at = \(bind: done ? at : nil),
                  done_by = \(bind: done && principal.userId > 0 ? principal.userId : nil), version = version + 1, updated_at = \(bind: at)
                WHERE id = \(bind: id)
                """).run()
            try await AuditLog.record(db, entity: "task", entityId: id, by: principal, action: status == .open ? "reopen" : status.rawValue,
                                      field: "status", before: old.status.rawValue, after: status.rawValue, at: at)
        }
        return try await Self.fetch(database.sql, id)
    }

    /// One task, if the person may see it: their own, or one of a customer or deal in reach
    /// (404 otherwise, as for customers out of reach).
    public func get(_ id: Int64, by principal: Principal) async throws -> SalesTask {
        try SalesReach.requireRead(principal, "tasks")
        var sql: SQLQueryString = "SELECT \(unsafeRaw: Self.columns) FROM tasks t \(unsafeRaw: Self.joins) WHERE t.id = \(bind: id)"
        sql += Self.reach(principal)
        guard let row = try await database.sql.raw(sql).first() else { throw StoreError.notFound(entity: "task", id: String(id)) }
        return try Self.task(row)
    }

    /// The condition that keeps a list to the tasks the person reaches.
    static func reach(_ principal: Principal) -> SQLQueryString {
        guard principal.customerScope == .ownedOrShared else { return "" }
        return """
             AND (t.assignee_id = \(bind: principal.userId) OR t.created_by = \(bind: principal.userId)
               OR (t.customer_id IS NOT NULL AND \(SalesReach.customer("t.customer_id", principal)))
               OR t.deal_id IN (SELECT d2.id FROM deals d2 WHERE d2.owner_id = \(bind: principal.userId)))
            """
    }

    static func fetch(_ db: any SQLDatabase, _ id: Int64) async throws -> SalesTask {
        guard let row = try await db.raw("SELECT \(unsafeRaw: columns) FROM tasks t \(unsafeRaw: joins) WHERE t.id = \(bind: id)").first() else {
            throw StoreError.notFound(entity: "task", id: String(id))
        }
        return try task(row)
    }

    static func task(_ row: any SQLRow) throws -> SalesTask {
        func date(_ column: String) throws -> Date? { try row.decode(column: column, as: Int64?.self).map(Clock.date) }
        return SalesTask(
            id: try row.decode(column: "id", as: Int64.self), title: try row.decode(column: "title", as: String.self),
            notes: try row.decode(column: "notes", as: String?.self), dueAt: try date("due_at"), remindAt: try date("remind_at"),
            remindedAt: try date("reminded_at"), assigneeId: try row.decode(column: "assignee_id", as: Int64.self),
            assigneeName: try row.decode(column: "assignee_name", as: String.self),
            customerId: try row.decode(column: "customer_id", as: Int64?.self), customerName: try row.decode(column: "customer_name", as: String?.self),
            dealId: try row.decode(column: "deal_id", as: Int64?.self), dealTitle: try row.decode(column: "deal_title", as: String?.self),
            status: TaskStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
            doneAt: try date("done_at"), doneBy: try row.decode(column: "done_by", as: Int64?.self),
            version: Int(try row.decode(column: "version", as: Int64.self)),
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Clock.date(try row.decode(column: "updated_at", as: Int64.self))
        )
    }
}
