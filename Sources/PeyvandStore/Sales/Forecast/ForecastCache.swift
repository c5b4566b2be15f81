import Foundation
import PeyvandCore
import SQLKit

/// What the forecast adds up, kept between requests while nothing it reads has changed.
///
/// The forecast's sums cost tens of milliseconds at a million customers (a year of running totals,
/// a quarter's leads and activity), while a manager's page asks for the same few periods again and
/// again. Each read first takes the data's **freshness**: one statement of index probes (the newest
/// `updated_at` of deals, leads, tasks, quotas and pipelines, the newest interaction, a checksum of
/// the stages' probabilities, the forecast settings and the currency). Any change stored by any server instance changes it, and everything
/// kept is dropped. What the probes cannot see (a member of staff's name or team, an interaction
/// edited in place, two changes in the same millisecond) is read afresh at most `lifetime` later.
/// Sums are kept for everyone and filtered per request, so one sum serves every owner, team and
/// pipeline; concurrent readers of a missing sum wait for one computation of it.
actor ForecastCache {
    static let lifetime: Duration = .seconds(30)
    /// At most this many sums are kept (periods a client names are bounded by the calendar table,
    /// but not small): past it, everything is dropped and filled again.
    static let capacity = 256

    private var token = ""
    private var filledAt = ContinuousClock.now
    private var entries: [String: Task<any Sendable, any Error>] = [:]

    /// The value kept under `key` while `token` holds, else `compute`'s (once for all who ask).
    func value<T: Sendable>(_ key: String, token: String, _ compute: @escaping @Sendable () async throws -> T) async throws -> T {
        let now = ContinuousClock.now
        if token != self.token || now - filledAt > Self.lifetime || entries.count >= Self.capacity {
            entries.removeAll()
            self.token = token
            filledAt = now
        }
        let task: Task<any Sendable, any Error>
        if let kept = entries[key] {
            task = kept
        } else {
            task = Task { try await compute() }
            entries[key] = task
        }
        do {
            if let value = try await task.value as? T { return value }
            return try await compute()
        } catch {
            if entries[key] == task { entries[key] = nil }
            throw error
        }
    }
}

/// The freshness of the forecast's data, with the settings it reads on the way.
struct ForecastFreshness: Sendable {
    let token: String
    let thresholds: ForecastThresholds
    let currency: Currency

    static func read(_ db: any SQLDatabase) async throws -> ForecastFreshness {
        let row = try await db.raw("""
            SELECT (SELECT MAX(updated_at) FROM deals) AS deals, (SELECT MAX(updated_at) FROM leads) AS leads,
              (SELECT MAX(updated_at) FROM tasks) AS tasks, (SELECT MAX(id) FROM interactions) AS interactions,
              (SELECT MAX(updated_at) FROM sales_quotas) AS quotas, (SELECT MAX(updated_at) FROM pipelines) AS pipelines,
              (SELECT CAST(SUM(id * probability) AS BIGINT) FROM pipeline_stages) AS stages,
              (SELECT value FROM settings WHERE key = 'forecast_commit_from') AS commit_from,
              (SELECT value FROM settings WHERE key = 'forecast_best_case_from') AS best_case_from,
              (SELECT value FROM settings WHERE key = 'base_currency') AS currency
            """).first()
        var parts: [String] = []
        for column in ["deals", "leads", "tasks", "interactions", "quotas", "pipelines", "stages"] {
            parts.append((try row?.decode(column: column, as: Int64?.self)).flatMap { $0 }.map(String.init) ?? "-")
        }
        var thresholds = ForecastThresholds.standard
        let commit = (try row?.decode(column: "commit_from", as: String?.self)).flatMap { $0 }
        let best = (try row?.decode(column: "best_case_from", as: String?.self)).flatMap { $0 }
        if let value = commit.flatMap({ Int($0) }), (0...100).contains(value) { thresholds.commitFrom = value }
        if let value = best.flatMap({ Int($0) }), (0...100).contains(value) { thresholds.bestCaseFrom = value }
        let code = (try row?.decode(column: "currency", as: String?.self)).flatMap { $0 } ?? "IRR"
        parts += [String(thresholds.commitFrom), String(thresholds.bestCaseFrom), code]
        return ForecastFreshness(token: parts.joined(separator: ":"), thresholds: thresholds, currency: Currency(rawValue: code))
    }
}
