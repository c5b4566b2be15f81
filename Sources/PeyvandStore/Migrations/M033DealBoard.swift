extension Migration {
    /// The board at scale. Each stage's count and total of open deals is kept in
    /// `deal_stage_totals`, changed in the same transaction as the deal (created, moved, its amount
    /// changed, won, lost, reopened, deleted, restored), so the unfiltered board reads a handful of
    /// rows however many deals there are. Filtered boards read partial indexes of the open, live
    /// deals only: by stage (a column's cards), by owner, and by expected close day, each holding
    /// what the totals add. Queries must repeat the indexes' condition literally
    /// (`status = 'open' AND deleted_at IS NULL`) for the planners to use them.
    static let m033DealBoard = Migration(33, "deal board") { d in
        let partial = "WHERE status = 'open' AND deleted_at IS NULL"
        return [
            "CREATE INDEX deals_board_open ON deals (pipeline_id, stage_id, id, owner_id, expected_close_day) \(partial)",
            "CREATE INDEX deals_board_owner ON deals (pipeline_id, owner_id, stage_id, amount_base_minor, expected_close_day) \(partial)",
            "CREATE INDEX deals_board_close ON deals (pipeline_id, expected_close_day, stage_id, amount_base_minor, owner_id) \(partial)",
            "CREATE INDEX deal_lines_product ON deal_lines (product_id)",
            "CREATE INDEX deal_contacts_contact ON deal_contacts (contact_id)",
            """
            CREATE TABLE deal_stage_totals (
              pipeline_id \(d.bigint) NOT NULL REFERENCES pipelines(id),
              stage_id \(d.bigint) NOT NULL REFERENCES pipeline_stages(id),
              open_count \(d.bigint) NOT NULL,
              open_total_minor \(d.bigint) NOT NULL,
              PRIMARY KEY (pipeline_id, stage_id))
            """,
            DealTotals.rebuildSQL,
        ]
    }
}
