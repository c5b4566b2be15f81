import Foundation
import PeyvandCore
import SQLKit

/// A letter or fax made by mail merge: a template's subject and text filled in for one customer,
/// in the template's language (Jalali dates, Persian digits in fa), ready to print.
public struct LetterDraft: Sendable, Hashable {
    public let templateId: Int64
    public let channel: ContactChannel
    public let language: String
    public let subject: String?
    public let body: String
    /// The date the letter carries, written for its language.
    public let date: String
    public let recipient: String
}

/// Letters and faxes: drafted from templates, printed, and logged on the timeline with their
/// scanned copies.
public struct Letters: Sendable {
    let database: Database
    let timeZone: TimeZone

    public init(_ database: Database, timeZone: TimeZone = TimeZone(identifier: "Asia/Tehran")!) {
        self.database = database
        self.timeZone = timeZone
    }

    /// The letter template `templateId` merged for the customer.
    public func draft(customerId: Int64, templateId: Int64, by principal: Principal, now: Date = Date()) async throws -> LetterDraft {
        try principal.require(.messagesSend, to: "write letters to customers")
        let customer = try await CustomerRepository(database).get(customerId, by: principal)
        let template = try await MessageTemplates(database).get(templateId, by: principal)
        guard [.letter, .fax].contains(template.channel) else {
            throw StoreError.invalid(ValidationError(field: "templateId", reason: "a letter or fax template", code: "letter.template"))
        }
        let values = try await MergeValues.of(customer, language: template.language, timeZone: timeZone, in: database.sql, now: now)
        let body: MergeTemplate, subject: MergeTemplate?
        do {
            body = try MergeTemplate(template.body)
            subject = try template.subject.map { s throws(ValidationError) in try MergeTemplate(s, field: "subject") }
        } catch { throw StoreError.invalid(error) }
        return LetterDraft(templateId: template.id, channel: template.channel, language: template.language, subject: subject?.render(values),
                           body: body.render(values), date: values[.today] ?? "", recipient: customer.fields.name)
    }

    /// Ties a document already attached to the customer (a scanned letter, a fax) to the
    /// interaction that logged it, so the timeline shows them together.
    public func link(documentId: Int64, to interactionId: Int64, customerId: Int64, by principal: Principal) async throws {
        try principal.require(.interactionsLog, to: "attach documents")
        let linked = try await database.transaction { db in
            try await db.raw("""
                UPDATE documents SET interaction_id = \(bind: interactionId)
                WHERE id = \(bind: documentId) AND customer_id = \(bind: customerId)
                  AND EXISTS (SELECT 1 FROM interactions WHERE id = \(bind: interactionId) AND customer_id = \(bind: customerId))
                RETURNING id
                """).first() != nil
        }
        if !linked { throw StoreError.notFound(entity: "document", id: String(documentId)) }
    }
}
