/// What the sign-in page (`login.mustache`) renders: the form with its double-submit token, the
/// address as typed, where to go after, and why signing in failed.
struct LoginModel {
    let loginCsrf: String
    let email: String
    let next: String
    let formError: String?
    let bodyClass = "login"
}
