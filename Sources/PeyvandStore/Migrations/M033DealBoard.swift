extension Migration {
    /// The board: one partial index holds every open, live deal by pipeline and stage with what
    /// the column totals and filters read (amount, owner, close day), so a column's count and total
    /// and its first cards never touch closed or deleted deals. Queries must repeat the index's
    /// condition literally (`status = 'open' AND deleted_at IS NULL`) for the planners to use it.
    static let m033DealBoard = Migration(33, "deal board") { _ in
        [
            """
            CREATE INDEX deals_board_open ON deals (pipeline_id, stage_id, id, amount_base_minor, owner_id, expected_close_day)
            WHERE status = 'open' AND deleted_at IS NULL
            """,
            "CREATE INDEX deal_lines_product ON deal_lines (product_id)",
            "CREATE INDEX deal_contacts_contact ON deal_contacts (contact_id)",
        ]
    }
}
