import PeyvandCore

/// Which customer field each column of an imported file fills. Columns are recognised by their
/// header in Persian or English (compared after `PersianText.searchKey`), or mapped explicitly
/// with `COLUMN=FIELD` (`FIELD` may be `custom:NAME` for a custom field, or `ignore`).
public struct ColumnMapping: Sendable {
    public enum Target: Sendable, Hashable {
        case field(String)
        case custom(String)
        case ignore
    }

    public static let fields = [
        "kind", "name", "givenName", "familyName", "phones", "emails", "city", "stage", "ownerId", "tags",
        "preferredChannel", "jobTitle", "organisationId", "consent_email", "consent_sms", "consent_phone", "consent_letter",
    ]

    static let synonyms: [String: [String]] = [
        "name": ["name", "full name", "customer", "customer name", "company", "نام", "نام کامل", "مشتری", "نام مشتری", "شرکت"],
        "givenName": ["given name", "first name", "firstname", "نام کوچک"],
        "familyName": ["family name", "last name", "surname", "lastname", "نام خانوادگی", "فامیلی"],
        "phones": ["phone", "phones", "mobile", "tel", "telephone", "cell", "phone number", "تلفن", "تلفن‌ها", "موبایل",
                   "همراه", "تلفن همراه", "شماره تماس", "شماره", "تلفن ثابت"],
        "emails": ["email", "emails", "e-mail", "mail", "ایمیل", "پست الکترونیک", "رایانامه"],
        "city": ["city", "town", "شهر"],
        "stage": ["stage", "lifecycle stage", "مرحله"],
        "tags": ["tags", "tag", "labels", "برچسب", "برچسب‌ها"],
        "kind": ["kind", "type", "نوع"],
        "jobTitle": ["job title", "title", "position", "سمت", "عنوان شغلی"],
        "preferredChannel": ["preferred channel", "channel", "کانال", "کانال ترجیحی"],
        "ownerId": ["owner id", "ownerid", "owner"],
        "organisationId": ["organisation id", "organization id", "organisationid"],
    ]

    public let targets: [Target]
    public let ignoredHeaders: [String]

    /// Builds the mapping for a header row; `overrides` are `COLUMN=FIELD` pairs from `--map`.
    public init(header: [String], overrides: [String: String]) throws(ValidationError) {
        var lookup: [String: String] = [:]
        for (field, names) in Self.synonyms { for n in names { lookup[PersianText.compactKey(n)] = field } }
        for field in Self.fields { lookup[PersianText.compactKey(field)] = field }
        var overrideByKey: [String: String] = [:]
        for (column, field) in overrides { overrideByKey[PersianText.compactKey(column)] = field }
        let headerKeys = Set(header.map(PersianText.compactKey))
        for column in overrides.keys where !headerKeys.contains(PersianText.compactKey(column)) {
            throw ValidationError(field: "map", reason: "the file has no column named '\(column)'", code: "import.noColumn", params: ["value": column])
        }
        var targets: [Target] = []
        var ignored: [String] = []
        for column in header {
            let key = PersianText.compactKey(column)
            if let explicit = overrideByKey[key] {
                if explicit == "ignore" { targets.append(.ignore); continue }
                if explicit.hasPrefix("custom:"), explicit.count > 7 { targets.append(.custom(String(explicit.dropFirst(7)))); continue }
                guard Self.fields.contains(explicit) else {
                    throw ValidationError(field: "map", reason: "unknown field '\(explicit)'; use one of \(Self.fields.joined(separator: ", ")), custom:NAME or ignore", code: "import.unknownField", params: ["value": explicit])
                }
                targets.append(.field(explicit))
            } else if let field = lookup[key] {
                targets.append(.field(field))
            } else {
                targets.append(.ignore)
                if !column.isEmpty { ignored.append(column) }
            }
        }
        // Persian forms say نام (name) beside نام خانوادگی (family name) meaning the given name.
        let mapped = targets.compactMap { if case .field(let f) = $0 { f } else { nil } }
        if mapped.contains("familyName"), !mapped.contains("givenName"), let i = targets.firstIndex(of: .field("name")),
           overrideByKey[PersianText.compactKey(header[i])] == nil {
            targets[i] = .field("givenName")
        }
        guard targets.contains(where: { if case .field(let f) = $0 { return ["name", "givenName", "familyName"].contains(f) } else { return false } }) else {
            throw ValidationError(field: "map", reason: "no column gives the customer's name; map one with --map COLUMN=name", code: "import.noName")
        }
        self.targets = targets
        self.ignoredHeaders = ignored
    }

    /// Whether some column fills `field`.
    public func maps(_ field: String) -> Bool { targets.contains(.field(field)) }

    /// The customer input a row describes.
    public func input(_ cells: [String]) -> CustomerInput {
        var input = CustomerInput()
        for (target, raw) in zip(targets, cells) {
            let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            switch target {
            case .ignore: continue
            case .custom(let name): if !value.isEmpty { input.customFields[name] = value }
            case .field(let field):
                switch field {
                case "name": input.name = value
                case "givenName": input.givenName = value
                case "familyName": input.familyName = value
                case "phones": input.phones += Self.split(value)
                case "emails": input.emails += Self.split(value)
                case "city": input.city = value
                case "stage": input.stage = value.isEmpty ? nil : value
                case "tags": input.tags += value.split(whereSeparator: { $0 == "," || $0 == "،" || $0 == ";" }).map(String.init)
                case "kind": input.kind = value.isEmpty ? nil : value
                case "jobTitle": input.jobTitle = value
                case "preferredChannel": input.preferredChannel = value.isEmpty ? nil : value
                case "ownerId": input.ownerId = value
                case "organisationId": input.organisationId = value
                default:
                    if field.hasPrefix("consent_") {
                        let yes = ["1", "true", "yes", "y", "بله", "آری", "x", "✓"].contains(PersianText.searchKey(value))
                        input.consents[String(field.dropFirst(8))] = yes
                    }
                }
            }
        }
        return input
    }

    static func split(_ value: String) -> [String] {
        value.split(whereSeparator: { $0 == ";" || $0 == "/" || $0 == "،" || $0 == "|" || $0 == "\n" }).map(String.init)
    }
}
