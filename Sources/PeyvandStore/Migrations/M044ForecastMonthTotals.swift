import SQLKit

extension Migration {
    /// The forecast's lead funnel and each person's activity as running totals by month of both
    /// calendars, kept by triggers like the deals' (migration 32), so a period's funnel and
    /// activity read a few hundred rows instead of every lead of the period and its deal, or every
    /// day of every person:
    /// - `lead_funnel_months` (``LeadFunnelMonths``), kept by triggers on `leads` and on `deals`
    ///   (a lead's figures depend on its deal's status, amount, pipeline and deletion); the deal
    ///   triggers find a deal's leads through the new index `leads_deal`.
    /// - `staff_activity_months` (``StaffActivityMonths``), kept by triggers on `interactions`
    ///   next to `staff_activity_days`.
    /// Both are filled once from the rows already stored.
    static let m044ForecastMonthTotals = Migration(44, "forecast funnel and activity by month") { d in
        var statements = [
            """
            CREATE TABLE lead_funnel_months (
              calendar TEXT NOT NULL,
              month INTEGER NOT NULL,
              owner_id \(d.bigint) NOT NULL,
              source TEXT NOT NULL,
              channel TEXT NOT NULL,
              converted INTEGER NOT NULL,
              pipeline_id \(d.bigint) NOT NULL,
              leads \(d.bigint) NOT NULL,
              deals \(d.bigint) NOT NULL,
              won \(d.bigint) NOT NULL,
              won_amount \(d.bigint) NOT NULL,
              PRIMARY KEY (calendar, month, owner_id, source, channel, converted, pipeline_id))
            """,
            """
            CREATE TABLE staff_activity_months (
              calendar TEXT NOT NULL,
              month INTEGER NOT NULL,
              staff_id \(d.bigint) NOT NULL,
              kind TEXT NOT NULL,
              n \(d.bigint) NOT NULL,
              PRIMARY KEY (calendar, month, staff_id, kind))
            """,
            "CREATE INDEX leads_deal ON leads (deal_id)",
        ]
        switch d {
        case .sqlite:
            statements += LeadFunnelMonths.triggerStatements(d) + [
                """
                CREATE TRIGGER staff_activity_months_insert AFTER INSERT ON interactions
                BEGIN \(StaffActivityMonths.trigger("NEW", 1)); END
                """,
                """
                CREATE TRIGGER staff_activity_months_update AFTER UPDATE OF staff_id, kind, occurred_at, deleted_at ON interactions
                BEGIN \(StaffActivityMonths.trigger("OLD", -1)); \(StaffActivityMonths.trigger("NEW", 1)); END
                """,
                """
                CREATE TRIGGER staff_activity_months_delete AFTER DELETE ON interactions
                BEGIN \(StaffActivityMonths.trigger("OLD", -1)); END
                """,
            ]
        case .postgres:
            statements += LeadFunnelMonths.triggerStatements(d) + [
                """
                CREATE TRIGGER lead_funnel AFTER INSERT OR DELETE OR UPDATE OF created_at, owner_id, source, channel, deal_id
                ON leads FOR EACH ROW EXECUTE FUNCTION lead_funnel_lead_count()
                """,
                """
                CREATE TRIGGER lead_funnel_deal AFTER INSERT OR DELETE OR UPDATE OF status, amount_base_minor, pipeline_id, deleted_at
                ON deals FOR EACH ROW EXECUTE FUNCTION lead_funnel_deal_count()
                """,
                """
                CREATE FUNCTION staff_activity_month_count() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN \(StaffActivityMonths.trigger("OLD", -1)); END IF;
                  IF TG_OP IN ('INSERT', 'UPDATE') THEN \(StaffActivityMonths.trigger("NEW", 1)); END IF;
                  RETURN NULL;
                END $$
                """,
                """
                CREATE TRIGGER staff_activity_months AFTER INSERT OR DELETE OR UPDATE OF staff_id, kind, occurred_at, deleted_at
                ON interactions FOR EACH ROW EXECUTE FUNCTION staff_activity_month_count()
                """,
            ]
        }
        return statements + [LeadFunnelMonths.rebuildSQL, StaffActivityMonths.rebuildSQL]
    }
}
