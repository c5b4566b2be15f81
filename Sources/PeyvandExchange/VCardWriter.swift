/// Writes ``VCardContact`` values as vCard 4.0 (RFC 6350) or 3.0 (RFC 2426).
///
/// * Lines end in CRLF and are folded so that no line exceeds 75 octets;
///   continuation lines start with a space, and a fold never splits a UTF-8
///   sequence.
/// * Text is escaped (`\\`, `\,`, `\;`, line breaks as `\n`).
/// * `FN` is required: when ``VCardContact/formattedName`` is `nil` it is made
///   from the given and family names, else the organisation, phone or
///   e-mail, so such a contact reads back with `formattedName` set.
/// * 3.0 always has an `N` line (required there); 4.0 only when a name part exists.
/// * Phones are written as plain text (`TEL:+98…`), the city as the
///   locality of an `ADR`.
///
/// Output is UTF-8; 3.0 readers that need a charset declared are rare.
public struct VCardWriter: Sendable {
    public enum Version: String, Sendable {
        case v3 = "3.0"
        case v4 = "4.0"
    }

    /// Maximum octets per physical line, excluding CRLF.
    public static let lineLimit = 75

    public var version: Version

    public init(version: Version = .v4) {
        self.version = version
    }

    /// One card.
    public func string(for contact: VCardContact) -> String {
        var out = ""
        func add(_ name: String, _ value: String) {
            out += Self.fold(name + ":" + value)
        }
        add("BEGIN", "VCARD")
        add("VERSION", version.rawValue)
        add("FN", VCardText.escape(Self.displayName(contact)))
        if version == .v3 || contact.familyName != nil || contact.givenName != nil {
            let parts = [contact.familyName, contact.givenName].map { VCardText.escape($0 ?? "") }
            add("N", parts.joined(separator: ";") + ";;;")
        }
        if let organisation = contact.organisation { add("ORG", VCardText.escape(organisation)) }
        if let title = contact.title { add("TITLE", VCardText.escape(title)) }
        for phone in contact.phones { add("TEL", VCardText.escape(phone)) }
        for email in contact.emails { add("EMAIL", VCardText.escape(email)) }
        if let city = contact.city { add("ADR", ";;;" + VCardText.escape(city) + ";;;") }
        if let note = contact.note { add("NOTE", VCardText.escape(note)) }
        if !contact.categories.isEmpty {
            add("CATEGORIES", contact.categories.map(VCardText.escape).joined(separator: ","))
        }
        add("END", "VCARD")
        return out
    }

    /// Several cards, one after the other.
    public func string(for contacts: some Sequence<VCardContact>) -> String {
        contacts.map { string(for: $0) }.joined()
    }

    /// The `FN` value written for `contact`.
    static func displayName(_ contact: VCardContact) -> String {
        if let name = contact.formattedName { return name }
        let parts = [contact.givenName, contact.familyName].compactMap { $0 }
        if !parts.isEmpty { return parts.joined(separator: " ") }
        return contact.organisation ?? contact.phones.first ?? contact.emails.first ?? ""
    }

    /// Folds one content line at ``lineLimit`` octets on scalar boundaries, with CRLF.
    static func fold(_ line: String) -> String {
        var out = ""
        var used = 0
        for scalar in line.unicodeScalars {
            let size = UTF8.width(scalar)
            if used + size > lineLimit {
                out += "\r\n "
                used = 1
            }
            out.unicodeScalars.append(scalar)
            used += size
        }
        return out + "\r\n"
    }
}
