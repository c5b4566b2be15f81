import Foundation

/// The fields of a customer a person edits, already validated and normalised
/// (phones in E.164, emails trimmed). Text is kept as typed.
public struct CustomerFields: Sendable, Hashable, Codable {
    public var kind: CustomerKind
    public var name: String
    public var givenName: String?
    public var familyName: String?
    public var phones: [String]
    public var emails: [String]
    public var city: String?
    public var stage: LifecycleStage
    public var ownerId: Int64?
    public var tags: [String]
    public var customFields: [String: String]
    public var preferredChannel: ContactChannel?
    public var consents: Consents
    /// For a person: the organisation they work for (a customer of kind organisation).
    public var organisationId: Int64?
    public var jobTitle: String?

    public init(
        kind: CustomerKind = .person, name: String, givenName: String? = nil, familyName: String? = nil,
        phones: [String] = [], emails: [String] = [], city: String? = nil, stage: LifecycleStage = .prospect,
        ownerId: Int64? = nil, tags: [String] = [], customFields: [String: String] = [:],
        preferredChannel: ContactChannel? = nil, consents: Consents = Consents(), organisationId: Int64? = nil, jobTitle: String? = nil
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

    /// The normalised words searched by `q` (name, given and family names, city, job title, emails,
    /// phones in both forms, tags).
    public var searchKey: String {
        var parts = [name, givenName ?? "", familyName ?? "", city ?? "", jobTitle ?? ""]
        // Phones in E.164 and as dialled at home (0912…), so a prefix of either finds them.
        parts += emails + phones + phones.compactMap { $0.hasPrefix("+98") ? "0" + $0.dropFirst(3) : nil } + tags
        // Compound names as one word too ("محمد رضا" also as "محمدرضا"), so a search typed either way finds them.
        var joined: [String] = []
        for part in [name, givenName ?? "", familyName ?? ""] {
            for word in PersianText.joinedNeighbours(part) where !joined.contains(word) { joined.append(word) }
        }
        parts += joined
        let key = PersianText.searchKey(parts.filter { !$0.isEmpty }.joined(separator: " "))
        // Words only: punctuation (the @ of an email, the + of a phone) separates, on every dialect alike.
        var words = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in key.unicodeScalars {
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark {
                if pendingSpace, !words.isEmpty { words.append(" ") }
                pendingSpace = false
                words.append(scalar)
            } else {
                pendingSpace = true
            }
        }
        return String(words)
    }

    /// Field-by-field rendering used by the audit log (before/after of each changed field).
    public var auditValues: [(field: String, value: String?)] {
        [
            ("kind", kind.rawValue), ("name", name), ("givenName", givenName), ("familyName", familyName),
            ("phones", phones.isEmpty ? nil : phones.joined(separator: ", ")),
            ("emails", emails.isEmpty ? nil : emails.joined(separator: ", ")),
            ("city", city), ("stage", stage.rawValue), ("ownerId", ownerId.map(String.init)),
            ("tags", tags.isEmpty ? nil : tags.joined(separator: ", ")),
            ("customFields", customFields.isEmpty ? nil : customFields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")),
            ("preferredChannel", preferredChannel?.rawValue),
            ("consents", Consents.channels.filter { consents[$0] }.joined(separator: ", ")),
            ("organisationId", organisationId.map(String.init)), ("jobTitle", jobTitle),
        ]
    }

    /// The changes from `old` to `self`, one entry per field that differs.
    public func changes(from old: CustomerFields) -> [(field: String, before: String?, after: String?)] {
        zip(old.auditValues, auditValues).compactMap { o, n in
            o.value == n.value ? nil : (n.field, o.value, n.value)
        }
    }
}

extension CustomerFields {
    /// These fields with another record's folded in (a merge, or an import row matching an
    /// existing customer): values already here win; lists and custom fields are united.
    public func absorbing(_ other: CustomerFields) -> CustomerFields {
        var f = self
        f.givenName = givenName ?? other.givenName
        f.familyName = familyName ?? other.familyName
        f.phones = phones + other.phones.filter { !phones.contains($0) }
        f.emails = emails + other.emails.filter { e in !emails.contains { $0.lowercased() == e.lowercased() } }
        f.city = city ?? other.city
        f.tags = tags + other.tags.filter { t in !tags.contains { PersianText.searchKey($0) == PersianText.searchKey(t) } }
        f.customFields.merge(other.customFields) { mine, _ in mine }
        f.preferredChannel = preferredChannel ?? other.preferredChannel
        f.jobTitle = jobTitle ?? other.jobTitle
        f.ownerId = ownerId ?? other.ownerId
        f.organisationId = organisationId ?? other.organisationId
        f.consents = Consents(email: consents.email || other.consents.email, sms: consents.sms || other.consents.sms,
                              phone: consents.phone || other.consents.phone, letter: consents.letter || other.consents.letter)
        return f
    }
}
