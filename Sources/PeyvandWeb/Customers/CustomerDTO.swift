import Foundation
import PeyvandCore
import PeyvandStore

/// A customer as the API shows it (DESIGN.md: ids as strings, RFC 3339 instants).
struct CustomerDTO: Encodable {
    let id: String
    let kind: String
    let name: String
    let givenName: String?
    let familyName: String?
    let phones: [String]
    let emails: [String]
    let city: String?
    let stage: String
    let ownerId: String?
    let tags: [String]
    let customFields: [String: String]
    let preferredChannel: String?
    let consents: Consents
    let organisationId: String?
    let jobTitle: String?
    let version: Int
    let createdAt: Date
    let updatedAt: Date
    let deletedAt: Date?
    /// The satisfaction class and since when; null when the customer has none (or it was not read).
    var satisfaction: CustomerSatisfactionDTO? = nil

    init(_ c: Customer, satisfaction: (value: SatisfactionClass, since: Date)?) {
        self.init(c)
        self.satisfaction = satisfaction.map { CustomerSatisfactionDTO(class: $0.value.rawValue, since: $0.since) }
    }

    init(_ c: Customer) {
        let f = c.fields
        id = String(c.id)
        kind = f.kind.rawValue
        name = f.name
        givenName = f.givenName
        familyName = f.familyName
        phones = f.phones
        emails = f.emails
        city = f.city
        stage = f.stage.rawValue
        ownerId = f.ownerId.map(String.init)
        tags = f.tags
        customFields = f.customFields
        preferredChannel = f.preferredChannel?.rawValue
        consents = f.consents
        organisationId = f.organisationId.map(String.init)
        jobTitle = f.jobTitle
        version = c.version
        createdAt = c.createdAt
        updatedAt = c.updatedAt
        deletedAt = c.deletedAt
    }

    // Optional members are written as null, not left out, so every customer has the same shape.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(name, forKey: .name)
        try c.encode(givenName, forKey: .givenName)
        try c.encode(familyName, forKey: .familyName)
        try c.encode(phones, forKey: .phones)
        try c.encode(emails, forKey: .emails)
        try c.encode(city, forKey: .city)
        try c.encode(stage, forKey: .stage)
        try c.encode(ownerId, forKey: .ownerId)
        try c.encode(tags, forKey: .tags)
        try c.encode(customFields, forKey: .customFields)
        try c.encode(preferredChannel, forKey: .preferredChannel)
        try c.encode(consents, forKey: .consents)
        try c.encode(organisationId, forKey: .organisationId)
        try c.encode(jobTitle, forKey: .jobTitle)
        try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(deletedAt, forKey: .deletedAt)
        try c.encode(satisfaction, forKey: .satisfaction)
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, name, givenName, familyName, phones, emails, city, stage, ownerId, tags, customFields
        case preferredChannel, consents, organisationId, jobTitle, version, createdAt, updatedAt, deletedAt
        case satisfaction
    }
}

extension CustomerInput {
    static let apiFields: Set<String> = [
        "kind", "name", "givenName", "familyName", "phones", "emails", "city", "stage", "ownerId", "tags",
        "customFields", "preferredChannel", "consents", "organisationId", "jobTitle",
    ]

    /// Applies the members present in a JSON body over `self`: a member replaces the value, `null`
    /// clears it, consents merge channel by channel. Used for create (over an empty input) and PATCH.
    mutating func apply(_ body: inout JSONBody) {
        if body.has("kind") { kind = body.string("kind") }
        if body.has("name") { name = body.string("name") }
        if body.has("givenName") { givenName = body.string("givenName") }
        if body.has("familyName") { familyName = body.string("familyName") }
        if body.has("phones") { phones = body.strings("phones", max: CustomerInput.Limits.listItems) ?? [] }
        if body.has("emails") { emails = body.strings("emails", max: CustomerInput.Limits.listItems) ?? [] }
        if body.has("city") { city = body.string("city") }
        if body.has("stage") { stage = body.string("stage") }
        if body.has("ownerId") { ownerId = body.id("ownerId") }
        if body.has("tags") { tags = body.strings("tags", max: CustomerInput.Limits.listItems) ?? [] }
        if body.has("customFields") { customFields = body.stringMap("customFields", max: CustomerInput.Limits.listItems) ?? [:] }
        if body.has("preferredChannel") { preferredChannel = body.string("preferredChannel") }
        if body.has("organisationId") { organisationId = body.id("organisationId") }
        if body.has("jobTitle") { jobTitle = body.string("jobTitle") }
        if let given = body.boolMap("consents", max: CustomerInput.Limits.listItems) { consents.merge(given) { _, new in new } }
    }
}
