import Foundation
import PeyvandCore
import SQLKit

/// Sends surveys, inside the transaction of what called for one (a ticket resolved, a shipment
/// delivered, a member of staff asking): the `surveys` row with its token's digest, and the
/// message carrying the link through the outbox on the customer's preferred channel they
/// consented to (else the next allowed one in the channel rules' order; messenger when they
/// linked a chat) — the way quotes are sent. At most one survey per ticket and per shipment: the
/// unique keys, with the insert doing nothing on a conflict, keep a ticket resolved twice or two
/// deliveries at once from asking twice. A customer with no channel allowed gets none, and
/// nothing is stored.
enum SurveySender {
    /// What a survey is about.
    struct Subject: Sendable {
        var customerId: Int64
        var occasion: SurveyOccasion
        var ticketId: Int64?
        var ticketNumber: String?
        var shipmentId: Int64?
        var orderId: Int64?
        var language: Language
    }

    enum Outcome: Sendable, Hashable {
        case sent(id: Int64)
        /// The ticket or shipment has its survey already.
        case exists(id: Int64)
        /// No channel the customer consented to has an address (or the customer is deleted).
        case noChannel
    }

    /// Who the audit log names for surveys sent on their own.
    static let system = Principal(userId: 0, name: "surveys", role: .administrator)

    /// A ticket became resolved: a survey, when the setting asks for one. Merged tickets get none.
    static func afterResolution(_ db: any SQLDatabase, _ ticket: Ticket, now: Date) async throws {
        guard ticket.status != .merged, ticket.mergedIntoId == nil else { return }
        let settings = try await ServiceSettingsStore.read(db).surveys
        guard settings.afterResolution else { return }
        _ = try await send(db, Subject(customerId: ticket.customerId, occasion: .resolved, ticketId: ticket.id, ticketNumber: ticket.number,
                                       language: ticket.language),
                           linkDays: settings.linkDays, by: system, now: now)
    }

    /// A shipment was marked delivered: a survey, when the setting asks for one and the delivery
    /// is recent (one recorded long after it happened, older than a link's lifetime, asks nothing).
    static func afterDelivery(_ db: any SQLDatabase, orderId: Int64, shipmentId: Int64, customerId: Int64, deliveredAt: Date,
                              now: Date) async throws {
        let settings = try await ServiceSettingsStore.read(db).surveys
        guard settings.afterDelivery, deliveredAt > now.addingTimeInterval(-Double(settings.linkDays) * 86_400) else { return }
        let language = try await customerLanguage(db, customerId)
        _ = try await send(db, Subject(customerId: customerId, occasion: .delivery, shipmentId: shipmentId, orderId: orderId, language: language),
                           linkDays: settings.linkDays, by: system, now: now)
    }

    /// The language the customer last wrote to service in (their latest ticket's), else Persian.
    static func customerLanguage(_ db: any SQLDatabase, _ customerId: Int64) async throws -> Language {
        let raw = try await db.raw("""
            SELECT language FROM tickets WHERE customer_id = \(bind: customerId) AND deleted_at IS NULL ORDER BY id DESC LIMIT 1
            """).first()?.decode(column: "language", as: String.self)
        return raw.flatMap(Language.init(rawValue:)) ?? .fa
    }

    /// Stores the survey and queues its message. Nothing when the ticket or shipment has one.
    static func send(_ db: any SQLDatabase, _ subject: Subject, linkDays: Int, by principal: Principal, now: Date) async throws -> Outcome {
        if let existing = try await existing(db, subject) { return .exists(id: existing) }
        let customer = try await CustomerRepository.fetch(db, subject.customerId)
        guard !customer.isDeleted else { return .noChannel }
        let token = Secrets.token(prefix: tokenPrefix)
        let link = try await Settings.publicURL(db) + "/survey/" + token
        let days = max(SurveySettings.linkDaysRange.lowerBound, min(linkDays, SurveySettings.linkDaysRange.upperBound))
        let message = { (channel: ContactChannel) in SurveyMessage.compose(subject, channel: channel, link: link, days: days) }
        guard let route = try await route(db, customer, message: message) else { return .noChannel }
        let at = Clock.millis(now)
        let expires = at + Int64(days) * 86_400_000
        let createdBy: Int64? = principal.userId > 0 ? principal.userId : nil
        guard let row = try await db.raw("""
            INSERT INTO surveys (customer_id, occasion, ticket_id, shipment_id, channel, language, token_hash, sent_at, expires_at, created_by, created_at)
            VALUES (\(bind: subject.customerId), \(bind: subject.occasion.rawValue), \(bind: subject.ticketId), \(bind: subject.shipmentId),
              \(bind: route.channel.rawValue), \(bind: subject.language.rawValue), \(bind: Secrets.digest(token)), \(bind: at), \(bind: expires),
              \(bind: createdBy), \(bind: at))
            ON CONFLICT DO NOTHING
            RETURNING id
            """).first() else {
            // Another transaction stored this ticket's or shipment's survey meanwhile.
            return try await existing(db, subject).map { .exists(id: $0) } ?? .noChannel
        }
        let id = try row.decode(column: "id", as: Int64.self)
        let composed = message(route.channel)
        let payload = ChannelPayload(subject: route.channel == .email ? composed.subject : nil, text: composed.text, language: subject.language.rawValue)
        let outgoing = CustomerMessage(customerId: subject.customerId, channel: route.channel, address: route.address, payload: payload,
                                       staffId: createdBy, idempotencyKey: "survey:\(id)")
        guard let queued = try await ChannelMessages.enqueue(outgoing, in: db, at: now) else {
            throw StoreError.conflict("the survey's message was not queued")
        }
        try await db.raw("UPDATE surveys SET outbox_message_id = \(bind: queued.outboxMessageId) WHERE id = \(bind: id)").run()
        let about = subject.ticketNumber.map { "ticket \($0)" } ?? subject.orderId.map { "order #\($0)" } ?? ""
        try await AuditLog.record(db, entity: "survey", entityId: id, by: principal, action: "send", field: route.channel.rawValue,
                                  after: "\(subject.occasion.rawValue) \(about)".trimmingCharacters(in: .whitespaces), at: at)
        return .sent(id: id)
    }

    static let tokenPrefix = "s_"

    static func existing(_ db: any SQLDatabase, _ subject: Subject) async throws -> Int64? {
        if let ticketId = subject.ticketId {
            return try await db.raw("SELECT id FROM surveys WHERE ticket_id = \(bind: ticketId)").first()?.decode(column: "id", as: Int64.self)
        }
        if let shipmentId = subject.shipmentId {
            return try await db.raw("SELECT id FROM surveys WHERE shipment_id = \(bind: shipmentId)").first()?.decode(column: "id", as: Int64.self)
        }
        return nil
    }

    /// The first channel a survey may go on: the customer's preferred one first, then the channel
    /// rules' order; email and SMS only with the customer's consent (an unsubscribe withdraws it),
    /// messenger when they linked a chat. An SMS too long to send is passed over.
    static func route(_ db: any SQLDatabase, _ customer: Customer,
                      message: (ContactChannel) -> (subject: String, text: String)) async throws -> (channel: ContactChannel, address: String)? {
        var order = try await ChannelRules.read(db).order
        if let preferred = customer.fields.preferredChannel, ChannelRules.sendable.contains(preferred) {
            order.removeAll { $0 == preferred }
            order.insert(preferred, at: 0)
        }
        for channel in order {
            guard channel == .messenger || customer.fields.consents[channel.rawValue] else { continue }
            guard let address = try await address(db, customer, on: channel) else { continue }
            if channel == .sms, (try? CustomerSMS.check(message(.sms).text)) == nil { continue }
            return (channel, address)
        }
        return nil
    }

    static func address(_ db: any SQLDatabase, _ customer: Customer, on channel: ContactChannel) async throws -> String? {
        switch channel {
        case .email: return customer.fields.emails.first
        case .sms: return customer.fields.phones.lazy.compactMap { try? CustomerSMS.mobile($0).e164 }.first
        case .messenger:
            let bot = try await MessengerSettings.current(db)?.bot ?? "bot"
            return try await db.raw("""
                SELECT chat_id FROM messenger_links WHERE customer_id = \(bind: customer.id) AND bot = \(bind: bot) AND active = \(bind: true)
                ORDER BY id DESC LIMIT 1
                """).first()?.decode(column: "chat_id", as: String.self)
        default: return nil
        }
    }
}

/// The message that carries a survey's link, in the survey's language: short, Persian digits in
/// Persian, the link as it is.
enum SurveyMessage {
    static func compose(_ s: SurveySender.Subject, channel: ContactChannel, link: String, days: Int) -> (subject: String, text: String) {
        let fa = s.language == .fa
        // In Persian the number is kept left to right (LRI … PDI), so "T-۱۴۰۵-۰۰۰۰۰۱" never reads backwards.
        let ticket = s.ticketNumber.map { fa ? "\u{2066}" + PersianText.persianDigits($0) + "\u{2069}" : $0 }
        let order = s.orderId.map { fa ? PersianText.persianDigits(String($0)) : String($0) }
        let daysText = fa ? PersianText.persianDigits(String(days)) : String(days)
        if channel == .sms {
            if fa {
                let about = ticket.map { "درخواست \($0)" } ?? order.map { "سفارش \($0)" } ?? "خدمات ما"
                return ("", "نظر شما دربارهٔ \(about) چیست؟ پاسخ در یک دقیقه: \(link)")
            }
            let about = ticket.map { "request \($0)" } ?? order.map { "order #\($0)" } ?? "our service"
            return ("", "How did we do with \(about)? One minute: \(link)")
        }
        if fa {
            let (subject, opening): (String, String) = switch s.occasion {
            case .resolved: ("نظر شما دربارهٔ درخواست \(ticket ?? "")", "درخواست شما \(ticket.map { "(\($0)) " } ?? "")حل شد.")
            case .delivery: ("نظر شما دربارهٔ سفارش \(order ?? "")", "سفارش شمارهٔ \(order ?? "") شما تحویل شد.")
            case .manual: ("نظر شما دربارهٔ درخواست \(ticket ?? "")", "سپاس از اینکه با ما در تماس بودید\(ticket.map { " (\($0))" } ?? "").")
            }
            return (subject, "\(opening)\nلطفاً در یک دقیقه بگویید چقدر راضی بودید:\n\(link)\nاین پیوند تا \(daysText) روز کار می‌کند.")
        }
        let (subject, opening): (String, String) = switch s.occasion {
        case .resolved: ("How did we do? Request \(ticket ?? "")", "Your request \(ticket ?? "") has been resolved.")
        case .delivery: ("How was your delivery? Order #\(order ?? "")", "Your order #\(order ?? "") was delivered.")
        case .manual: ("How did we do? Request \(ticket ?? "")", "Thank you for contacting us\(ticket.map { " about \($0)" } ?? "").")
        }
        return (subject, "\(opening)\nPlease tell us in a minute how satisfied you are:\n\(link)\nThe link works for \(daysText) days.")
    }
}
