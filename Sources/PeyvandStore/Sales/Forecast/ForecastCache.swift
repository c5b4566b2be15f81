import Foundation
import PeyvandCore
import SQLKit

/// What the forecast adds up, kept between requests while nothing it reads has changed.
///
/// The forecast's sums cost tens of milliseconds at a million customers (a year of running totals,
/// a quarter's leads and activity), while a manager's page asks for the same few periods again and
/// again. Each read first takes the data's **freshness**: one statement of index probes (the newest
/// `updated_at` of deals, leads, tasks, quotas and pipelines, the newest interaction, a checksum of
/// the stages' probabilities, the forecast settings, the teams' revision and the currency). Any
/// change stored by any server instance changes it, and everything kept is dropped. What the
/// probes cannot see (a member of staff's name, an interaction edited in place, two changes in the
/// same millisecond) is read afresh at most `lifetime` later. The sums are kept for everyone (one
/// serves every owner, team and pipeline), and each forecast asked for is kept whole; concurrent
/// readers of a missing value wait for one computation of it.
actor ForecastCache {
    /// How long a value is served without asking again for what the probes cannot see. Past it,
    /// the kept value is still served while one fresh computation runs in the background and
    /// replaces it, so no reader waits for it.
    static let lifetime: Duration = .seconds(30)
    /// At most this many values are kept (periods, pipelines and people a client names are
    /// bounded, but not small): past it, everything kept goes and is computed again.
    let capacity: Int

    init(capacity: Int = 2048) {
        self.capacity = capacity
    }

    struct Entry {
        let task: Task<any Sendable, any Error>
        let filledAt: ContinuousClock.Instant
        var refreshing = false
    }

    private var token = ""
    private var entries: [String: Entry] = [:]

    /// The value kept under `key` while `token` holds, else `compute`'s (once for all who ask).
    func value<T: Sendable>(_ key: String, token: String, _ compute: @escaping @Sendable () async throws -> T) async throws -> T {
        let now = ContinuousClock.now
        if token != self.token || entries.count >= capacity {
            entries.removeAll()
            self.token = token
        }
        let task: Task<any Sendable, any Error>
        if let kept = entries[key] {
            task = kept.task
            if now - kept.filledAt > Self.lifetime, !kept.refreshing {
                entries[key]?.refreshing = true
                let fresh = Task<any Sendable, any Error> { try await compute() }
                Task { await self.refreshed(key, token: token, fresh) }
            }
        } else {
            task = Task { try await compute() }
            entries[key] = Entry(task: task, filledAt: now)
        }
        do {
            if let value = try await task.value as? T { return value }
            return try await compute()
        } catch {
            if entries[key]?.task == task { entries[key] = nil }
            throw error
        }
    }

    /// Puts a background computation in place once it has succeeded (if its token still holds).
    private func refreshed(_ key: String, token: String, _ fresh: Task<any Sendable, any Error>) async {
        let succeeded = (try? await fresh.value) != nil
        guard token == self.token, entries[key] != nil else { return }
        if succeeded { entries[key] = Entry(task: fresh, filledAt: ContinuousClock.now) } else { entries[key]?.refreshing = false }
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
              (SELECT value FROM settings WHERE key = 'base_currency') AS currency,
              (SELECT value FROM settings WHERE key = 'sales_teams_revision') AS teams
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
        let teams = (try row?.decode(column: "teams", as: String?.self)).flatMap { $0 } ?? "0"
        parts += [String(thresholds.commitFrom), String(thresholds.bestCaseFrom), code, teams]
        return ForecastFreshness(token: parts.joined(separator: ":"), thresholds: thresholds, currency: Currency(rawValue: code))
    }
}
