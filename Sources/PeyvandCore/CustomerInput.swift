import Foundation

/// A customer as it arrives from a form, the API or an import: raw text, not yet trusted.
/// `validated()` returns every problem at once, each naming its field.
public struct CustomerInput: Sendable, Hashable {
    public var kind: String?
    public var name: String?
    public var givenName: String?
    public var familyName: String?
    public var phones: [String]
    public var emails: [String]
    public var city: String?
    public var stage: String?
    public var ownerId: String?
    public var tags: [String]
    public var customFields: [String: String]
    public var preferredChannel: String?
    public var consents: [String: Bool]
    public var organisationId: String?
    public var jobTitle: String?

    public init(
        kind: String? = nil, name: String? = nil, givenName: String? = nil, familyName: String? = nil,
        phones: [String] = [], emails: [String] = [], city: String? = nil, stage: String? = nil,
        ownerId: String? = nil, tags: [String] = [], customFields: [String: String] = [:],
        preferredChannel: String? = nil, consents: [String: Bool] = [:], organisationId: String? = nil, jobTitle: String? = nil
    ) {
        self.kind = kind
        self.name = name
        self.givenName = givenName
        self.familyName = familyName
        self.phones = phones
        self.emails = emails
        self.city = city
        self.stage = stage
        self.ownerId = ownerId
        self.tags = tags
        self.customFields = customFields
        self.preferredChannel = preferredChannel
        self.consents = consents
        self.organisationId = organisationId
        self.jobTitle = jobTitle
    }

    /// Limits, also documented in the OpenAPI document.
    public enum Limits {
        public static let name = 200, personName = 100, city = 100
        public static let phones = 10, emails = 10, tags = 30, tag = 50
        public static let customFields = 50, customFieldKey = 50, customFieldValue = 1000
        /// The most items any list (phones, emails, tags, custom fields, consents) may hold as
        /// sent, before duplicates and blanks are dropped: longer lists are refused unread.
        public static let listItems = 200
    }

    public init(_ fields: CustomerFields) {
        self.init(
            kind: fields.kind.rawValue, name: fields.name, givenName: fields.givenName, familyName: fields.familyName,
            phones: fields.phones, emails: fields.emails, city: fields.city, stage: fields.stage.rawValue,
            ownerId: fields.ownerId.map(String.init), tags: fields.tags, customFields: fields.customFields,
            preferredChannel: fields.preferredChannel?.rawValue,
            consents: Dictionary(uniqueKeysWithValues: Consents.channels.map { ($0, fields.consents[$0]) }),
            organisationId: fields.organisationId.map(String.init), jobTitle: fields.jobTitle
        )
    }

    /// Every check is linear in the input, and every list is bounded before it is looked at.
    public func validated() throws(ValidationError) -> CustomerFields {
        var issues: [FieldIssue] = []
        for (field, count) in [("phones", phones.count), ("emails", emails.count), ("tags", tags.count),
                               ("customFields", customFields.count), ("consents", consents.count)] where count > Limits.listItems {
            issues.append(FieldIssue(field: field, reason: "at most \(Limits.listItems) items", code: "list.tooMany", params: ["max": "\(Limits.listItems)"]))
        }
        if !issues.isEmpty { throw ValidationError(issues) }
        func text(_ value: String?, _ field: String, max: Int) -> String? {
            guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
            if trimmed.count > max { issues.append(FieldIssue(field: field, reason: "must be at most \(max) characters", code: "text.tooLong", params: ["max": "\(max)"])) }
            if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                issues.append(FieldIssue(field: field, reason: "must not contain control characters", code: "text.control"))
            }
            return trimmed
        }
        func choice<T: RawRepresentable & CaseIterable>(_ value: String?, _ field: String, default def: T?) -> T? where T.RawValue == String {
            guard let raw = value?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return def }
            if let v = T(rawValue: raw) { return v }
            issues.append(FieldIssue(field: field, reason: "must be one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))", code: "choice.unknown"))
            return def
        }

        let kind: CustomerKind = choice(kind, "kind", default: .person) ?? .person
        let given = text(givenName, "givenName", max: Limits.personName)
        let family = text(familyName, "familyName", max: Limits.personName)
        var name = text(name, "name", max: Limits.name)
        if name == nil, kind == .person, given != nil || family != nil {
            name = [given, family].compactMap { $0 }.joined(separator: " ")
        }
        if name == nil { issues.append(FieldIssue(field: "name", reason: "is required", code: "required")) }

        var phoneValues: [String] = []
        let rawPhones = phones.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if rawPhones.count > Limits.phones {
            issues.append(FieldIssue(field: "phones", reason: "at most \(Limits.phones) numbers", code: "list.tooMany", params: ["max": "\(Limits.phones)"]))
        }
        for raw in rawPhones.prefix(Limits.phones) {
            do {
                let phone = try PhoneNumber(parsing: raw)
                if !phoneValues.contains(phone.e164) { phoneValues.append(phone.e164) }
            } catch {
                let inner = error.issues.first
                var params = inner?.params ?? [:]
                params["value"] = String(raw.prefix(40))
                params["detail"] = inner?.code
                issues.append(FieldIssue(field: "phones", reason: "'\(raw.prefix(40))': \(inner?.reason ?? "is not a valid phone number")",
                                         code: "value.invalid", params: params))
            }
        }

        var emailValues: [String] = []
        let rawEmails = emails.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if rawEmails.count > Limits.emails {
            issues.append(FieldIssue(field: "emails", reason: "at most \(Limits.emails) addresses", code: "list.tooMany", params: ["max": "\(Limits.emails)"]))
        }
        for raw in rawEmails.prefix(Limits.emails) {
            do {
                let email = try EmailAddress(parsing: raw)
                if !emailValues.contains(where: { $0.lowercased() == email.key }) { emailValues.append(email.value) }
            } catch {
                let inner = error.issues.first
                issues.append(FieldIssue(field: "emails", reason: "'\(raw.prefix(60))': \(inner?.reason ?? "is not a valid email address")",
                                         code: "value.invalid", params: ["value": String(raw.prefix(60)), "detail": inner?.code ?? "email.invalid"]))
            }
        }

        let city = text(city, "city", max: Limits.city)
        let stage: LifecycleStage = choice(stage, "stage", default: .prospect) ?? .prospect
        var owner: Int64?
        if let raw = ownerId?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let id = Int64(raw), id > 0 { owner = id } else { issues.append(FieldIssue(field: "ownerId", reason: "must be a user id", code: "id.user")) }
        }

        var tagValues: [String] = []
        var tagKeys: Set<String> = []
        for raw in tags {
            let tag = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if tag.isEmpty { continue }
            if tag.count > Limits.tag {
                issues.append(FieldIssue(field: "tags", reason: "each tag must be at most \(Limits.tag) characters", code: "text.eachTooLong", params: ["max": "\(Limits.tag)"]))
                break
            }
            if tagKeys.insert(PersianText.searchKey(tag)).inserted { tagValues.append(tag) }
        }
        if tagValues.count > Limits.tags {
            issues.append(FieldIssue(field: "tags", reason: "at most \(Limits.tags) tags", code: "list.tooMany", params: ["max": "\(Limits.tags)"]))
        }

        var custom: [String: String] = [:]
        if customFields.count > Limits.customFields {
            issues.append(FieldIssue(field: "customFields", reason: "at most \(Limits.customFields) fields", code: "list.tooMany", params: ["max": "\(Limits.customFields)"]))
        }
        for (rawKey, value) in customFields {
            let key = rawKey.trimmingCharacters(in: .whitespacesAndNewlines)
            if key.isEmpty || key.count > Limits.customFieldKey {
                issues.append(FieldIssue(field: "customFields", reason: "each name must be 1 to \(Limits.customFieldKey) characters", code: "customField.name", params: ["max": "\(Limits.customFieldKey)"]))
            } else if value.count > Limits.customFieldValue {
                issues.append(FieldIssue(field: "customFields", reason: "the value of '\(key)' must be at most \(Limits.customFieldValue) characters", code: "customField.value", params: ["value": String(key.prefix(60)), "max": "\(Limits.customFieldValue)"]))
            } else {
                custom[key] = value
            }
        }

        let channel: ContactChannel? = choice(preferredChannel, "preferredChannel", default: nil)
        var consentValues = Consents()
        for (channelName, given) in consents {
            if Consents.channels.contains(channelName) {
                consentValues[channelName] = given
            } else {
                issues.append(FieldIssue(field: "consents", reason: "unknown channel '\(channelName.prefix(30))'; known: \(Consents.channels.joined(separator: ", "))", code: "consent.channel", params: ["value": String(channelName.prefix(30))]))
            }
        }

        var organisation: Int64?
        if let raw = organisationId?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let id = Int64(PersianText.latinDigits(raw)), id > 0 { organisation = id } else {
                issues.append(FieldIssue(field: "organisationId", reason: "must be the id of an organisation", code: "customer.notOrganisation"))
            }
        }
        let title = text(jobTitle, "jobTitle", max: Limits.personName)
        if organisation != nil, kind == .organisation {
            issues.append(FieldIssue(field: "organisationId", reason: "only a person can belong to an organisation", code: "customer.personOnly"))
        }

        if !issues.isEmpty { throw ValidationError(issues) }
        return CustomerFields(
            kind: kind, name: name ?? "", givenName: given, familyName: family, phones: phoneValues, emails: emailValues,
            city: city, stage: stage, ownerId: owner, tags: tagValues, customFields: custom,
            preferredChannel: channel, consents: consentValues, organisationId: organisation, jobTitle: title
        )
    }
}
