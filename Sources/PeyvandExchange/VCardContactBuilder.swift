/// Maps parsed vCard properties onto a ``VCardContact``.
enum VCardContactBuilder {
    static func contact(from properties: [VCardContentLine]) -> VCardContact {
        var contact = VCardContact()
        var phones: [(preferred: Bool, value: String)] = []
        var emails: [(preferred: Bool, value: String)] = []
        var notes: [String] = []
        for property in properties where !property.isBinary {
            switch property.name {
            case "FN":
                if contact.formattedName == nil { contact.formattedName = text(property.value) }
            case "N":
                let parts = components(property.value, on: ";")
                if contact.familyName == nil { contact.familyName = parts.first.flatMap(nonEmpty) }
                if contact.givenName == nil { contact.givenName = parts.dropFirst().first.flatMap(nonEmpty) }
            case "ORG":
                if contact.organisation == nil {
                    contact.organisation = nonEmpty(components(property.value, on: ";").filter { !$0.isEmpty }.joined(separator: ", "))
                }
            case "TITLE":
                if contact.title == nil { contact.title = text(property.value) }
            case "TEL":
                if let phone = text(stripScheme("tel:", from: property.value)) {
                    phones.append((property.isPreferred, phone))
                }
            case "EMAIL":
                if let email = text(stripScheme("mailto:", from: property.value)) {
                    emails.append((property.isPreferred, email))
                }
            case "ADR":
                if contact.city == nil {
                    let parts = components(property.value, on: ";")
                    contact.city = parts.count > 3 ? nonEmpty(parts[3]) : nil
                }
            case "NOTE":
                if let note = text(property.value) { notes.append(note) }
            case "CATEGORIES":
                contact.categories += components(property.value, on: ",").compactMap(nonEmpty)
            default:
                break
            }
        }
        contact.phones = phones.filter(\.preferred).map(\.value) + phones.filter { !$0.preferred }.map(\.value)
        contact.emails = emails.filter(\.preferred).map(\.value) + emails.filter { !$0.preferred }.map(\.value)
        contact.note = notes.isEmpty ? nil : notes.joined(separator: "\n")
        return contact
    }

    /// No name, organisation, phone or e-mail: nothing a CRM can use.
    static func isEmpty(_ contact: VCardContact) -> Bool {
        contact.formattedName == nil && contact.givenName == nil && contact.familyName == nil
            && contact.organisation == nil && contact.phones.isEmpty && contact.emails.isEmpty
    }

    private static func text(_ value: String) -> String? {
        nonEmpty(VCardText.unescape(value[...]))
    }

    /// Splits on unescaped `separator`, unescapes and trims each component.
    private static func components(_ value: String, on separator: Unicode.Scalar) -> [String] {
        VCardText.split(value, on: separator).map { VCardText.unescape($0).trimmingSpaces() }
    }

    private static func nonEmpty(_ value: String) -> String? {
        let trimmed = value.trimmingSpaces()
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func stripScheme(_ scheme: String, from value: String) -> String {
        let trimmed = value.trimmingSpaces()
        guard trimmed.lowercased().hasPrefix(scheme) else { return trimmed }
        return String(trimmed.dropFirst(scheme.count))
    }
}
