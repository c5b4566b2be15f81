import PeyvandCore
import SQLKit

/// Each stage's count and total (in the organisation's currency) of open, live deals, kept beside
/// the deals in the same transaction as every change that moves a deal in or out of a stage or
/// changes its amount; the unfiltered board reads these rows instead of adding up every deal.
enum DealTotals {
    /// Adds `count` deals and `amount` minor units to a stage's totals (negative to take away).
    static func add(_ db: any SQLDatabase, pipelineId: Int64, stageId: Int64, count: Int64, amount: Int64) async throws {
        guard count != 0 || amount != 0 else { return }
        try await db.raw("""
            INSERT INTO deal_stage_totals (pipeline_id, stage_id, open_count, open_total_minor)
            VALUES (\(bind: pipelineId), \(bind: stageId), \(bind: count), \(bind: amount))
            ON CONFLICT (pipeline_id, stage_id) DO UPDATE SET open_count = deal_stage_totals.open_count + excluded.open_count,
              open_total_minor = deal_stage_totals.open_total_minor + excluded.open_total_minor
            """).run()
    }

    /// A deal entering (`sign` 1) or leaving (-1) the open deals of its stage.
    static func count(_ db: any SQLDatabase, _ deal: Deal, stageId: Int64? = nil, sign: Int64) async throws {
        try await add(db, pipelineId: deal.pipelineId, stageId: stageId ?? deal.stageId, count: sign, amount: sign * deal.amountBase.minorUnits)
    }

    /// Recomputes every stage's totals from the deals (after deals are written in bulk by SQL).
    static let rebuildSQL = """
        INSERT INTO deal_stage_totals (pipeline_id, stage_id, open_count, open_total_minor)
        SELECT pipeline_id, stage_id, COUNT(*), SUM(amount_base_minor) FROM deals
        WHERE status = 'open' AND deleted_at IS NULL GROUP BY pipeline_id, stage_id
        """

    static func rebuild(_ db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM deal_stage_totals").run()
        try await db.raw(SQLQueryString(rebuildSQL)).run()
    }

    static func read(_ db: any SQLDatabase, pipelineId: Int64) async throws -> [Int64: (Int, Int64)] {
        var sums: [Int64: (Int, Int64)] = [:]
        for row in try await db.raw("""
            SELECT stage_id, open_count, open_total_minor FROM deal_stage_totals WHERE pipeline_id = \(bind: pipelineId)
            """).all() {
            sums[try row.decode(column: "stage_id", as: Int64.self)] = (try row.decode(column: "open_count", as: Int.self),
                                                                         try row.decode(column: "open_total_minor", as: Int64.self))
        }
        return sums
    }
}
