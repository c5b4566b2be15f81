import Crypto
import Foundation
import PeyvandCore
import SQLKit

extension SatisfactionResponse {
    /// An offer or invitation to the customer as a marketing message: on their preferred channel
    /// if they consented to it, else the first channel of the administrator's order they consented
    /// to (email or SMS), in the language of their latest ticket (Persian when none), from the
    /// editable template `satisfaction.<handling>`; it waits out quiet hours and carries an
    /// unsubscribe link, as every marketing message does. Without consent (or an address) nothing
    /// is sent and the action is recorded as skipped, with the reason.
    static func offer(_ db: any SQLDatabase, _ change: SatisfactionChange, _ handling: SatisfactionHandling, now: Date) async throws {
        let customer = try await CustomerRepository.fetch(db, change.customerId)
        guard !customer.isDeleted else { return try await record(db, change, handling, skipped: "customerDeleted", at: now) }
        let rules = try await ChannelRules.read(db)
        var order = rules.order.filter { $0 == .email || $0 == .sms }
        if let preferred = customer.fields.preferredChannel, order.contains(preferred) {
            order.removeAll { $0 == preferred }
            order.insert(preferred, at: 0)
        }
        var route: (ContactChannel, String)?
        var anyAddress = false
        for channel in order {
            let address = channel == .email ? customer.fields.emails.first
                : customer.fields.phones.lazy.compactMap { try? CustomerSMS.mobile($0).e164 }.first
            guard let address else { continue }
            anyAddress = true
            if customer.fields.consents[channel.rawValue] { route = (channel, address); break }
        }
        guard let route else {
            return try await record(db, change, handling, skipped: anyAddress ? "noConsent" : "noAddress", at: now)
        }
        let (channel, address) = route
        let language = try await db.raw("""
            SELECT language FROM tickets WHERE customer_id = \(bind: customer.id) AND deleted_at IS NULL ORDER BY id DESC LIMIT 1
            """).first()?.decode(column: "language", as: String.self) == "en" ? "en" : "fa"
        guard let name = SatisfactionOffers.templateName(handling.rawValue),
              let fallback = SatisfactionOffers.text(handling.rawValue, channel: channel.rawValue, language: language) else { return }
        var subjectSource = fallback.subject, bodySource = fallback.body
        if let row = try await db.raw("""
            SELECT subject, body FROM message_templates WHERE name = \(bind: name) AND channel = \(bind: channel.rawValue) AND language = \(bind: language)
            """).first() {
            subjectSource = try row.decode(column: "subject", as: String?.self)
            bodySource = try row.decode(column: "body", as: String.self)
        }
        let tehran = TimeZone(identifier: "Asia/Tehran")!
        var values = try await MergeValues.of(customer, language: language, timeZone: tehran, in: db, now: now)
        let unsubscribe = try await unsubscribeURL(db, customerId: customer.id, channel: channel)
        values[.unsubscribeLink] = unsubscribe
        let body: MergeTemplate, subject: MergeTemplate?
        do {
            body = try MergeTemplate(bodySource, field: "body")
            subject = try subjectSource.flatMap { $0.isEmpty ? nil : try MergeTemplate($0, field: "subject") }
        } catch { return try await record(db, change, handling, skipped: "templateInvalid", at: now) }
        var text = body.render(values)
        if !body.fields.contains(.unsubscribeLink) { text += CustomerMessaging.unsubscribeFooter(channel, language: language, url: unsubscribe) }
        if channel == .sms, (try? CustomerSMS.check(text)) == nil { return try await record(db, change, handling, skipped: "smsTooLong", at: now) }
        let later = rules.quietHours.nextAllowed(after: now)
        let message = CustomerMessage(customerId: customer.id, channel: channel, address: address,
                                      payload: ChannelPayload(subject: subject?.render(values), text: text, language: language, unsubscribeURL: unsubscribe),
                                      idempotencyKey: "satisfaction.\(change.id).\(handling.rawValue)", notBefore: later > now ? later : nil)
        let queued = try await ChannelMessages.enqueue(message, in: db, at: now)
        try await record(db, change, handling, outboxId: queued?.outboxMessageId, at: now)
        try await AuditLog.record(db, entity: "customer", entityId: customer.id, by: actor, action: "send", field: channel.rawValue,
                                  after: "marketing · \(name)" + (queued.map { " #\($0.interactionId)" } ?? ""), at: Clock.millis(now))
    }

    /// The signed unsubscribe link (as ``UnsubscribeLinks`` makes it), inside this transaction.
    static func unsubscribeURL(_ db: any SQLDatabase, customerId: Int64, channel: ContactChannel) async throws -> String {
        var secret = try await db.raw("SELECT value FROM settings WHERE key = 'unsubscribe_secret'").first()?.decode(column: "value", as: String.self)
        if secret == nil {
            let made = Secrets.token(prefix: "")
            try await db.raw("INSERT INTO settings (key, value) VALUES ('unsubscribe_secret', \(bind: made)) ON CONFLICT (key) DO NOTHING").run()
            secret = try await db.raw("SELECT value FROM settings WHERE key = 'unsubscribe_secret'").first()?.decode(column: "value", as: String.self)
        }
        let body = "\(customerId).\(channel.rawValue)"
        return try await Settings.publicURL(db) + "/u/" + body + "." + UnsubscribeLinks.sign(body, secret: secret ?? "")
    }
}
