import PeyvandCore

/// Normalised keys that find a customer again: phone (E.164), email (lower case), tag and
/// name (Persian-normalised with spaces and ZWNJ removed, so "محمدرضا", "محمد رضا" and
/// "محمد‌رضا" meet, as do ي/ی and ك/ک spellings).
public enum CustomerKeys {
    public static func nameKey(_ name: String) -> String {
        String(PersianText.compactKey(name).prefix(200))
    }

    static func all(_ fields: CustomerFields) -> Set<[String]> {
        var keys: Set<[String]> = []
        for phone in fields.phones { keys.insert(["phone", phone]) }
        for email in fields.emails { keys.insert(["email", email.lowercased()]) }
        for tag in fields.tags { keys.insert(["tag", PersianText.searchKey(tag)]) }
        let name = nameKey(fields.name)
        if !name.isEmpty { keys.insert(["name", name]) }
        return keys
    }
}
