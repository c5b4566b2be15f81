import Foundation
import SQLKit

/// Limits web-to-lead submissions per client address, in the database (so every instance over
/// one database enforces the same limit): a counter per address for the current minute and the
/// current hour, counted atomically in the submission's own transaction. One address flooding a
/// form is refused without slowing any other address.
enum WebToLeadThrottle {
    /// Counts one submission; nil when it may go ahead, else the seconds until it may.
    static func count(_ db: any SQLDatabase, address: String, perMinute: Int, perHour: Int, now: Date) async throws -> Int? {
        let at = Clock.millis(now)
        let key = String(address.prefix(64))
        var wait = 0
        for (span, length, limit) in [("minute", Int64(60_000), perMinute), ("hour", Int64(3_600_000), perHour)] {
            let start = at - at % length
            let row = try await db.raw("""
                INSERT INTO lead_submission_counters (address, span, window_start, count)
                VALUES (\(bind: key), \(bind: span), \(bind: start), 1)
                ON CONFLICT (address, span) DO UPDATE SET
                  count = CASE WHEN lead_submission_counters.window_start < \(bind: start) THEN 1 ELSE lead_submission_counters.count + 1 END,
                  window_start = \(bind: start)
                RETURNING count
                """).first()
            let count = try row?.decode(column: "count", as: Int.self) ?? 1
            if count > limit { wait = max(wait, Int((start + length - at + 999) / 1000)) }
        }
        // Now and then, forget the addresses that have been quiet for a day.
        if Int.random(in: 0..<512) == 0 {
            try await db.raw("DELETE FROM lead_submission_counters WHERE window_start < \(bind: at - 86_400_000)").run()
        }
        return wait > 0 ? max(1, wait) : nil
    }
}
