import Foundation
import PeyvandCore
import SQLKit

extension LeadRules {
    /// How many open leads are rescored per transaction: other writers get their turn between batches.
    public static let rescoreBatch = 500

    /// Scores every open lead (new, working, qualified) again by the current rules, as a rule
    /// added or removed asks: a batch of leads per transaction, only changed scores written, so
    /// the leads list and each lead's page agree with the rules page. Converted and disqualified
    /// leads keep the score they closed with. Returns how many scores changed.
    @discardableResult
    func rescore() async throws -> Int {
        let rules = try await LeadScoring.rules(database.sql)
        var after: Int64 = 0
        var changed = 0
        while true {
            let from = after
            let (last, n) = try await database.transaction { db -> (Int64?, Int) in
                let rows = try await db.raw("""
                    SELECT \(unsafeRaw: Leads.columns) \(unsafeRaw: Leads.from)
                    WHERE l.id > \(bind: from) AND l.status IN ('new', 'working', 'qualified')
                    ORDER BY l.id LIMIT \(bind: Self.rescoreBatch)
                    """).all()
                var n = 0
                for lead in try rows.map(Leads.lead) {
                    let score = LeadScoring.evaluate(rules, LeadFields(lead), channel: lead.channel).total
                    guard score != lead.score else { continue }
                    try await db.raw("UPDATE leads SET score = \(bind: score) WHERE id = \(bind: lead.id)").run()
                    n += 1
                }
                return (rows.count < Self.rescoreBatch ? nil : try rows.last?.decode(column: "id", as: Int64.self), n)
            }
            changed += n
            guard let last else { return changed }
            after = last
        }
    }
}

extension LeadFields {
    /// The fields of a stored lead, as its scoring reads them.
    init(_ lead: Lead) {
        self.init(name: lead.name, company: lead.company, email: lead.email, phone: lead.phone, province: lead.province, city: lead.city,
                  message: lead.message, source: lead.source, campaign: lead.campaign, ownerId: lead.ownerId, need: lead.need,
                  budget: lead.budget, authority: lead.authority, timing: lead.timing, consent: lead.consent, consentText: lead.consentText)
    }
}
