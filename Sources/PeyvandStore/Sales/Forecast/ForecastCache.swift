import Foundation
import PeyvandCore
import SQLKit

/// What the forecast adds up, kept between requests while nothing it reads has changed.
///
/// The forecast's sums cost tens of milliseconds at a million customers (a year of running totals,
/// a quarter's leads and activity), while a manager's page asks for the same few periods again and
/// again. Each read first takes the data's **freshness**: one statement of index probes (the newest
/// `updated_at` of deals, leads, tasks, quotas and pipelines, the newest interaction, a checksum of
/// the stages' probabilities, the newest stamps of the deal and funnel monthly totals, the
/// forecast settings, the teams' revision and the currency). Any change stored by any server
/// instance changes it; each value is kept under the parts it is made of, so a change drops
/// only what it feeds (a deal moved to another stage leaves the funnel and activity kept). What the
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
    /// bounded, but not small): past it, the older half goes.
    let capacity: Int

    init(capacity: Int = 2048) {
        self.capacity = capacity
    }

    struct Entry {
        let task: Task<any Sendable, any Error>
        let token: String
        let filledAt: ContinuousClock.Instant
        /// When the value it was worked out from was last computed whole: a value brought up to
        /// date change by change is computed whole again once this is past ``lifetime``.
        let wholeAt: ContinuousClock.Instant
        var refreshing = false
    }

    private var entries: [String: Entry] = [:]

    /// The value kept under `key` while `token` holds, else `compute`'s (once for all who ask).
    func value<T: Sendable>(_ key: String, token: String, _ compute: @escaping @Sendable () async throws -> T) async throws -> T {
        try await value(key, token: token) { (_: T?) in try await compute() }
    }

    /// The same, with `compute` handed the value kept before under another token (nil when there
    /// was none, it failed, or it was last computed whole more than ``lifetime`` ago), so it can
    /// work out only what changed.
    /// Each value holds while the parts of the data it was made from (its `token`) stay as they
    /// were: a change to deals drops what deals feed and keeps the rest.
    func value<T: Sendable>(_ key: String, token: String, _ compute: @escaping @Sendable (T?) async throws -> T) async throws -> T {
        let now = ContinuousClock.now
        if entries.count >= capacity, entries[key] == nil { evictOlderHalf() }
        let task: Task<any Sendable, any Error>
        if let kept = entries[key], kept.token == token {
            task = kept.task
            if now - kept.filledAt > Self.lifetime, !kept.refreshing {
                entries[key]?.refreshing = true
                let fresh = Task<any Sendable, any Error> { try await compute(nil) }
                Task { await self.refreshed(key, token: token, fresh) }
            }
        } else {
            let previous = entries[key].flatMap { now - $0.wholeAt > Self.lifetime ? nil : $0 }
            task = Task {
                let before = try? await previous?.task.value as? T
                return try await compute(before)
            }
            entries[key] = Entry(task: task, token: token, filledAt: now, wholeAt: previous?.wholeAt ?? now)
        }
        do {
            if let value = try await task.value as? T { return value }
            return try await compute(nil)
        } catch {
            if entries[key]?.task == task { entries[key] = nil }
            throw error
        }
    }

    /// Makes room: the half filled longest ago goes (dropping everything made the pages of a
    /// busy server computed again all at once whenever the count reached the capacity).
    private func evictOlderHalf() {
        let oldest = entries.sorted { $0.value.filledAt < $1.value.filledAt }.prefix(entries.count / 2 + 1)
        for (key, _) in oldest { entries[key] = nil }
    }

    /// Puts a background computation in place once it has succeeded (if its token still holds).
    private func refreshed(_ key: String, token: String, _ fresh: Task<any Sendable, any Error>) async {
        let succeeded = (try? await fresh.value) != nil
        guard entries[key]?.token == token else { return }
        let now = ContinuousClock.now
        if succeeded { entries[key] = Entry(task: fresh, token: token, filledAt: now, wholeAt: now) } else { entries[key]?.refreshing = false }
    }
}

/// The freshness of the forecast's data, with the settings it reads on the way: one token for
/// everything, and one per part of the data so that a kept sum is dropped only by a change to
/// what it is made of.
struct ForecastFreshness: Sendable {
    enum Part: String, CaseIterable, Sendable {
        case deals, leads, tasks, interactions, quotas, pipelines, stages, settings
        /// When a deal's monthly totals (`deal_forecast_months`) last changed (migration 47).
        case dealMonths
        /// When the lead funnel's monthly totals (`lead_funnel_months`) last changed.
        case funnelMonths
    }

    let parts: [Part: String]
    let thresholds: ForecastThresholds
    let currency: Currency
    /// The newest stamp of `deal_forecast_months`.
    let dealMonthsStamp: Int64

    /// Every part: what a whole forecast or a page made from it is kept under.
    var token: String { token(Part.allCases) }

    func token(_ wanted: [Part]) -> String {
        wanted.map { parts[$0] ?? "-" }.joined(separator: ":")
    }

    static func read(_ db: any SQLDatabase) async throws -> ForecastFreshness {
        let row = try await db.raw("""
            SELECT (SELECT MAX(updated_at) FROM deals) AS deals, (SELECT MAX(updated_at) FROM leads) AS leads,
              (SELECT MAX(updated_at) FROM tasks) AS tasks, (SELECT MAX(id) FROM interactions) AS interactions,
              (SELECT MAX(updated_at) FROM sales_quotas) AS quotas, (SELECT MAX(updated_at) FROM pipelines) AS pipelines,
              (SELECT CAST(SUM(id * probability) AS BIGINT) FROM pipeline_stages) AS stages,
              (SELECT MAX(changed_at) FROM deal_forecast_months) AS deal_months,
              (SELECT MAX(changed_at) FROM lead_funnel_months) AS funnel_months,
              (SELECT value FROM settings WHERE key = 'forecast_commit_from') AS commit_from,
              (SELECT value FROM settings WHERE key = 'forecast_best_case_from') AS best_case_from,
              (SELECT value FROM settings WHERE key = 'base_currency') AS currency,
              (SELECT value FROM settings WHERE key = 'sales_teams_revision') AS teams
            """).first()
        var parts: [Part: String] = [:]
        let columns: [(Part, String)] = [(.deals, "deals"), (.leads, "leads"), (.tasks, "tasks"), (.interactions, "interactions"), (.quotas, "quotas"),
                                         (.pipelines, "pipelines"), (.stages, "stages"), (.dealMonths, "deal_months"), (.funnelMonths, "funnel_months")]
        var stamp: Int64 = 0
        for (part, column) in columns {
            let value = (try row?.decode(column: column, as: Int64?.self)).flatMap { $0 }
            parts[part] = value.map(String.init) ?? "-"
            if part == .dealMonths { stamp = value ?? 0 }
        }
        var thresholds = ForecastThresholds.standard
        let commit = (try row?.decode(column: "commit_from", as: String?.self)).flatMap { $0 }
        let best = (try row?.decode(column: "best_case_from", as: String?.self)).flatMap { $0 }
        if let value = commit.flatMap({ Int($0) }), (0...100).contains(value) { thresholds.commitFrom = value }
        if let value = best.flatMap({ Int($0) }), (0...100).contains(value) { thresholds.bestCaseFrom = value }
        let code = (try row?.decode(column: "currency", as: String?.self)).flatMap { $0 } ?? "IRR"
        let teams = (try row?.decode(column: "teams", as: String?.self)).flatMap { $0 } ?? "0"
        parts[.settings] = [String(thresholds.commitFrom), String(thresholds.bestCaseFrom), code, teams].joined(separator: ",")
        return ForecastFreshness(parts: parts, thresholds: thresholds, currency: Currency(rawValue: code), dealMonthsStamp: stamp)
    }
}
