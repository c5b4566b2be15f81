import Foundation
import PeyvandCore

/// What opening a ticket takes, as the caller sent it (strings, so every bad value is named).
public struct TicketInput: Sendable, Hashable {
    public var customerId: String?
    public var contactId: String?
    public var subject: String?
    /// What the customer said or wrote (the first message of the thread).
    public var body: String?
    public var channel: String?
    public var category: String?
    public var priority: String?
    public var productId: String?
    public var orderId: String?
    public var language: String?
    /// An agent to give it to instead of the routing rules.
    public var assigneeId: String?
    /// A team to give it to instead of the routing rules.
    public var teamId: String?

    public init(customerId: String? = nil, contactId: String? = nil, subject: String? = nil, body: String? = nil, channel: String? = nil,
                category: String? = nil, priority: String? = nil, productId: String? = nil, orderId: String? = nil, language: String? = nil,
                assigneeId: String? = nil, teamId: String? = nil) {
        (self.customerId, self.contactId, self.subject, self.body, self.channel) = (customerId, contactId, subject, body, channel)
        (self.category, self.priority, self.productId, self.orderId, self.language) = (category, priority, productId, orderId, language)
        (self.assigneeId, self.teamId) = (assigneeId, teamId)
    }

    /// The longest subject kept; a longer one is cut, not refused.
    public static let subjectLimit = 300

    /// Checks every field at once. `customerRequired`: false for intake that finds the customer
    /// itself (the public form, an inbound message).
    public func validated(customerRequired: Bool = true) throws(ValidationError) -> TicketFields {
        var issues: [FieldIssue] = []
        func id(_ raw: String?, _ field: String) -> Int64? {
            guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            guard let v = Int64(raw), v > 0 else {
                issues.append(FieldIssue(field: field, reason: "must be an id", code: "id.invalid"))
                return nil
            }
            return v
        }
        func choice<T: RawRepresentable & CaseIterable>(_ raw: String?, _ field: String, _ fallback: T) -> T where T.RawValue == String {
            guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return fallback }
            guard let v = T(rawValue: raw) else {
                let all = T.allCases.map(\.rawValue).joined(separator: ", ")
                issues.append(FieldIssue(field: field, reason: "must be one of \(all)", code: "choice.unknown", params: ["allowed": all]))
                return fallback
            }
            return v
        }
        let customer = id(customerId, "customerId")
        if customerRequired, customer == nil, !issues.contains(where: { $0.field == "customerId" }) {
            issues.append(FieldIssue(field: "customerId", reason: "is required", code: "required"))
        }
        let contact = id(contactId, "contactId")
        let subjectText = (subject ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let bodyText = (body ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if subjectText.isEmpty && bodyText.isEmpty {
            issues.append(FieldIssue(field: "subject", reason: "is required", code: "required"))
        }
        let channel = choice(channel, "channel", TicketChannel.api)
        let category = choice(category, "category", TicketCategory.question)
        let priority = choice(priority, "priority", TicketPriority.normal)
        var lang = Language.fa
        if let raw = language?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let l = Language(rawValue: raw) { lang = l } else {
                issues.append(FieldIssue(field: "language", reason: "must be fa or en", code: "choice.unknown", params: ["allowed": "fa, en"]))
            }
        }
        let product = id(productId, "productId")
        let order = id(orderId, "orderId")
        let assignee = id(assigneeId, "assigneeId")
        let team = id(teamId, "teamId")
        if !issues.isEmpty { throw ValidationError(issues) }
        let shownSubject = subjectText.isEmpty ? TicketFields.subject(from: bodyText) : subjectText
        return TicketFields(customerId: customer, contactId: contact, subject: String(shownSubject.prefix(Self.subjectLimit)),
                            body: String(bodyText.prefix(Inbox.bodyLimit)), channel: channel, category: category, priority: priority,
                            productId: product, orderId: order, language: lang, assigneeId: assignee, teamId: team)
    }
}

/// A ticket's opening fields, checked.
public struct TicketFields: Sendable, Hashable {
    public var customerId: Int64?
    public var contactId: Int64?
    public var subject: String
    public var body: String
    public var channel: TicketChannel
    public var category: TicketCategory
    public var priority: TicketPriority
    public var productId: Int64?
    public var orderId: Int64?
    public var language: Language
    public var assigneeId: Int64?
    public var teamId: Int64?

    /// A subject made of a message's first line (an SMS or a chat message has none of its own).
    static func subject(from body: String) -> String {
        let line = body.split(whereSeparator: \.isNewline).first.map(String.init) ?? body
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return "—" }
        return trimmed.count > 80 ? String(trimmed.prefix(80)) + "…" : trimmed
    }
}
