import Foundation
import PeyvandCore
import SQLKit

/// One pipeline's open deals by stage: each column's count and total in the organisation's
/// currency over every deal the filters let through, and its first cards (newest first) with the
/// cursor of the next ones.
public struct DealBoard: Sendable {
    public struct Column: Sendable {
        public let stage: PipelineStage
        public let count: Int
        public let total: Money
        public let cards: [Deal]
        public let next: String?
    }

    public let pipeline: Pipeline
    public let currency: Currency
    public let columns: [Column]
}

extension Deals {
    /// Deals within reach that `filter` lets through, newest first (`after`: the last id of the previous page).
    public func list(_ filter: DealFilter, after: Int64? = nil, limit: Int = 50, by principal: Principal) async throws -> Page<Deal> {
        try principal.require(.salesRead, to: "read deals")
        let n = max(1, min(limit, Page<Deal>.maxLimit))
        var sql = DealReader.select + " WHERE 1 = 1" + Self.conditions(filter) + DealReader.reach(principal)
        if let after { sql += " AND d.id < \(bind: after)" }
        sql += " ORDER BY d.id DESC LIMIT \(bind: n + 1)"
        let db = database.sql
        let rows = try await db.raw(sql).all()
        let deals = try await DealReader.deals(db, Array(rows.prefix(n)))
        return Page(items: deals, next: rows.count > n ? deals.last.map { Cursor.encode($0.id) } : nil)
    }

    /// A customer's open deals, newest first (the 360 page's box).
    public func open(customerId: Int64, limit: Int = 10, by principal: Principal) async throws -> [Deal] {
        try await list(DealFilter(status: .open, customerId: customerId), limit: limit, by: principal).items
    }

    /// The board of one pipeline: every active stage's count and total (two indexed aggregates
    /// whatever the number of deals) and first `perColumn` cards. `filter`'s owner and close days apply.
    public func board(_ pipelineId: Int64, _ filter: DealFilter = DealFilter(), perColumn: Int = 20, by principal: Principal) async throws -> DealBoard {
        try principal.require(.salesRead, to: "read deals")
        let db = database.sql
        async let currency = Settings.baseCurrency(db)
        guard let pipeline = try await Pipelines.fetch(db, pipelineId) else { throw StoreError.notFound(entity: "pipeline", id: String(pipelineId)) }
        let base = try await currency
        var scoped = filter
        scoped.pipelineId = pipelineId
        async let sums = Self.totals(db, pipelineId, scoped, by: principal)
        let stages = pipeline.activeStages
        // Every column's first cards in one statement: each stage's run of the partial index, newest first.
        let n = max(1, min(perColumn, Page<Deal>.maxLimit))
        var sql: SQLQueryString = ""
        for (i, stage) in stages.enumerated() {
            if i > 0 { sql += " UNION ALL " }
            sql += "SELECT * FROM (" + Self.columnSQL(db, pipelineId, stage.id, scoped, after: nil, limit: n + 1, by: principal) + ") AS column\(unsafeRaw: String(i))"
        }
        let rows = stages.isEmpty ? [] : try await db.raw(sql).all()
        var cards: [Int64: [Deal]] = [:]
        for deal in try await DealReader.deals(db, rows, withDetails: false, base: base) { cards[deal.stageId, default: []].append(deal) }
        let totals = try await sums
        let columns = stages.map { stage in
            let deals = (cards[stage.id] ?? []).sorted { $0.id > $1.id }
            let (count, total) = totals[stage.id] ?? (0, 0)
            return DealBoard.Column(stage: stage, count: count, total: Money(minorUnits: total, currency: base), cards: Array(deals.prefix(n)),
                                    next: deals.count > n ? Cursor.encode(deals[n - 1].id) : nil)
        }
        return DealBoard(pipeline: pipeline, currency: base, columns: columns)
    }

    /// The next cards of one column of the board.
    public func column(pipeline pipelineId: Int64, stage stageId: Int64, _ filter: DealFilter = DealFilter(), after: Int64?, limit: Int = 20,
                       by principal: Principal) async throws -> Page<Deal> {
        try await column(pipeline: pipelineId, stage: stageId, filter, after: after, limit: limit, base: nil, by: principal)
    }

    func column(pipeline pipelineId: Int64, stage stageId: Int64, _ filter: DealFilter, after: Int64?, limit: Int, base: Currency?,
                by principal: Principal) async throws -> Page<Deal> {
        try principal.require(.salesRead, to: "read deals")
        let db = database.sql
        let n = max(1, min(limit, Page<Deal>.maxLimit))
        let sql = Self.columnSQL(db, pipelineId, stageId, filter, after: after, limit: n + 1, by: principal)
        let rows = try await db.raw(sql).all()
        let deals = try await DealReader.deals(db, Array(rows.prefix(n)), withDetails: false, base: base)
        return Page(items: deals, next: rows.count > n ? deals.last.map { Cursor.encode($0.id) } : nil)
    }

    /// One column's cards: the stage's run of its partial index, newest first, its filters read from
    /// the index itself (SQLite's planner would rather sort a range of close days).
    static func columnSQL(_ db: any SQLDatabase, _ pipelineId: Int64, _ stageId: Int64, _ filter: DealFilter, after: Int64?, limit: Int,
                          by principal: Principal) -> SQLQueryString {
        var sql = DealReader.select(from: db.dialect.name == "sqlite" ? "deals d INDEXED BY deals_board_open" : "deals d") + """
             WHERE d.pipeline_id = \(bind: pipelineId) AND d.status = 'open' AND d.deleted_at IS NULL AND d.stage_id = \(bind: stageId)
            """ + boardConditions(filter) + DealReader.reach(principal)
        if let after { sql += " AND d.id < \(bind: after)" }
        sql += " ORDER BY d.id DESC LIMIT \(bind: limit)"
        return sql
    }

    /// Each stage's count and total: the kept totals when nothing narrows the board, else added up
    /// from the partial index that fits the filter (by owner, else by close day).
    static func totals(_ db: any SQLDatabase, _ pipelineId: Int64, _ filter: DealFilter, by principal: Principal) async throws -> [Int64: (Int, Int64)] {
        let scoped = principal.customerScope != .all
        if !scoped, filter.ownerId == nil, filter.closeFrom == nil, filter.closeTo == nil {
            return try await DealTotals.read(db, pipelineId: pipelineId)
        }
        let index = filter.ownerId != nil ? "deals_board_owner" : (filter.closeFrom != nil || filter.closeTo != nil) ? "deals_board_close" : "deals_board_open"
        // SQLite's planner prefers the older full index on (pipeline, status, stage); name the partial one.
        let hint = db.dialect.name == "sqlite" ? " INDEXED BY \(index)" : ""
        var sql: SQLQueryString = "SELECT d.stage_id, COUNT(*) AS n, CAST(SUM(d.amount_base_minor) AS BIGINT) AS total FROM deals d\(unsafeRaw: hint)"
        if scoped { sql += " JOIN customers c ON c.id = d.customer_id" }
        sql += " WHERE d.pipeline_id = \(bind: pipelineId) AND d.status = 'open' AND d.deleted_at IS NULL"
            + Self.boardConditions(filter) + DealReader.reach(principal) + " GROUP BY d.stage_id"
        var sums: [Int64: (Int, Int64)] = [:]
        for row in try await db.raw(sql).all() {
            sums[try row.decode(column: "stage_id", as: Int64.self)] = (try row.decode(column: "n", as: Int.self), try row.decode(column: "total", as: Int64?.self) ?? 0)
        }
        return sums
    }

    /// The board's filters: owner and expected close days.
    static func boardConditions(_ filter: DealFilter) -> SQLQueryString {
        var sql: SQLQueryString = ""
        if let owner = filter.ownerId { sql += " AND d.owner_id = \(bind: owner)" }
        if let from = filter.closeFrom { sql += " AND d.expected_close_day >= \(bind: Int64(from.daysSinceUnixEpoch))" }
        if let to = filter.closeTo { sql += " AND d.expected_close_day <= \(bind: Int64(to.daysSinceUnixEpoch))" }
        return sql
    }

    /// Every filter of the list.
    static func conditions(_ filter: DealFilter) -> SQLQueryString {
        var sql = boardConditions(filter)
        sql += filter.deleted ? " AND d.deleted_at IS NOT NULL" : " AND d.deleted_at IS NULL"
        if let p = filter.pipelineId { sql += " AND d.pipeline_id = \(bind: p)" }
        if let s = filter.stageId { sql += " AND d.stage_id = \(bind: s)" }
        if let status = filter.status { sql += " AND d.status = \(bind: status.rawValue)" }
        if let c = filter.customerId { sql += " AND d.customer_id = \(bind: c)" }
        if let q = filter.q?.trimmingCharacters(in: .whitespaces), !q.isEmpty {
            let like = "%" + CustomerRepository.escapeLike(String(q.prefix(100))) + "%"
            sql += " AND (d.title LIKE \(bind: like) ESCAPE '\\' OR c.name LIKE \(bind: like) ESCAPE '\\')"
        }
        return sql
    }
}
