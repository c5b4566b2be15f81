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
        try await page(request, context) { _ in }
    }

    /// The page, after `adjust` has set what the last action left to show.
    private func page(_ request: Request, _ context: AppRequestContext, status: HTTPResponse.Status = .ok,
                      _ adjust: (inout AccountModel) -> Void) async throws -> Response {
        let list = try await tokens.list(userId: try context.principal().userId)
        var model = AccountModel(list, text: text(context))
        adjust(&model)
        return views.page("account", request, context, title: views.t("account_title", context), current: "account", status: status, model: model)
    }

    private func text(_ context: AppRequestContext) -> PageText { PageText(views: views, lang: context.language, toman: context.toman) }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let principal = try context.principal()
        do {
            let issued = try await tokens.create(userId: principal.userId, name: form["name"] ?? "")
            return try await page(request, context) { $0.newToken = issued.secret }
        } catch StoreError.invalid(let error) {
            let x = text(context)
            let errors = error.issues.prefix(1).map { FieldError(field: "name", fieldLabel: x.t("token_name"), message: x.views.issueText($0, x.lang)) }
            return try await page(request, context) { $0.tokenErrors = errors }
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
        if new != form["confirm"] { issues.append(FieldIssue(field: "confirm", reason: "does not match", code: "password.mismatch")) }
        do {
            if issues.isEmpty {
                try await lifecycle.changeOwnPassword(current: form["currentPassword"] ?? "", new: new, by: try context.principal(),
                                                      keepSession: context.sessionSecret)
                let notice = views.t("password_changed", context)
                return try await page(request, context) { $0.passwordNotice = notice }
            }
        } catch StoreError.invalid(let error) {
            issues = error.issues
        }
        let errors = text(context).fieldErrorList(issues) { views.accountIssue($0, context) }
        return try await page(request, context, status: .unprocessableContent) { $0.passwordErrors = errors }
    }
}
