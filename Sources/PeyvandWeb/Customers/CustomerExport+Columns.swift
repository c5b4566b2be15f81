import Foundation
import PeyvandAnalytics
import PeyvandCore
import PeyvandExchange
import PeyvandStore

/// How `/customers/export.csv` writes its columns. For a person (the default): headers in the
/// reader's language, stage, kind and channel labels, yes/no, owners by name, custom fields by
/// their label, the RFM and behavioural segments of the latest scoring, dates in the reader's calendar (Jalali in fa, Gregorian in en) in the server's
/// time zone (or ISO 8601 with `dates=iso`). For a machine (`headers=machine`): the columns of
/// `peyvand export`, which the import reads back (codes, E.164, RFC 3339).
///
/// Phones are written the same way in every cell so a spreadsheet keeps them as text: for a
/// person, the form dialled in Iran (`0912 345 6789`; `00…` for foreign numbers), for a machine
/// E.164 (`+989123456789`), several joined by `; `. Digits stay Latin in the file, so the
/// spreadsheet sorts and filters them.
struct CustomerExportColumns: Sendable {
    let machine: Bool
    let isoDates: Bool
    let lang: Language
    let views: Views
    let owners: [Int64: String]

    init(params: FormData, lang: Language, views: Views, owners: [Int64: String]) {
        machine = params.get("headers") == "machine"
        isoDates = machine || params.get("dates") == "iso"
        self.lang = lang
        self.views = views
        self.owners = owners
    }

    private func t(_ key: String) -> String { views.catalogs.text(key, lang) }
    private func label(_ group: String, _ value: String) -> String { views.catalogs.label(group, value, lang) }

    var header: [String] {
        guard !machine else { return CustomerFormats.csvHeader }
        let consent = t("field_consents")
        var cells: [String] = [t("export_id"), t("field_kind"), t("field_name"), t("field_givenName"), t("field_familyName"), t("field_phones"),
                               t("field_emails"), t("field_city"), t("field_stage"), t("field_rfm"), t("field_behaviour"), t("field_owner"),
                               t("field_tags"), t("field_preferredChannel")]
        for channel in Consents.channels { cells.append(consent + ": " + label("channel", channel)) }
        cells += [t("field_jobTitle"), t("field_organisationId"), t("field_customFields"), t("field_createdAt"), t("field_updatedAt"),
                  t("field_deletedAt")]
        return cells
    }

    /// A customer's row; `segment`: their RFM and behavioural segment, when they were scored.
    func row(_ c: Customer, segment: (rfm: RFMSegment, behaviour: Int?)? = nil) -> [String] {
        guard !machine else { return CustomerFormats.csvRow(c) }
        let f = c.fields
        let separator = lang == .fa ? "، " : ", "
        var cells: [String] = [String(c.id), label("kind", f.kind.rawValue), f.name, f.givenName ?? "", f.familyName ?? ""]
        cells.append(f.phones.map(Self.dialled).joined(separator: "; "))
        cells.append(f.emails.joined(separator: "; "))
        cells.append(f.city ?? "")
        cells.append(label("stage", f.stage.rawValue))
        cells.append(segment.map { label("rfmseg", $0.rfm.rawValue) } ?? "")
        cells.append(segment?.behaviour.map { t("export_behaviour_segment") + " " + String($0) } ?? "")
        cells.append(f.ownerId.map { owners[$0] ?? String($0) } ?? "")
        cells.append(f.tags.joined(separator: separator))
        cells.append(f.preferredChannel.map { label("channel", $0.rawValue) } ?? "")
        for channel in Consents.channels { cells.append(t(f.consents[channel] ? "export_yes" : "export_no")) }
        cells.append(f.jobTitle ?? "")
        cells.append(f.organisationId.map(String.init) ?? "")
        let custom: [String] = f.customFields.sorted { $0.key < $1.key }.map { entry in
            Self.customFieldLabel(entry.key, views: views, lang: lang) + ": " + entry.value
        }
        cells.append(custom.joined(separator: "; "))
        cells += [date(c.createdAt), date(c.updatedAt), c.deletedAt.map(date) ?? ""]
        return cells
    }

    /// The file's name: `customers.csv` for a machine, the list's name in the reader's language for a person.
    var filename: String { machine ? "customers.csv" : "customers-\(lang.rawValue).csv" }

    private func date(_ d: Date) -> String {
        if isoDates { return CivilTime.rfc3339(d) }
        let zone = views.formatting.timeZone
        let local = CivilTime(d, offsetSeconds: zone.secondsFromGMT(for: d))
        switch lang {
        case .fa: return JalaliDate(d, timeZone: zone).formatted(.numeric, digits: .latin) + " " + local.timeString
        case .en: return local.dateString + " " + local.timeString
        }
    }

    /// A stored phone as dialled in Iran: national for Iranian numbers, `00` and the country code
    /// for others; never starting with `+`, so a spreadsheet reads every one as text.
    static func dialled(_ stored: String) -> String {
        guard let phone = try? PhoneNumber(parsing: stored) else { return stored }
        return phone.e164.hasPrefix("+98") ? phone.formatted(language: "en") : "00" + phone.e164.dropFirst()
    }

    /// A custom field's name as a person reads it: the catalog's `customfield_<key>` when it has one.
    static func customFieldLabel(_ key: String, views: Views, lang: Language) -> String {
        let catalogKey = "customfield_" + key
        let text = views.catalogs.text(catalogKey, lang)
        return text == catalogKey ? key : text
    }
}
