import Foundation
import PeyvandCore
import SQLKit

/// The backlog: the tickets open now (new, open, waiting) by status and age, and the oldest.
extension ServiceReports {
    static func backlog(_ db: any SQLDatabase, _ q: ServiceReportQuery, now: Date) async throws -> ServiceReport.Backlog {
        let now = millis(now), day: Int64 = 86_400_000
        var sql: SQLQueryString = """
            SELECT t.status AS status,
              CASE WHEN \(bind: now) - t.created_at < \(bind: day) THEN 'lt1d' WHEN \(bind: now) - t.created_at < \(bind: 3 * day) THEN '1-3d'
                WHEN \(bind: now) - t.created_at < \(bind: 7 * day) THEN '3-7d' WHEN \(bind: now) - t.created_at < \(bind: 30 * day) THEN '7-30d'
                ELSE 'gt30d' END AS bucket,
              COUNT(*) AS n, MIN(t.created_at) AS oldest
            FROM tickets t WHERE t.status IN ('new', 'open', 'waiting') AND t.deleted_at IS NULL
            """
        sql += ticketFilter(q)
        sql += " GROUP BY t.status, bucket"
        var cells: [ServiceReport.Backlog.Cell] = []
        var oldest: Int64?
        for row in try await db.raw(sql).all() {
            guard let status = TicketStatus(rawValue: try row.decode(column: "status", as: String.self)),
                  let bucket = ServiceReport.AgeBucket(rawValue: try row.decode(column: "bucket", as: String.self)) else { continue }
            cells.append(.init(status: status, bucket: bucket, count: try row.decode(column: "n", as: Int.self)))
            let at = try row.decode(column: "oldest", as: Int64.self)
            oldest = min(oldest ?? at, at)
        }
        let statusOrder = Dictionary(uniqueKeysWithValues: TicketStatus.allCases.enumerated().map { ($1, $0) })
        let bucketOrder = Dictionary(uniqueKeysWithValues: ServiceReport.AgeBucket.allCases.enumerated().map { ($1, $0) })
        cells.sort { (statusOrder[$0.status] ?? 0, bucketOrder[$0.bucket] ?? 0) < (statusOrder[$1.status] ?? 0, bucketOrder[$1.bucket] ?? 0) }
        var first: ServiceReport.Backlog.Oldest?
        if let oldest {
            // The oldest instant is known: one indexed look-up for the ticket that has it.
            var pick: SQLQueryString = """
                SELECT t.id, t.number, t.created_at FROM tickets t
                WHERE t.created_at = \(bind: oldest) AND t.status IN ('new', 'open', 'waiting') AND t.deleted_at IS NULL
                """
            pick += ticketFilter(q)
            pick += " ORDER BY t.id LIMIT 1"
            if let row = try await db.raw(pick).first() {
                first = .init(ticketId: try row.decode(column: "id", as: Int64.self), number: try row.decode(column: "number", as: String.self),
                              openedAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)))
            }
        }
        return ServiceReport.Backlog(total: cells.reduce(0) { $0 + $1.count }, cells: cells, oldest: first)
    }
}
