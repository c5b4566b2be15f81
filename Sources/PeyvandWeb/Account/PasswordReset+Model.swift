/// What the one-time password reset page (`password-reset.mustache`) renders: the form (with its
/// double-submit token and the problems of what was sent), or that the link is used up, or done.
struct PasswordResetModel {
    let resetCsrf: String
    let action: String
    let passwordHint: String
    var invalid = false
    var done = false
    var showForm = false
    var email: String? = nil
    var errors: [FieldError] = []
    let bodyClass = "login"
}
