import Foundation
import PeyvandCore
import SQLKit

/// Tells a rep a lead is theirs: an email to their address through the outbox, written in the
/// transaction that assigned the lead (so the lead is stored before anyone is told, and nobody is
/// told of a lead that was not stored). The in-app notice is the count of their new leads.
enum LeadNotice {
    static func enqueue(_ db: any SQLDatabase, leadId: Int64, ownerId: Int64, name: String, company: String?, source: String,
                        at now: Date) async throws {
        let who = company.map { "\(name) (\($0))" } ?? name
        let link = try await Settings.publicURL(db) + "/leads/\(leadId)"
        try await StaffNotices.email(db, to: ownerId, key: "lead-assigned.\(leadId).\(ownerId).\(Clock.millis(now))",
                                     at: now) { language in
            language == .en
                ? ChannelPayload(subject: "New lead for you: \(who)",
                                 text: "A new lead is yours: \(who), from \(source).\n\nOpen it: \(link)", language: "en")
                : ChannelPayload(subject: "سرنخ تازه برای شما: \(who)",
                                 text: "سرنخ تازه‌ای به شما سپرده شد: \(who)، از «\(source)».\n\nدیدن سرنخ: \(link)", language: "fa")
        }
    }
}
