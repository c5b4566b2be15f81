import Foundation
import PeyvandCore
import SQLKit

/// Tells people about a ticket's service level, in the watch's transaction: an internal note on
/// the ticket (what happened and who was told), the audit log, and an email to that person in
/// their language through the outbox (keyed by the escalation, so it is queued once).
enum SLANotice {
    static func record(_ db: any SQLDatabase, _ s: TicketSLA.State, face: SLAClockFace, level: SLALevel, to recipient: Int64?, now: Date,
                       baseURL: String) async throws {
        var name: String?
        if let recipient { name = try await db.raw("SELECT name FROM users WHERE id = \(bind: recipient)").first()?.decode(column: "name", as: String.self) }
        let due = face.dueAt ?? now
        let note = text(level, face.target, language: .fa, number: s.number, subject: s.subject, due: due, to: name)
            + "\n" + text(level, face.target, language: .en, number: s.number, subject: s.subject, due: due, to: name)
        try await db.raw("""
            INSERT INTO ticket_messages (ticket_id, direction, visibility, channel, author_user_id, body, created_at)
            VALUES (\(bind: s.id), 'note', 'internal', 'system', NULL, \(bind: note), \(bind: Clock.millis(now)))
            """).run()
        try await AuditLog.record(db, entity: "ticket", entityId: s.id, by: watch, action: level == .warning ? "sla-warning" : "escalate",
                                  field: face.target.rawValue, after: "level \(level.rawValue)\(recipient.map { " → user \($0)" } ?? "")",
                                  at: Clock.millis(now))
        guard let recipient else { return }
        // The email goes at once, even when the watch is run as of a later moment (`sla-check --at`):
        // the steps it takes are real, and an outbox row dated in the future would wait for that moment.
        let link = baseURL + "/tickets/\(s.id)"
        _ = try await StaffNotices.email(db, to: recipient, key: "sla.\(s.id).\(face.target.rawValue).\(level.rawValue).\(Clock.millis(face.periodStart))",
                                         eventType: "ticket.sla", at: min(now, Date())) { language in
            ChannelPayload(subject: subject(level, language: language, number: s.number),
                           text: text(level, face.target, language: language, number: s.number, subject: s.subject, due: due, to: nil)
                               + "\n\n" + (language == .en ? "Open it: " : "دیدن درخواست: ") + link,
                           language: language.rawValue)
        }
    }

    /// Who the audit log names for what the watch did on its own.
    static let watch = Principal(userId: 0, name: "SLA watch", role: .administrator)

    static func subject(_ level: SLALevel, language: Language, number: String) -> String {
        switch (level, language) {
        case (.warning, .en): "SLA warning: \(number)"
        case (.breach, .en): "SLA breached, escalated to you: \(number)"
        case (.manager, .en): "SLA breached, escalated to the manager: \(number)"
        case (.warning, _): "هشدار سطح خدمت: \(number)"
        case (.breach, _): "سطح خدمت نقض شد؛ به شما ارجاع شد: \(number)"
        case (.manager, _): "سطح خدمت نقض شد؛ به مدیر ارجاع شد: \(number)"
        }
    }

    static func text(_ level: SLALevel, _ target: SLATarget, language: Language, number: String, subject: String, due: Date, to name: String?) -> String {
        let when = language == .en ? CivilTime(due, offsetSeconds: 12_600).dateString + " " + CivilTime(due, offsetSeconds: 12_600).timeString
            : JalaliDate(due, timeZone: TimeZone(identifier: "Asia/Tehran")!).formatted(digits: .persian) + " "
                + PersianText.persianDigits(CivilTime(due, offsetSeconds: 12_600).timeString)
        let what: String = switch (target, language) {
        case (.firstResponse, .en): "first response"
        case (.nextResponse, .en): "next response"
        case (.resolution, .en): "resolution"
        case (.firstResponse, _): "نخستین پاسخ"
        case (.nextResponse, _): "پاسخ بعدی"
        case (.resolution, _): "حل درخواست"
        }
        // The number, the subject and the name isolated (FSI … PDI): a Latin subject never scrambles
        // the Persian sentence, nor a Persian one the English.
        func isolated(_ text: String) -> String { "\u{2068}" + text + "\u{2069}" }
        let number = isolated(number), subject = isolated(subject)
        let who = name.map { language == .en ? " Told: \(isolated($0))." : " به «\(isolated($0))» خبر داده شد." } ?? ""
        switch (level, language) {
        case (.warning, .en): return "\(number) «\(subject)»: the \(what) is due at \(when) (Tehran).\(who)"
        case (.breach, .en): return "\(number) «\(subject)»: the \(what) was due at \(when) (Tehran) and is late; escalated to the team lead.\(who)"
        case (.manager, .en): return "\(number) «\(subject)»: the \(what) was due at \(when) (Tehran) and is still late; escalated to the manager.\(who)"
        case (.warning, _): return "\(number) «\(subject)»: مهلت \(what) \(when) است.\(who)"
        case (.breach, _): return "\(number) «\(subject)»: مهلت \(what) \(when) بود و گذشته است؛ به سرپرست تیم ارجاع شد.\(who)"
        case (.manager, _): return "\(number) «\(subject)»: مهلت \(what) \(when) بود و هنوز انجام نشده؛ به مدیر ارجاع شد.\(who)"
        }
    }
}
