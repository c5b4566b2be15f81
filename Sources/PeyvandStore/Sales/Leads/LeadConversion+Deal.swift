import Foundation
import PeyvandCore
import SQLKit

extension LeadConversion {
    /// Opens the converted lead's deal inside the conversion's transaction, through `Deals.insert`
    /// like every other deal (its checks, stage history, board totals, audit and `deal.created`):
    /// in the first stage of the chosen pipeline (default: the first one), for the organisation
    /// (or the person), with the person as its contact, the lead's source, campaign and id.
    static func openDeal(_ db: any SQLDatabase, pipelineId: Int64?, title: String, customerId: Int64, contactId: Int64?, ownerId: Int64?,
                         amountMajor: String?, lead: Lead, by principal: Principal, at now: Int64) async throws -> Int64 {
        let amount = amountMajor.map { PersianText.latinDigits($0).trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        let input = DealInput(title: String(title.prefix(200)), pipelineId: pipelineId, customerId: customerId, ownerId: ownerId, amount: amount,
                              source: lead.source.isEmpty ? nil : String(lead.source.prefix(100)), contactIds: contactId.map { [$0] })
        let id = try await Deals.insert(db, input, by: principal)
        try await db.raw("UPDATE deals SET campaign = \(bind: lead.campaign), lead_id = \(bind: lead.id) WHERE id = \(bind: id)").run()
        return id
    }
}
