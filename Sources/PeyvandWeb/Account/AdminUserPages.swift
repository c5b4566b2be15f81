import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/admin/users`: administrators list staff and add them; `/admin/users/{id}` changes one
/// account (role, deactivate/reactivate, reset link, forced sign-out) and lists its sessions,
/// tokens and history. The store refuses everyone else (403). Actions: `AdminUserPages+Actions`.
struct AdminUserPages {
    let views: Views
    let users: UserRepository
    let lifecycle: UserLifecycle
    let resets: PasswordResets
    let extensions: StaffExtensions

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("admin/users", use: index)
        group.post("admin/users", use: create)
        group.get("admin/users/:id", use: show)
        group.post("admin/users/:id/role", use: setRole)
        group.post("admin/users/:id/active", use: setActive)
        group.post("admin/users/:id/password-reset", use: passwordReset)
        group.post("admin/users/:id/sign-out", use: signOut)
        group.post("admin/users/:id/unlock", use: unlock)
        group.post("admin/users/:id/extension", use: setExtension)
        group.post("admin/users/:id/tokens/:tokenId/revoke", use: revokeToken)
    }

    /// What the add-user form shows again after an error (never the password).
    struct NewUserForm {
        var email = "", name = "", role = Role.salesRep.rawValue, language = Language.fa.rawValue
    }

    @Sendable func index(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await list(request, context, form: NewUserForm(), errors: [])
    }

    func list(_ request: Request, _ context: AppRequestContext, form: NewUserForm, errors: [FieldError],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let after = FormData.query(request).get("after").flatMap(Cursor.decode)
        let page = try await lifecycle.list(after: after, limit: 100, by: try context.principal())
        let model = AdminUsersModel(page, form: form, errors: errors, text: text(context))
        return views.page("admin-users", request, context, title: views.t("users_title", context), current: "users", status: status, model: model)
    }

    /// One account's page. `resetLink` is shown once, right after it was made.
    func detail(_ request: Request, _ context: AppRequestContext, id: Int64, resetLink: String? = nil, notice: String? = nil,
                error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let data = try await AdminUserQuery(lifecycle: lifecycle, extensions: extensions).read(id, by: principal)
        let model = AdminUserModel(data, principal: principal, resetLink: resetLink, notice: notice, error: error, text: text(context))
        return views.page("admin-user", request, context, title: data.member.user.name, current: "users", status: status, model: model)
    }

    func text(_ context: AppRequestContext) -> PageText { PageText(views: views, lang: context.language, toman: context.toman) }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await detail(request, context, id: try RouteID.require(context, resource: "user"))
    }
}
