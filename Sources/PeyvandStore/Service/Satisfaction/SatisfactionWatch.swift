import Foundation
import PeyvandCore
import SQLKit

/// The satisfaction watch: reassesses the customers whose evidence has aged out of a window
/// (`customer_satisfaction.next_check_at <= now`), so a class moves with no new event — a
/// complaint burst 31 days old no longer makes anyone angry. Every server instance runs it.
///
/// It reads only the due rows (an index range), a batch at a time, and reassesses each batch in
/// one transaction; on PostgreSQL a row another instance holds is skipped (`SKIP LOCKED`) and a
/// row already moved on is left alone, so several instances at once never record a change twice.
public struct SatisfactionWatch: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// What one run did.
    public struct Report: Sendable, Hashable {
        public var customers = 0
        public var changes = 0

        public init(customers: Int = 0, changes: Int = 0) {
            (self.customers, self.changes) = (customers, changes)
        }
    }

    public static let batch = 100

    /// Reassesses every customer due by `now` (the server's clock unless given), at most `limit`.
    @discardableResult
    public func run(now: Date = Date(), limit: Int = .max) async throws -> Report {
        var report = Report()
        let nowMillis = Clock.millis(now)
        var after: (Int64, Int64) = (Int64.min, 0)
        while report.customers < limit {
            let (afterAt, afterId) = after
            let rows = try await database.sql.raw("""
                SELECT customer_id, next_check_at FROM customer_satisfaction
                WHERE next_check_at IS NOT NULL AND next_check_at <= \(bind: nowMillis)
                  AND (next_check_at > \(bind: afterAt) OR (next_check_at = \(bind: afterAt) AND customer_id > \(bind: afterId)))
                ORDER BY next_check_at, customer_id LIMIT \(bind: min(Self.batch, limit - report.customers))
                """).all()
            guard let last = rows.last else { return report }
            let ids = try rows.map { try $0.decode(column: "customer_id", as: Int64.self) }
            let done = try await database.transaction { db in try await Self.check(db, ids, now: now) }
            report.customers += done.customers
            report.changes += done.changes
            after = (try last.decode(column: "next_check_at", as: Int64.self), try last.decode(column: "customer_id", as: Int64.self))
            if rows.count < Self.batch { return report }
        }
        return report
    }

    /// Reassesses those of `ids` still due, inside the caller's transaction.
    static func check(_ db: any SQLDatabase, _ ids: [Int64], now: Date) async throws -> Report {
        var report = Report()
        let nowMillis = Clock.millis(now)
        // Another instance holding a row is at it already; a row it finished is no longer due.
        let lock: SQLQueryString = db.storeDialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let due = try await db.raw("""
            SELECT customer_id FROM customer_satisfaction
            WHERE customer_id IN (\(binds: ids)) AND next_check_at IS NOT NULL AND next_check_at <= \(bind: nowMillis) ORDER BY customer_id
            """ + lock).all().map { try $0.decode(column: "customer_id", as: Int64.self) }
        for id in due {
            report.customers += 1
            if try await SatisfactionAssessment.reassess(db, customerId: id, cause: "watch", now: now) != nil { report.changes += 1 }
        }
        return report
    }
}

extension SatisfactionWatch {
    /// Runs the watch every `interval` until cancelled (each server instance does).
    public func loop(every interval: Duration = .seconds(600)) async {
        while !Task.isCancelled {
            _ = try? await run()
            try? await Task.sleep(for: interval)
        }
    }

    /// Assesses every customer with evidence — answered surveys, tickets, returns, payment
    /// disputes, referrals, recovery cases — or, unless `all`, only those never assessed (after an
    /// upgrade, for the data already there). Cause `manual`; batches of ``batch`` per transaction.
    @discardableResult
    public func assessAll(all: Bool, now: Date = Date()) async throws -> Report {
        var report = Report()
        var after: Int64 = 0
        let unassessed: SQLQueryString = all ? "" : " AND NOT EXISTS (SELECT 1 FROM customer_satisfaction s WHERE s.customer_id = c.id)"
        while true {
            let ids = try await database.sql.raw("""
                SELECT c.id FROM customers c
                WHERE c.id > \(bind: after) AND c.deleted_at IS NULL AND (
                  EXISTS (SELECT 1 FROM surveys v WHERE v.customer_id = c.id AND v.answered_at IS NOT NULL)
                  OR EXISTS (SELECT 1 FROM tickets t WHERE t.customer_id = c.id)
                  OR EXISTS (SELECT 1 FROM returns r WHERE r.customer_id = c.id)
                  OR EXISTS (SELECT 1 FROM payment_disputes d WHERE d.customer_id = c.id)
                  OR EXISTS (SELECT 1 FROM customer_relations x WHERE x.related_id = c.id AND x.kind = 'referred-by')
                  OR EXISTS (SELECT 1 FROM recovery_cases k WHERE k.customer_id = c.id))
                """ + unassessed + " ORDER BY c.id LIMIT \(bind: Self.batch)").all().map { try $0.decode(column: "id", as: Int64.self) }
            guard let last = ids.last else { return report }
            let changes = try await database.transaction { db in
                var changes = 0
                for id in ids {
                    if try await SatisfactionAssessment.reassess(db, customerId: id, cause: "manual", now: now) != nil { changes += 1 }
                }
                return changes
            }
            report.customers += ids.count
            report.changes += changes
            after = last
            if ids.count < Self.batch { return report }
        }
    }
}
