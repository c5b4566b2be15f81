import SQLKit

extension Migration {
    /// The board's per-stage count and total of open deals (`deal_stage_totals`, migration 33) are
    /// kept by triggers on `deals`, as the forecast's sums are (migration 32), instead of by the
    /// deal repository's own calls: every writer — a lead converted, the demo, an import, a
    /// statement typed by an administrator — keeps them right. The totals are recomputed once from
    /// the deals, which also mends any drift left by a writer that went around the repository.
    static let m043DealStageTotalsTriggers = Migration(43, "deal stage totals by triggers") { d in
        var statements: [String] = []
        switch d {
        case .sqlite:
            statements = [
                "CREATE TRIGGER deal_stage_totals_insert AFTER INSERT ON deals BEGIN \(DealTotals.trigger("NEW", 1)); END",
                """
                CREATE TRIGGER deal_stage_totals_update AFTER UPDATE OF pipeline_id, stage_id, status, amount_base_minor, deleted_at ON deals
                BEGIN \(DealTotals.trigger("OLD", -1)); \(DealTotals.trigger("NEW", 1)); END
                """,
                "CREATE TRIGGER deal_stage_totals_delete AFTER DELETE ON deals BEGIN \(DealTotals.trigger("OLD", -1)); END",
            ]
        case .postgres:
            statements = [
                """
                CREATE FUNCTION deal_stage_totals_count() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN \(DealTotals.trigger("OLD", -1)); END IF;
                  IF TG_OP IN ('INSERT', 'UPDATE') THEN \(DealTotals.trigger("NEW", 1)); END IF;
                  RETURN NULL;
                END $$
                """,
                """
                CREATE TRIGGER deal_stage_totals AFTER INSERT OR DELETE OR UPDATE OF pipeline_id, stage_id, status, amount_base_minor, deleted_at
                ON deals FOR EACH ROW EXECUTE FUNCTION deal_stage_totals_count()
                """,
            ]
        }
        return statements + ["DELETE FROM deal_stage_totals", DealTotals.rebuildSQL]
    }
}
