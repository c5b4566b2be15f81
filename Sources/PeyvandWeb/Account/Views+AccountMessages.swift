import PeyvandCore
import PeyvandStore

extension Views {
    /// A staff account form's problem (password rule, wrong current password, email, name) in the
    /// reader's language, with Persian digits in fa.
    func accountIssue(_ issue: FieldIssue, _ context: AppRequestContext) -> String {
        let key = switch issue.field {
        case "password", "newPassword": "user_password_rule"
        case "currentPassword": "user_current_password_wrong"
        case "confirm": "user_password_mismatch"
        case "email": issue.reason.contains("exists") ? "user_email_taken" : "user_email_invalid"
        case "name": "user_name_rule"
        default: "error_bad_request"
        }
        return t(key, context).replacingOccurrences(of: "{min}", with: formatting.number(UserRepository.minimumPasswordLength, context.language))
    }

    /// "At least 10 characters." in the reader's language and digits.
    func passwordHint(_ context: AppRequestContext) -> String {
        t("user_password_hint", context).replacingOccurrences(of: "{min}", with: formatting.number(UserRepository.minimumPasswordLength, context.language))
    }
}
