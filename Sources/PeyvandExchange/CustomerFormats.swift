import Foundation
import PeyvandCore

/// A customer as one CSV row, one vCard or one JSON line — the same columns whether exported
/// from the command line or downloaded from a list page.
public enum CustomerFormats {
    public static let csvHeader = [
        "id", "kind", "name", "givenName", "familyName", "phones", "emails", "city", "stage", "ownerId", "tags",
        "preferredChannel", "consent_email", "consent_sms", "consent_phone", "consent_letter", "jobTitle", "organisationId",
        "customFields", "createdAt", "updatedAt", "deletedAt",
    ]

    public static func csvRow(_ c: Customer) -> [String] {
        let f = c.fields
        let custom = f.customFields.isEmpty ? "" : json(f.customFields)
        return [
            String(c.id), f.kind.rawValue, f.name, f.givenName ?? "", f.familyName ?? "", f.phones.joined(separator: "; "),
            f.emails.joined(separator: "; "), f.city ?? "", f.stage.rawValue, f.ownerId.map(String.init) ?? "",
            f.tags.joined(separator: ", "), f.preferredChannel?.rawValue ?? "", String(f.consents.email), String(f.consents.sms),
            String(f.consents.phone), String(f.consents.letter), f.jobTitle ?? "", f.organisationId.map(String.init) ?? "", custom,
            instant(c.createdAt), instant(c.updatedAt), c.deletedAt.map(instant) ?? "",
        ]
    }

    public static func vCard(_ c: Customer) -> String {
        let f = c.fields
        let card = VCardContact(
            formattedName: f.name, givenName: f.givenName, familyName: f.familyName,
            organisation: f.kind == .organisation ? f.name : nil, title: f.jobTitle, phones: f.phones, emails: f.emails,
            city: f.city, note: nil, categories: f.tags)
        return VCardWriter(version: .v4).string(for: card)
    }

    public static func jsonLine(_ c: Customer) -> String {
        let f = c.fields
        var o: [String: Any] = [
            "id": String(c.id), "kind": f.kind.rawValue, "name": f.name, "phones": f.phones, "emails": f.emails,
            "stage": f.stage.rawValue, "tags": f.tags, "customFields": f.customFields, "version": c.version,
            "consents": ["email": f.consents.email, "sms": f.consents.sms, "phone": f.consents.phone, "letter": f.consents.letter],
            "createdAt": instant(c.createdAt), "updatedAt": instant(c.updatedAt),
        ]
        o["givenName"] = f.givenName ?? NSNull()
        o["familyName"] = f.familyName ?? NSNull()
        o["city"] = f.city ?? NSNull()
        o["ownerId"] = f.ownerId.map(String.init) ?? NSNull()
        o["preferredChannel"] = f.preferredChannel?.rawValue ?? NSNull()
        o["jobTitle"] = f.jobTitle ?? NSNull()
        o["organisationId"] = f.organisationId.map(String.init) ?? NSNull()
        o["deletedAt"] = c.deletedAt.map(instant) ?? NSNull()
        let data = (try? JSONSerialization.data(withJSONObject: o, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func json(_ map: [String: String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: map, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func instant(_ date: Date) -> String { CivilTime.rfc3339(date) }
}
