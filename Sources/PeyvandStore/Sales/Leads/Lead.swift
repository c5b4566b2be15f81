import Foundation
import PeyvandCore

/// Where a lead is in its life: new (not yet worked), working (contacted), qualified, and then
/// either converted (into a customer, a contact and a deal) or disqualified with a reason.
public enum LeadStatus: String, CaseIterable, Sendable, Codable {
    case new, working, qualified, disqualified, converted

    /// Still to be worked: counts towards a rep's load.
    public var isOpen: Bool { self == .new || self == .working || self == .qualified }
}

/// How a lead was captured.
public enum LeadChannel: String, CaseIterable, Sendable, Codable {
    case manual, api, `import`
    case webForm = "web-form"
}

/// A lead as stored.
public struct Lead: Sendable, Hashable {
    public let id: Int64
    public let status: LeadStatus
    public let name: String
    public let company: String?
    public let email: String?
    public let phone: String?
    public let province: String?
    public let city: String?
    public let message: String?
    public let channel: LeadChannel
    public let source: String
    public let campaign: String?
    public let ownerId: Int64?
    public let ownerName: String?
    public let score: Int
    public let need: Bool?
    public let budget: Bool?
    public let authority: Bool?
    public let timing: Bool?
    public let consent: Bool
    public let consentText: String?
    public let disqualifyReason: String?
    public let customerId: Int64?
    public let dealId: Int64?
    public let convertedAt: Date?
    public let formId: Int64?
    public let assignedAt: Date?
    public let version: Int
    public let createdAt: Date
    public let updatedAt: Date
}

/// A lead as it arrives from a form, the API, a file or a web-to-lead form: raw text, not yet
/// trusted. `validated()` reports every problem at once, each naming its field.
public struct LeadInput: Sendable, Hashable {
    public var name: String?
    public var company: String?
    public var email: String?
    public var phone: String?
    public var province: String?
    public var city: String?
    public var message: String?
    public var source: String?
    public var campaign: String?
    public var ownerId: String?
    public var need: Bool?
    public var budget: Bool?
    public var authority: Bool?
    public var timing: Bool?
    public var consent: Bool
    public var consentText: String?

    public init(name: String? = nil, company: String? = nil, email: String? = nil, phone: String? = nil, province: String? = nil,
                city: String? = nil, message: String? = nil, source: String? = nil, campaign: String? = nil, ownerId: String? = nil,
                need: Bool? = nil, budget: Bool? = nil, authority: Bool? = nil, timing: Bool? = nil, consent: Bool = false,
                consentText: String? = nil) {
        (self.name, self.company, self.email, self.phone, self.province, self.city, self.message) = (name, company, email, phone, province, city, message)
        (self.source, self.campaign, self.ownerId) = (source, campaign, ownerId)
        (self.need, self.budget, self.authority, self.timing, self.consent, self.consentText) = (need, budget, authority, timing, consent, consentText)
    }

    public enum Limits {
        public static let name = 200, company = 200, place = 100, message = 4000, source = 100, consentText = 2000
    }

    /// Linear in the input; the phone is stored in E.164, the email as typed (its key lower case).
    public func validated() throws(ValidationError) -> LeadFields {
        var issues: [FieldIssue] = []
        func text(_ value: String?, _ field: String, max: Int, multiline: Bool = false) -> String? {
            guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
            if trimmed.unicodeScalars.count > max { issues.append(FieldIssue(field: field, reason: "must be at most \(max) characters", code: "text.tooLong", params: ["max": "\(max)"])) }
            if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && !(multiline && ($0 == "\n" || $0 == "\r" || $0 == "\t")) }) {
                issues.append(FieldIssue(field: field, reason: "must not contain control characters", code: "text.control"))
            }
            return trimmed
        }
        let name = text(name, "name", max: Limits.name)
        if name == nil { issues.append(FieldIssue(field: "name", reason: "is required", code: "required")) }
        var email: EmailAddress?
        if let raw = text(self.email, "email", max: 254) {
            do { email = try EmailAddress(parsing: raw) } catch {
                let inner = error.issues.first
                issues.append(FieldIssue(field: "email", reason: "'\(raw.prefix(60))': \(inner?.reason ?? "is not a valid email address")",
                                         code: "value.invalid", params: ["value": String(raw.prefix(60)), "detail": inner?.code ?? "email.invalid"]))
            }
        }
        var phone: PhoneNumber?
        if let raw = text(self.phone, "phone", max: 40) {
            do { phone = try PhoneNumber(parsing: raw) } catch {
                let inner = error.issues.first
                var params = inner?.params ?? [:]
                params["value"] = String(raw.prefix(40))
                params["detail"] = inner?.code
                issues.append(FieldIssue(field: "phone", reason: "'\(raw.prefix(40))': \(inner?.reason ?? "is not a valid phone number")",
                                         code: "value.invalid", params: params))
            }
        }
        var owner: Int64?
        if let raw = ownerId?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let id = Int64(raw), id > 0 { owner = id } else { issues.append(FieldIssue(field: "ownerId", reason: "must be a user id", code: "id.user")) }
        }
        let fields = LeadFields(
            name: name ?? "", company: text(company, "company", max: Limits.company), email: email?.value, emailKey: email?.key,
            phone: phone?.e164, province: text(province, "province", max: Limits.place), city: text(city, "city", max: Limits.place),
            message: text(message, "message", max: Limits.message, multiline: true),
            source: text(source, "source", max: Limits.source), campaign: text(campaign, "campaign", max: Limits.source),
            ownerId: owner, need: need, budget: budget, authority: authority, timing: timing, consent: consent,
            consentText: consent ? text(consentText, "consentText", max: Limits.consentText, multiline: true) : nil
        )
        if !issues.isEmpty { throw ValidationError(issues) }
        return fields
    }
}

/// A lead's validated fields.
public struct LeadFields: Sendable, Hashable {
    public var name: String
    public var company: String?
    public var email: String?
    public var emailKey: String?
    public var phone: String?
    public var province: String?
    public var city: String?
    public var message: String?
    public var source: String?
    public var campaign: String?
    public var ownerId: Int64?
    public var need: Bool?
    public var budget: Bool?
    public var authority: Bool?
    public var timing: Bool?
    public var consent: Bool
    public var consentText: String?

    public init(name: String, company: String? = nil, email: String? = nil, emailKey: String? = nil, phone: String? = nil, province: String? = nil,
                city: String? = nil, message: String? = nil, source: String? = nil, campaign: String? = nil, ownerId: Int64? = nil,
                need: Bool? = nil, budget: Bool? = nil, authority: Bool? = nil, timing: Bool? = nil, consent: Bool = false, consentText: String? = nil) {
        (self.name, self.company, self.email, self.emailKey, self.phone, self.province, self.city) = (name, company, email, emailKey, phone, province, city)
        (self.message, self.source, self.campaign, self.ownerId) = (message, source, campaign, ownerId)
        (self.need, self.budget, self.authority, self.timing, self.consent, self.consentText) = (need, budget, authority, timing, consent, consentText)
    }
}

/// What a lead list is filtered by; all optional.
public struct LeadQuery: Sendable, Hashable {
    public var status: LeadStatus?
    public var ownerId: Int64?
    public var source: String?
    public var campaign: String?
    public var q: String?
    public var after: Int64?
    public var limit: Int

    public init(status: LeadStatus? = nil, ownerId: Int64? = nil, source: String? = nil, campaign: String? = nil, q: String? = nil,
                after: Int64? = nil, limit: Int = 50) {
        (self.status, self.ownerId, self.source, self.campaign, self.q, self.after, self.limit) = (status, ownerId, source, campaign, q, after, limit)
    }
}

/// A note a rep keeps on a lead (copied onto the customer's timeline when it converts).
public struct LeadNote: Sendable, Hashable {
    public let id: Int64
    public let body: String
    public let authorName: String?
    public let createdAt: Date
}
