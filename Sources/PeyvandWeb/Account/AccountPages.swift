import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/account`: one's own API tokens — create (shown once), list, revoke — and one's password.
struct AccountPages {
    let views: Views
    let tokens: TokenRepository
    let lifecycle: UserLifecycle

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("account", use: show)
        group.post("account/tokens", use: create)
        group.post("account/tokens/:id/revoke", use: revoke)
        group.post("account/password", use: changePassword)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await page(request, context, newToken: nil, error: nil)
    }

    private func page(_ request: Request, _ context: AppRequestContext, newToken: String?, error: String?,
                      passwordNotice: String? = nil, passwordErrors: [String] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let list = try await tokens.list(userId: principal.userId)
        let lang = context.language
        return views.page("account", request, context, title: views.t("account_title", context), current: "account", status: status, [
            "newToken": newToken ?? false, "formError": error ?? false,
            "passwordNotice": passwordNotice ?? false, "passwordErrors": passwordErrors, "passwordHint": views.passwordHint(context),
            "tokens": list.map { t in
                ["id": t.id, "name": t.name, "created": views.formatting.dateTime(t.createdAt, lang),
                 "lastUsed": t.lastUsedAt.map { views.formatting.dateTime($0, lang) } ?? "—", "revoked": t.revokedAt != nil] as [String: Any]
            },
        ])
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let principal = try context.principal()
        do {
            let issued = try await tokens.create(userId: principal.userId, name: form["name"] ?? "")
            return try await page(request, context, newToken: issued.secret, error: nil)
        } catch StoreError.invalid(let error) {
            return try await page(request, context, newToken: nil, error: "\(views.t("token_name", context)): \(error.issues.first?.reason ?? "")")
        }
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await FormData.read(request, context, csrf: context.csrf)
        guard let id = context.parameters.get("id").flatMap({ Int64($0) }) else { throw HTTPError(.notFound) }
        try await tokens.revoke(id: id, userId: try context.principal().userId)
        return .redirect("/account")
    }

    /// Changes one's password (the current one is required); one's other sessions end, this one stays.
    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let new = form["newPassword"] ?? ""
        var issues: [FieldIssue] = []
        if new != form["confirm"] { issues.append(FieldIssue(field: "confirm", reason: "does not match")) }
        do {
            if issues.isEmpty {
                try await lifecycle.changeOwnPassword(current: form["currentPassword"] ?? "", new: new, by: try context.principal(),
                                                      keepSession: context.sessionSecret)
                return try await page(request, context, newToken: nil, error: nil, passwordNotice: views.t("password_changed", context))
            }
        } catch StoreError.invalid(let error) {
            issues = error.issues
        }
        let messages = issues.map { views.accountIssue($0, context) }
        return try await page(request, context, newToken: nil, error: nil, passwordErrors: messages, status: .unprocessableContent)
    }
}
