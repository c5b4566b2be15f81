import Foundation
import PeyvandCore
import PeyvandStore

/// What the administrators' staff list (`admin-users.mustache`) renders: a page of accounts and
/// the add-user form as typed (never the password), with its problems.
struct AdminUsersModel {
    struct Row { let id: Int64, name: String, email: String, active: Bool, roleLabel: String, lastSignIn: String }
    struct Form { let email: String, name: String }

    let users: [Row]
    let next: String?
    let form: Form
    let roles: [Choice]
    let languages: [Choice]
    let errors: [FieldError]
    let passwordHint: String
}

extension AdminUsersModel {
    init(_ page: Page<StaffMember>, form: AdminUserPages.NewUserForm, errors: [FieldError], text x: PageText) {
        users = page.items.map { m in
            Row(id: m.user.id, name: m.user.name, email: m.user.email, active: m.user.active, roleLabel: x.label("role", m.user.role.rawValue),
                lastSignIn: m.lastSignInAt.map(x.when) ?? "—")
        }
        next = page.next.map { "/admin/users?after=\($0)" }
        self.form = Form(email: form.email, name: form.name)
        roles = Role.allCases.map { x.choice($0.rawValue, "role", selected: $0.rawValue == form.role) }
        languages = Language.allCases.map { Choice(value: $0.rawValue, label: x.t("language_\($0.rawValue)"), selected: $0.rawValue == form.language) }
        self.errors = errors
        passwordHint = x.views.passwordHint(x.lang)
    }
}
