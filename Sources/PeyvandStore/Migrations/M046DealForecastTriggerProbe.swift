import SQLKit

extension Migration {
    /// The forecast's deal triggers (migration 32) find a deal's month with two index probes per
    /// calendar instead of trying every `calendar_months` row against a correlated maximum: about
    /// 5 ms of CPU a deal change on SQLite and 25 ms a firing on PostgreSQL before, a fraction of a
    /// millisecond after. The triggers are made again with ``ForecastTriggers/deal(_:_:)``'s
    /// current text; what they write is unchanged, so the totals stay as they are.
    static let m046DealForecastTriggerProbe = Migration(46, "deal forecast triggers probe the month") { d in
        ForecastTriggers.dealStatements(d)
    }
}
