import SQLKit

extension Migration {
    /// The forecast's deal triggers (migration 32) find a deal's month with two index probes per
    /// calendar instead of trying every `calendar_months` row against a correlated maximum: about
    /// 5 ms of CPU a deal change on SQLite and 25 ms a firing on PostgreSQL before, a fraction of a
    /// millisecond after. The triggers are made again with ``ForecastTriggers/deal(_:_:)``'s
    /// current text; what they write is unchanged, so the totals stay as they are.
    static let m046DealForecastTriggerProbe = Migration(46, "deal forecast triggers probe the month") { d in
        switch d {
        case .sqlite:
            return [
                "DROP TRIGGER deal_forecast_insert",
                "DROP TRIGGER deal_forecast_update",
                "DROP TRIGGER deal_forecast_delete",
                "CREATE TRIGGER deal_forecast_insert AFTER INSERT ON deals BEGIN \(ForecastTriggers.deal("NEW", 1)); END",
                """
                CREATE TRIGGER deal_forecast_update AFTER UPDATE OF pipeline_id, stage_id, owner_id, status, probability,
                  amount_base_minor, expected_close_day, closed_at, deleted_at ON deals
                BEGIN \(ForecastTriggers.deal("OLD", -1)); \(ForecastTriggers.deal("NEW", 1)); END
                """,
                "CREATE TRIGGER deal_forecast_delete AFTER DELETE ON deals BEGIN \(ForecastTriggers.deal("OLD", -1)); END",
            ]
        case .postgres:
            return [
                """
                CREATE OR REPLACE FUNCTION deal_forecast_count() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN \(ForecastTriggers.deal("OLD", -1)); END IF;
                  IF TG_OP IN ('INSERT', 'UPDATE') THEN \(ForecastTriggers.deal("NEW", 1)); END IF;
                  RETURN NULL;
                END $$
                """,
            ]
        }
    }
}
