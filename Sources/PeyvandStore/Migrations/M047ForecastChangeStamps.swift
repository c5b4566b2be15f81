import SQLKit

extension Migration {
    /// The forecast's deal and funnel totals say when each of their rows last changed
    /// (`changed_at`, milliseconds, stamped by the triggers as they add a change), so the
    /// forecast keeps what a change did not touch: moving a deal's stage changes its months'
    /// deal totals but not the funnel, which stays kept, and only the months a change stamped are
    /// added up again (``ForecastMonthsCache``). Rows stored before carry 0.
    static let m047ForecastChangeStamps = Migration(47, "forecast totals stamped when they change") { d in
        let stamp = d.nowMillis
        return [
            "ALTER TABLE deal_forecast_months ADD COLUMN changed_at \(d.bigint) NOT NULL DEFAULT 0",
            "ALTER TABLE lead_funnel_months ADD COLUMN changed_at \(d.bigint) NOT NULL DEFAULT 0",
            "CREATE INDEX deal_forecast_months_changed ON deal_forecast_months (changed_at)",
            "CREATE INDEX lead_funnel_months_changed ON lead_funnel_months (changed_at)",
        ] + ForecastTriggers.dealStatements(d, changedAt: stamp)
            + LeadFunnelMonths.triggerStatements(d, changedAt: stamp, replacing: true)
    }
}
