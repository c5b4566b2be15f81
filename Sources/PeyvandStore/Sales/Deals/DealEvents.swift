import Foundation
import PeyvandCore
import SQLKit

/// Tells webhook subscribers about deals: `deal.created`, `deal.updated`, `deal.stage-changed`,
/// `deal.won`, `deal.lost` (and `deal.reopened`), in the transaction of the change.
enum DealEvents {
    static let types = ["deal.created", "deal.updated", "deal.stage-changed", "deal.won", "deal.lost", "deal.reopened"]

    static func publish(_ db: any SQLDatabase, _ type: String, dealId: Int64, draft: DealDraft, status: DealStatus) async throws {
        try await publish(db, type, dealId: dealId, customerId: draft.customerId, pipelineId: draft.pipelineId, stageId: draft.stageId,
                          amount: draft.amount, status: status)
    }

    static func publish(_ db: any SQLDatabase, _ type: String, deal: Deal, stageId: Int64? = nil, status: DealStatus? = nil,
                        extra: [String: String] = [:]) async throws {
        try await publish(db, type, dealId: deal.id, customerId: deal.customerId, pipelineId: deal.pipelineId, stageId: stageId ?? deal.stageId,
                          amount: deal.amount, status: status ?? deal.status, extra: extra)
    }

    static func publish(_ db: any SQLDatabase, _ type: String, dealId: Int64, customerId: Int64, pipelineId: Int64, stageId: Int64, amount: Money,
                        status: DealStatus, extra: [String: String] = [:]) async throws {
        var data = ["dealId": String(dealId), "customerId": String(customerId), "pipelineId": String(pipelineId), "stageId": String(stageId),
                    "amount": amount.majorString, "currency": amount.currency.rawValue, "status": status.rawValue]
        data.merge(extra) { _, new in new }
        try await DomainEvents.publish(db, type, customerId: customerId, data: data)
    }
}
