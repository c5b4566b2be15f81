import Foundation
import PeyvandCore
import SQLKit

extension SatisfactionResponse {
    /// An urgent recovery case (or the open one, linked), owned by a manager who is told at once by
    /// email; an internal note on the ticket and an audit line.
    static func angry(_ db: any SQLDatabase, _ change: SatisfactionChange, now: Date) async throws {
        let caseDone = try await done(db, change, .urgentRecoveryCase)
        let escalated = try await done(db, change, .managerEscalation)
        guard !caseDone || !escalated else { return }
        let ticket = try await latestOpenTicket(db, customerId: change.customerId)
        var caseId: Int64
        var opened = false
        if let existing = try await RecoveryCases.openCase(db, customerId: change.customerId) {
            caseId = existing.id
        } else if let id = try await RecoveryCases.insert(db, customerId: change.customerId, ticketId: ticket?.id, changeId: change.id,
                                                          classBefore: change.to?.rawValue, priority: "urgent",
                                                          ownerId: try await manager(db, teamId: ticket?.teamId), cause: nil, createdBy: nil, now: now) {
            caseId = id
            opened = true
        } else if let existing = try await RecoveryCases.openCase(db, customerId: change.customerId) {
            caseId = existing.id
        } else {
            throw StoreError.conflict("no recovery case could be opened for customer \(change.customerId)")
        }
        let c = try await RecoveryCases.fetch(db, caseId)
        if opened {
            try await AuditLog.record(db, entity: "recovery-case", entityId: caseId, by: actor, action: "create",
                                      after: "customer \(change.customerId) · angry · change \(change.id)", at: Clock.millis(now))
            if let ticket {
                let owner = c.ownerName.map { " به «\(isolated($0))» ارجاع شد." } ?? ""
                let ownerEn = c.ownerName.map { " Escalated to \(isolated($0))." } ?? ""
                try await note(db, ticketId: ticket.id, at: now,
                               fa: "مشتری خشمگین شد؛ پرونده فوری جبران خدمت \(isolated(c.number)) باز شد.\(owner)",
                               en: "The customer is angry: urgent recovery case \(isolated(c.number)) opened.\(ownerEn)")
            }
        }
        if !caseDone {
            try await record(db, change, .urgentRecoveryCase, caseId: caseId, at: now)
            try await AuditLog.record(db, entity: "customer", entityId: change.customerId, by: actor, action: "satisfaction-handling",
                                      field: SatisfactionHandling.urgentRecoveryCase.rawValue, after: c.number, at: Clock.millis(now))
        }
        if !escalated {
            var reason: String?
            if let owner = c.ownerId {
                let link = try await Settings.publicURL(db) + "/recovery/\(caseId)"
                let sent = try await StaffNotices.email(db, to: owner, key: "recovery.\(caseId).change.\(change.id)", eventType: "recovery.opened",
                                                        at: min(now, Date())) { language in
                    RecoveryNotice.payload(c, language: language, link: link)
                }
                if sent == nil { reason = "ownerInactive" }
            } else { reason = "noManager" }
            try await record(db, change, .managerEscalation, caseId: caseId, skipped: reason, at: now)
        }
    }
}

/// The email that tells a manager an angry customer's case is theirs.
enum RecoveryNotice {
    static func payload(_ c: RecoveryCase, language: Language, link: String) -> ChannelPayload {
        let name = "\u{2068}" + c.customerName + "\u{2069}", number = "\u{2068}" + c.number + "\u{2069}"
        let ticket = c.ticketNumber.map { "\u{2068}" + $0 + "\u{2069}" }
        if language == .en {
            return ChannelPayload(subject: "Urgent: angry customer, recovery case \(c.number)",
                                  text: "\(name) is now an angry customer. Recovery case \(number) is yours: call them today, find the cause and put it right."
                                      + (ticket.map { "\nTheir open ticket: \($0)." } ?? "") + "\n\nOpen the case: " + link,
                                  language: "en")
        }
        return ChannelPayload(subject: "فوری: مشتری خشمگین، پرونده جبران خدمت \(c.number)",
                              text: "«\(name)» اکنون مشتری خشمگین است. پرونده جبران خدمت \(number) به شما سپرده شد: امروز با او تماس بگیرید، علت را بیابید و جبران کنید."
                                  + (ticket.map { "\nدرخواست باز او: \($0)." } ?? "") + "\n\nدیدن پرونده: " + link,
                              language: "fa")
    }
}
