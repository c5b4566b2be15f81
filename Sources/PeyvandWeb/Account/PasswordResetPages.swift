import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/password-reset/<secret>`: the one-time link an administrator made. Whoever opens it sets a new
/// password; all sessions of that user end and the link stops working. Like the login form, it is
/// guarded by a double-submit CSRF cookie (the visitor is not signed in). The secret is in the
/// path, so these pages send no referrer and are never cached.
struct PasswordResetPages {
    let views: Views
    let resets: PasswordResets
    let secureCookies: Bool

    static let csrfCookie = "peyvand_reset_csrf"

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("password-reset/:secret", use: show)
        router.post("password-reset/:secret", use: submit)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let secret = context.parameters.get("secret") ?? ""
        guard let user = try await resets.pending(secret) else { return page(request, context, state: .invalid) }
        return page(request, context, state: .form(email: user.email, issues: []))
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: request.cookies[Self.csrfCookie]?.value)
        let secret = context.parameters.get("secret") ?? ""
        guard let user = try await resets.pending(secret) else { return page(request, context, state: .invalid) }
        let password = form["password"] ?? ""
        guard password == form["confirm"] else {
            let mismatch = FieldIssue(field: "confirm", reason: "does not match", code: "password.mismatch")
            return page(request, context, state: .form(email: user.email, issues: [mismatch]))
        }
        do {
            try await resets.complete(secret, password: password)
        } catch StoreError.invalid(let error) {
            return page(request, context, state: .form(email: user.email, issues: Array(error.issues.prefix(1))))
        } catch StoreError.conflict {
            return page(request, context, state: .invalid)
        }
        return page(request, context, state: .done)
    }

    enum State {
        case form(email: String, issues: [FieldIssue])
        case invalid
        case done
    }

    private func page(_ request: Request, _ context: AppRequestContext, state: State) -> Response {
        let token = Secrets.token(prefix: "")
        var model = PasswordResetModel(resetCsrf: token, action: request.uri.path, passwordHint: views.passwordHint(context))
        var status = HTTPResponse.Status.ok
        switch state {
        case .form(let email, let issues):
            model.showForm = true
            model.email = email
            model.errors = PageText(views: views, lang: context.language, toman: context.toman).fieldErrorList(issues) { views.accountIssue($0, context) }
            if !issues.isEmpty { status = .unprocessableContent }
        case .invalid:
            model.invalid = true
            status = .notFound
        case .done:
            model.done = true
        }
        var response = views.page("password-reset", request, context, title: views.t("reset_title", context), status: status, model: model)
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.setCookie(Cookie(name: Self.csrfCookie, value: token, path: "/password-reset", secure: secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }
}
