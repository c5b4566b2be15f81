import Foundation
import PeyvandCore
import PeyvandStore

/// What the deal page reads: the deal (it decides what the caller may see), then its pipeline and
/// its stage history at once.
struct DealData: Sendable {
    let deal: Deal
    let pipeline: Pipeline
    let history: [DealStageVisit]
}

struct DealQuery: Sendable {
    let deals: Deals
    let pipelines: Pipelines

    func read(_ id: Int64, by principal: Principal) async throws -> DealData {
        let deal = try await deals.get(id, by: principal)
        async let pipeline = pipelines.get(deal.pipelineId, by: principal)
        async let history = deals.history(id, by: principal)
        return DealData(deal: deal, pipeline: try await pipeline, history: try await history)
    }
}
