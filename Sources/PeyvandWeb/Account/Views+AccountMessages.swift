import PeyvandCore
import PeyvandStore

extension Views {
    /// A staff account form's problem (password rule, wrong current password, email, name) in the
    /// reader's language, with Persian digits in fa: a whole sentence naming the field, as these
    /// forms list their problems above the fields; another field's problem as `issueText` says it.
    func accountIssue(_ issue: FieldIssue, _ context: AppRequestContext) -> String {
        let key: String? = switch issue.field {
        case "password", "newPassword": "user_password_rule"
        case "currentPassword": "user_current_password_wrong"
        case "confirm": "user_password_mismatch"
        case "email": issue.reason.contains("exists") || issue.code?.hasSuffix("taken") == true ? "user_email_taken" : "user_email_invalid"
        case "name": "user_name_rule"
        default: nil
        }
        guard let key else { return issue.code == nil ? t("error_bad_request", context) : issueText(issue, context.language) }
        return t(key, context).replacingOccurrences(of: "{min}", with: formatting.number(UserRepository.minimumPasswordLength, context.language))
    }

    /// "At least 10 characters." in the reader's language and digits.
    func passwordHint(_ context: AppRequestContext) -> String { passwordHint(context.language) }

    func passwordHint(_ lang: Language) -> String {
        catalogs.text("user_password_hint", lang)
            .replacingOccurrences(of: "{min}", with: formatting.number(UserRepository.minimumPasswordLength, lang))
    }
}
