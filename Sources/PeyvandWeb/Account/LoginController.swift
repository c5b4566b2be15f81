import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/login` and `/logout`. The login form is protected from cross-site posts by a double-submit
/// token (a cookie that must match a hidden field); the session cookie is HttpOnly and SameSite.
struct LoginController {
    let views: Views
    let users: UserRepository
    let sessions: SessionRepository
    let throttle: LoginThrottle
    let secureCookies: Bool

    static let loginCsrfCookie = "peyvand_login_csrf"

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("login", use: show)
        router.post("login", use: submit)
        router.post("logout", use: logout)
        router.post("language", use: language)
    }

    /// Stores the chosen language: in this browser's cookie, and on the signed-in user (so other
    /// devices follow). A POST with the session's CSRF token; `?lang=` on a GET only shows a page.
    @Sendable func language(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form: FormData
        if context.user != nil {
            form = try await FormData.read(request, context, csrf: context.csrf)
        } else {
            form = FormData(String(buffer: try await request.body.collect(upTo: context.maxUploadSize)))
        }
        guard let lang = form["lang"].flatMap(Language.init(rawValue:)) else {
            throw Problem.badRequest("lang must be fa or en", field: "lang")
        }
        if let user = context.user, user.language != lang {
            try await users.setLanguage(lang, userId: user.id)
            if let secret = context.sessionSecret { sessions.forget(secret) }
        }
        let next = Self.safeNext(form["next"] ?? "")
        var response = Response.redirect(next.isEmpty ? "/" : next)
        response.setCookie(Cookie(name: AuthMiddleware.languageCookie, value: lang.rawValue, maxAge: 365 * 86400, path: "/",
                                  secure: secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        if context.user != nil { return .redirect("/") }
        return form(request, context, email: "", next: request.uri.queryParameters.get("next") ?? "", error: nil, status: .ok)
    }

    private func form(_ request: Request, _ context: AppRequestContext, email: String, next: String, error: String?, status: HTTPResponse.Status) -> Response {
        let token = Secrets.token(prefix: "")
        var response = views.page("login", request, context, title: views.t("login_title", context), status: status,
                                  model: LoginModel(loginCsrf: token, email: email, next: Self.safeNext(next), formError: error))
        response.setCookie(Cookie(name: Self.loginCsrfCookie, value: token, path: "/login", secure: secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: request.cookies[Self.loginCsrfCookie]?.value)
        let email = form["email"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let password = form["password"] ?? ""
        let next = form["next"] ?? ""
        if let wait = try await throttle.begin(email: email, ip: context.clientAddress) {
            let minutes = max(1, (wait + 59) / 60)
            let message = views.t("login_throttled", context).replacingOccurrences(of: "{minutes}", with: views.formatting.number(minutes, context.language))
            return self.form(request, context, email: email, next: next, error: message, status: .tooManyRequests)
        }
        guard !email.isEmpty, !password.isEmpty, let user = try await users.authenticate(email: email, password: password) else {
            return self.form(request, context, email: email, next: next, error: views.t("login_failed", context), status: .unauthorized)
        }
        try await throttle.succeeded(email: email, ip: context.clientAddress)
        let session = try await sessions.create(userId: user.id)
        var response = Response.redirect(Self.safeNext(next).isEmpty ? "/" : Self.safeNext(next))
        response.setCookie(Cookie(name: AuthMiddleware.sessionCookie, value: session.secret, maxAge: Int(SessionRepository.lifetime / 1000),
                                  path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let secret = context.sessionSecret {
            _ = try await FormData.read(request, context, csrf: context.csrf)
            try await sessions.delete(secret)
        }
        var response = Response.redirect("/login")
        response.setCookie(Cookie(name: AuthMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    /// Only local paths, so a crafted link cannot send a user elsewhere after login. Control
    /// characters (which browsers drop: `/\t/evil.example` is read as `//evil.example`) are removed
    /// first; then the text must parse as a path alone — no scheme, no host — whose first segment
    /// is not empty, with no backslash (which browsers read as a slash).
    static func safeNext(_ next: String) -> String {
        guard next.utf8.count < 2000 else { return "" }
        let decoded = next.removingPercentEncoding ?? next
        let cleaned = String(String.UnicodeScalarView(decoded.unicodeScalars.filter {
            $0.properties.generalCategory != .control && $0.properties.generalCategory != .format && !$0.properties.isWhitespace
        }))
        guard cleaned.hasPrefix("/"), !cleaned.contains("\\"), cleaned.count < 500,
              let components = URLComponents(string: cleaned), components.scheme == nil, components.host == nil,
              let first = components.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().first, !first.isEmpty
        else { return "" }
        return cleaned
    }
}
