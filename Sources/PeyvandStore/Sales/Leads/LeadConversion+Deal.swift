import Foundation
import PeyvandCore
import SQLKit

extension LeadConversion {
    /// Opens the converted lead's deal inside the conversion's transaction: in the first stage
    /// (by position, not archived) of the chosen pipeline (default: the first one), open, in the
    /// organisation's base currency (so its base amount is its amount), with its first stage
    /// history row. Returns the deal's id.
    static func openDeal(_ db: any SQLDatabase, pipelineId: Int64?, title: String, customerId: Int64, contactId: Int64?, ownerId: Int64?,
                         amountMajor: String?, lead: Lead, by principal: Principal, at now: Int64) async throws -> Int64 {
        let pipeline: Int64
        if let pipelineId {
            guard try await db.raw("SELECT id FROM pipelines WHERE id = \(bind: pipelineId) AND archived = \(bind: false)").first() != nil else {
                throw StoreError.invalid(ValidationError(field: "pipelineId", reason: "no pipeline has this id", code: "ref.unknown"))
            }
            pipeline = pipelineId
        } else {
            guard let row = try await db.raw("SELECT id FROM pipelines WHERE archived = \(bind: false) ORDER BY position, id LIMIT 1").first() else {
                throw StoreError.conflict("there is no pipeline to open the deal in; create one first")
            }
            pipeline = try row.decode(column: "id", as: Int64.self)
        }
        guard let stageRow = try await db.raw("""
            SELECT id FROM pipeline_stages WHERE pipeline_id = \(bind: pipeline) AND archived = \(bind: false) ORDER BY position, id LIMIT 1
            """).first() else { throw StoreError.conflict("the pipeline has no stages to open the deal in") }
        let stage = try stageRow.decode(column: "id", as: Int64.self)
        let currency = try await Settings.baseCurrency(db)
        var amount: Int64 = 0
        if let raw = amountMajor?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            let money: Money
            do { money = try Money(major: PersianText.latinDigits(raw), currency: currency) } catch {
                throw StoreError.invalid(ValidationError(field: "amount", reason: error.issues.first?.reason ?? "is not an amount",
                                                         code: "value.invalid", params: ["value": String(raw.prefix(40)), "detail": error.issues.first?.code ?? "money.invalid"]))
            }
            if money.minorUnits < 0 {
                throw StoreError.invalid(ValidationError(field: "amount", reason: "must not be negative", code: "lead.amountNegative"))
            }
            amount = money.minorUnits
        }
        guard let row = try await db.raw("""
            INSERT INTO deals (pipeline_id, stage_id, status, title, customer_id, owner_id, currency, amount_minor, amount_base_minor,
              source, campaign, lead_id, stage_entered_at, created_by, created_at, updated_at)
            VALUES (\(bind: pipeline), \(bind: stage), 'open', \(bind: title), \(bind: customerId), \(bind: ownerId), \(bind: currency.rawValue),
              \(bind: amount), \(bind: amount), \(bind: lead.source), \(bind: lead.campaign), \(bind: lead.id), \(bind: now),
              \(bind: principal.userId > 0 ? principal.userId : nil), \(bind: now), \(bind: now))
            RETURNING id
            """).first() else { throw StoreError.conflict("the deal was not stored") }
        let dealId = try row.decode(column: "id", as: Int64.self)
        try await db.raw("""
            INSERT INTO deal_stage_history (deal_id, stage_id, status, entered_at, moved_by)
            VALUES (\(bind: dealId), \(bind: stage), 'open', \(bind: now), \(bind: principal.userId > 0 ? principal.userId : nil))
            """).run()
        if let contactId {
            try await db.raw("INSERT INTO deal_contacts (deal_id, contact_id) VALUES (\(bind: dealId), \(bind: contactId))").run()
        }
        return dealId
    }
}
