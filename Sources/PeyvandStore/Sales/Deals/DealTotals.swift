import PeyvandCore
import SQLKit

/// Each stage's count and total (in the organisation's currency) of open, live deals. The
/// triggers of migration 43 keep them in the same statement as every change that moves a deal in
/// or out of a stage or changes its amount, whoever writes the deal; the unfiltered board reads
/// these rows instead of adding up every deal.
enum DealTotals {
    /// What a trigger runs for one row of `deals` (`NEW` added with `sign` 1, `OLD` taken away
    /// with -1); the same text serves SQLite's trigger bodies and PostgreSQL's PL/pgSQL.
    static func trigger(_ row: String, _ sign: Int) -> String {
        """
        INSERT INTO deal_stage_totals (pipeline_id, stage_id, open_count, open_total_minor)
        SELECT \(row).pipeline_id, \(row).stage_id, \(sign), \(sign) * \(row).amount_base_minor
        WHERE \(row).status = 'open' AND \(row).deleted_at IS NULL
        ON CONFLICT (pipeline_id, stage_id) DO UPDATE SET open_count = deal_stage_totals.open_count + excluded.open_count,
          open_total_minor = deal_stage_totals.open_total_minor + excluded.open_total_minor
        """
    }

    /// Recomputes every stage's totals from the deals (after deals are written in bulk by SQL).
    static let rebuildSQL = """
        INSERT INTO deal_stage_totals (pipeline_id, stage_id, open_count, open_total_minor)
        SELECT pipeline_id, stage_id, COUNT(*), SUM(amount_base_minor) FROM deals
        WHERE status = 'open' AND deleted_at IS NULL GROUP BY pipeline_id, stage_id
        """

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
