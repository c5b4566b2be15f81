import Foundation
import PeyvandCore
import SQLKit

extension Leads {
    /// The columns, qualified by `l` (the lead) and `u` (its owner).
    static let columns = """
        l.id, l.status, l.name, l.company, l.email, l.phone_e164, l.province, l.city, l.message, l.channel, l.source, l.campaign,
        l.owner_id, u.name AS owner_name, l.score, l.need, l.budget, l.authority, l.timing, l.consent, l.consent_text,
        l.disqualify_reason, l.customer_id, l.deal_id, l.converted_at, l.form_id, l.assigned_at, l.version, l.created_at, l.updated_at
        """

    static let from = "FROM leads l LEFT JOIN users u ON u.id = l.owner_id"

    static func lead(_ row: any SQLRow) throws -> Lead {
        func text(_ c: String) throws -> String? { try row.decode(column: c, as: String?.self) }
        func flag(_ c: String) throws -> Bool? { try row.decode(column: c, as: Bool?.self) }
        return Lead(
            id: try row.decode(column: "id", as: Int64.self),
            status: LeadStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .new,
            name: try row.decode(column: "name", as: String.self), company: try text("company"), email: try text("email"),
            phone: try text("phone_e164"), province: try text("province"), city: try text("city"), message: try text("message"),
            channel: LeadChannel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .manual,
            source: try row.decode(column: "source", as: String.self), campaign: try text("campaign"),
            ownerId: try row.decode(column: "owner_id", as: Int64?.self), ownerName: try text("owner_name"),
            score: try row.decode(column: "score", as: Int.self),
            need: try flag("need"), budget: try flag("budget"), authority: try flag("authority"), timing: try flag("timing"),
            consent: try row.decode(column: "consent", as: Bool.self), consentText: try text("consent_text"),
            disqualifyReason: try text("disqualify_reason"), customerId: try row.decode(column: "customer_id", as: Int64?.self),
            dealId: try row.decode(column: "deal_id", as: Int64?.self),
            convertedAt: try row.decode(column: "converted_at", as: Int64?.self).map(Clock.date),
            formId: try row.decode(column: "form_id", as: Int64?.self),
            assignedAt: try row.decode(column: "assigned_at", as: Int64?.self).map(Clock.date),
            version: try row.decode(column: "version", as: Int.self),
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Clock.date(try row.decode(column: "updated_at", as: Int64.self))
        )
    }

    /// A lead read inside the caller's transaction (locked for the rest of it on PostgreSQL).
    static func fetch(_ db: any SQLDatabase, _ id: Int64, lock: Bool = false) async throws -> Lead {
        let suffix = lock && db.storeDialect == .postgres ? " FOR UPDATE OF l" : ""
        guard let row = try await db.raw("SELECT \(unsafeRaw: columns) \(unsafeRaw: from) WHERE l.id = \(bind: id)\(unsafeRaw: suffix)").first() else {
            throw StoreError.notFound(entity: "lead", id: String(id))
        }
        return try lead(row)
    }

    /// Records that sales-rep style roles reach: the leads they own.
    static func scope(_ principal: Principal) -> SQLQueryString {
        principal.customerScope == .all ? "" : " AND l.owner_id = \(bind: principal.userId)"
    }
}

extension LeadInput {
    /// The lead's current fields as input, for a change of some of them.
    public init(_ lead: Lead) {
        self.init(name: lead.name, company: lead.company, email: lead.email, phone: lead.phone, province: lead.province, city: lead.city,
                  message: lead.message, source: lead.source, campaign: lead.campaign, ownerId: lead.ownerId.map(String.init),
                  need: lead.need, budget: lead.budget, authority: lead.authority, timing: lead.timing, consent: lead.consent,
                  consentText: lead.consentText)
    }
}
