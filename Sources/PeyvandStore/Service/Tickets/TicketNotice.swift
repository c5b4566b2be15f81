import Foundation
import PeyvandCore
import SQLKit

/// Tells an agent a ticket is theirs: an email through the outbox, in their language, written in
/// the transaction that gave it to them. The in-app notice is the count on their queue's tab.
enum TicketNotice {
    static func enqueue(_ db: any SQLDatabase, ticketId: Int64, number: String, subject: String, to userId: Int64, at now: Date) async throws {
        try await StaffNotices.email(db, to: userId, key: "ticket-assigned.\(ticketId).\(userId).\(Clock.millis(now))", at: now) { language in
            language == .en
                ? ChannelPayload(subject: "Ticket \(number) is yours: \(subject)",
                                 text: "Ticket \(number) was given to you: \(subject)\n\nOpen it: /tickets/\(ticketId)", language: "en")
                : ChannelPayload(subject: "درخواست \(number) به شما سپرده شد: \(subject)",
                                 text: "درخواست \(number) به شما سپرده شد: «\(subject)»\n\nدیدن درخواست: /tickets/\(ticketId)", language: "fa")
        }
    }
}
