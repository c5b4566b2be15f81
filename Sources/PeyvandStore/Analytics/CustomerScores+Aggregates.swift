import Foundation
import PeyvandAnalytics
import PeyvandCore
import SQLKit

/// Organisation-wide figures of the latest scoring: counts per segment, the churn-risk
/// histogram and the models' runs. Each counts every customer, so each first checks that the
/// person may read organisation-wide analytics (`Principal.requireOrganisationWide`).
extension CustomerScores {
    /// How many customers are in each RFM segment.
    public func segmentCounts(by principal: Principal) async throws -> [RFMSegment: Int] {
        try principal.requireOrganisationWide()
        var counts: [RFMSegment: Int] = [:]
        for row in try await database.sql.raw("SELECT segment, COUNT(*) AS n FROM customer_scores GROUP BY segment").all() {
            if let s = RFMSegment(rawValue: try row.decode(column: "segment", as: String.self)) {
                counts[s] = Int(try row.decode(column: "n", as: Int64.self))
            }
        }
        return counts
    }

    /// How many scored customers have a churn risk in each tenth: [0, 0.1), [0.1, 0.2), … [0.9, 1].
    public func churnRiskHistogram(by principal: Principal) async throws -> [Int] {
        try principal.requireOrganisationWide()
        var bins = [Int](repeating: 0, count: 10)
        for row in try await database.sql.raw("""
            SELECT CAST(churn_risk * 10 AS INTEGER) AS bin, COUNT(*) AS n FROM customer_scores
            WHERE churn_risk IS NOT NULL GROUP BY CAST(churn_risk * 10 AS INTEGER)
            """).all() {
            let bin = Int(try row.decode(column: "bin", as: Int64.self))
            bins[min(max(bin, 0), 9)] += Int(try row.decode(column: "n", as: Int64.self))
        }
        return bins
    }

    /// The latest run of each model, in the order a refresh runs them.
    public func latestRuns(by principal: Principal) async throws -> [AnalyticsRun] {
        try principal.requireOrganisationWide()
        let runs = try await database.sql.raw("""
            SELECT model, as_of, customers, result, seconds, finished_at, note FROM analytics_runs a
            WHERE id = (SELECT MAX(id) FROM analytics_runs b WHERE b.model = a.model)
            """).all().compactMap(Self.run)
        return runs.sorted { AnalyticsModelName.allCases.firstIndex(of: $0.model)! < AnalyticsModelName.allCases.firstIndex(of: $1.model)! }
    }

    /// The latest run of one model (an index lookup), nil before the first.
    public func latestRun(_ model: AnalyticsModelName, by principal: Principal) async throws -> AnalyticsRun? {
        try principal.requireOrganisationWide()
        return try await latestRun(model)
    }

    func latestRun(_ model: AnalyticsModelName) async throws -> AnalyticsRun? {
        try await database.sql.raw("""
            SELECT model, as_of, customers, result, seconds, finished_at, note FROM analytics_runs
            WHERE model = \(bind: model.rawValue) ORDER BY id DESC LIMIT 1
            """).first().flatMap(Self.run)
    }

    /// Whether any model has run (the server's schedule scores soon after the first start); no figures.
    public func hasRun() async throws -> Bool {
        try await database.sql.raw("SELECT id FROM analytics_runs LIMIT 1").first() != nil
    }

    /// How each behavioural segment of the latest run stands on each feature: what names a
    /// customer's segment on their 360 page. Levels only, no counts or amounts, so anyone who
    /// reads customers may have them.
    public func segmentLevels(by principal: Principal) async throws -> [Int: SegmentsResult.Levels] {
        try principal.require(.customersRead)
        guard case .segments(let result) = try await latestRun(.segments)?.result else { return [:] }
        return Dictionary(result.segments.map { ($0.number, $0.levels) }) { first, _ in first }
    }

    /// A stored run read back as its model's type; nil for a model this version does not know.
    static func run(_ row: any SQLRow) throws -> AnalyticsRun? {
        guard let model = AnalyticsModelName(rawValue: try row.decode(column: "model", as: String.self)) else { return nil }
        var note = try row.decode(column: "note", as: String?.self)
        let result = try row.decode(column: "result", as: String?.self).flatMap { AnalyticsResult.decode(model, json: $0) }
        if result == nil && note == nil { note = "the stored result does not read; the next scoring run replaces it" }
        return AnalyticsRun(model: model, asOf: Clock.date(try row.decode(column: "as_of", as: Int64.self)),
                            customers: Int(try row.decode(column: "customers", as: Int64.self)), result: result,
                            seconds: try row.decode(column: "seconds", as: Double.self),
                            finishedAt: Clock.date(try row.decode(column: "finished_at", as: Int64.self)), note: note)
    }
}
