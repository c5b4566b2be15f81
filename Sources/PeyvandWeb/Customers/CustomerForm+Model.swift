import Foundation
import PeyvandCore
import PeyvandStore

/// What the customer form (`customer-form.mustache`, new and edit) renders: what was typed, the
/// choices, each field's problem beside it, and the possible duplicates when saving found some.
struct CustomerFormModel {
    /// Each field's problem, one property a field of the form (`field-error.mustache` shows it).
    struct Errors {
        let kind: FieldError?, name: FieldError?, givenName: FieldError?, familyName: FieldError?, phones: FieldError?
        let emails: FieldError?, organisationId: FieldError?, jobTitle: FieldError?, city: FieldError?, stage: FieldError?
        let ownerId: FieldError?, preferredChannel: FieldError?, tags: FieldError?, consents: FieldError?, customFields: FieldError?

        init(_ e: [String: FieldError]) {
            kind = e["kind"]; name = e["name"]; givenName = e["givenName"]; familyName = e["familyName"]; phones = e["phones"]
            emails = e["emails"]; organisationId = e["organisationId"]; jobTitle = e["jobTitle"]; city = e["city"]; stage = e["stage"]
            ownerId = e["ownerId"]; preferredChannel = e["preferredChannel"]; tags = e["tags"]; consents = e["consents"]
            customFields = e["customFields"]
        }
    }
    struct Values {
        let name: String, givenName: String, familyName: String, phones: String, emails: String, city: String, tags: String
        let organisationId: String, jobTitle: String, customFields: String
    }
    struct Phone { let text: String, href: String }
    struct Duplicate { let id: Int64, name: String, phones: [Phone], reasons: String }

    let formTitle: String
    let formError: String?
    let action: String
    let cancelHref: String
    let version: Int
    let errors: Errors
    let v: Values
    let kinds: [Choice]
    let stages: [Choice]
    let channels: [Choice]
    let consents: [Choice]
    let duplicates: [Duplicate]
    let owners: [Choice]
}

extension CustomerFormModel {
    init(input: CustomerInput, customerId: Int64?, version: Int, issues: [FieldIssue], formError: String?, duplicates: [DuplicatePair],
         staff: [User], text x: PageText) {
        formTitle = x.t(customerId == nil ? "customer_new" : "customer_edit")
        self.formError = formError ?? (issues.isEmpty ? nil : x.t("form_has_errors"))
        action = customerId.map { "/customers/\($0)" } ?? "/customers"
        cancelHref = action
        self.version = version
        errors = Errors(x.fieldErrorMap(issues))
        v = Values(
            name: input.name ?? "", givenName: input.givenName ?? "", familyName: input.familyName ?? "",
            phones: input.phones.joined(separator: "\n"), emails: input.emails.joined(separator: "\n"), city: input.city ?? "",
            tags: input.tags.joined(separator: ", "), organisationId: input.organisationId ?? "", jobTitle: input.jobTitle ?? "",
            customFields: input.customFields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n"))
        kinds = CustomerKind.allCases.map { x.choice($0.rawValue, "kind", selected: $0.rawValue == (input.kind ?? "person")) }
        stages = LifecycleStage.allCases.map { x.choice($0.rawValue, "stage", selected: $0.rawValue == (input.stage ?? "prospect")) }
        channels = ContactChannel.allCases.map { x.choice($0.rawValue, "channel", selected: $0.rawValue == (input.preferredChannel ?? "")) }
        consents = Consents.channels.map { x.choice($0, "channel", selected: input.consents[$0] ?? false) }
        self.duplicates = duplicates.map {
            Duplicate(id: $0.second.id, name: $0.second.fields.name, phones: $0.second.fields.phones.map { Phone(text: x.phone($0), href: x.phoneLink($0)) },
                      reasons: $0.reasons.map { x.label("dupreason", $0) }.joined(separator: x.lang == .fa ? "، " : ", "))
        }
        owners = staff.filter(\.active).map { Choice(value: String($0.id), label: $0.name, selected: String($0.id) == input.ownerId) }
    }
}
