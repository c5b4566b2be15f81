import Foundation
import PeyvandAnalytics
import PeyvandCore
import PeyvandStore

/// What the analytics page shows, read from the store.
struct AnalyticsData: Sendable {
    let counts: [RFMSegment: Int]
    let runs: [AnalyticsModelName: AnalyticsRun]
    let churnHistogram: [Int]
    let keep: [RetentionEntry]
    let winBack: [RetentionEntry]
}

/// The reads of the analytics page, all at once: they are independent. The organisation-wide
/// figures are refused (403) to roles that may not read them, before anything is read.
struct AnalyticsQuery: Sendable {
    let scores: CustomerScores

    func read(by principal: Principal) async throws -> AnalyticsData {
        try principal.requireOrganisationWide()
        async let counts = scores.segmentCounts(by: principal)
        async let runs = scores.latestRuns(by: principal)
        async let histogram = scores.churnRiskHistogram(by: principal)
        async let keep = scores.retentionList("keep", limit: 50, by: principal)
        async let winBack = scores.retentionList("win-back", limit: 50, by: principal)
        return AnalyticsData(
            counts: try await counts, runs: Dictionary(try await runs.map { ($0.model, $0) }) { _, latest in latest },
            churnHistogram: try await histogram, keep: try await keep.items, winBack: try await winBack.items)
    }
}
