import Foundation
import SQLKit

extension Migration {
    /// The handling of the satisfaction classes: `satisfaction_actions.status` (`done`, or
    /// `skipped` with the reason in `detail`, e.g. an offer not sent because the customer has not
    /// consented to marketing on any channel), and the messages the happier classes are sent,
    /// seeded as editable templates in fa and en for email and SMS (`satisfaction.referralOffer`,
    /// `satisfaction.clubOffer`, `satisfaction.advocateInvitation`).
    static let m041SatisfactionHandling = Migration(41, "satisfaction handling", backfill: { db in
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for handling in ["referralOffer", "clubOffer", "advocateInvitation"] {
            guard let name = SatisfactionOffers.templateName(handling) else { continue }
            for channel in ["email", "sms"] {
                for language in ["fa", "en"] {
                    guard let text = SatisfactionOffers.text(handling, channel: channel, language: language) else { continue }
                    try await db.raw("""
                        INSERT INTO message_templates (name, channel, language, purpose, subject, body, version, created_by, created_at, updated_at)
                        VALUES (\(bind: name), \(bind: channel), \(bind: language), 'marketing', \(bind: text.subject), \(bind: text.body), 1, NULL,
                          \(bind: now), \(bind: now))
                        ON CONFLICT (name, channel, language) DO NOTHING
                        """).run()
                }
            }
        }
    }) { _ in
        [
            "ALTER TABLE satisfaction_actions ADD COLUMN status TEXT NOT NULL DEFAULT 'done'",
            "ALTER TABLE satisfaction_actions ADD COLUMN detail TEXT",
        ]
    }
}
