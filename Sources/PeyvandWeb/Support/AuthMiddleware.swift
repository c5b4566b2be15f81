import Hummingbird
import PeyvandCore
import PeyvandStore

/// Identifies the caller: a bearer token (API) or a session cookie (browser). Also settles the
/// language of the answer: `?lang=` (remembered in this browser's cookie), then the cookie, then
/// the user's own setting, then Persian. A GET never changes what is stored on the user: that is
/// `POST /language`. An API write authenticated by the session cookie must come from this site
/// (``CrossSiteCheck``).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let tokens: TokenRepository
    let sessions: SessionRepository
    let secureCookies: Bool

    static let sessionCookie = "peyvand_session"
    static let languageCookie = "peyvand_lang"
    static let moneyCookie = "peyvand_money"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        // `/metrics` checks its own bearer token (the metrics token, not a user's).
        if request.uri.path == "/metrics" { return try await next(request, context) }
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer",
                  let user = try await tokens.authenticate(String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
                throw Problem(.unauthorized, "unauthorized", "Authentication required", detail: "the bearer token is unknown, revoked or malformed")
            }
            context.user = user
            context.language = user.language
        } else if let secret = request.cookies[Self.sessionCookie].map({ String($0.value) }), let session = try await sessions.find(secret) {
            context.user = session.user
            context.csrf = session.csrf
            context.sessionSecret = secret
            context.language = session.user.language
        }

        if context.sessionSecret != nil, ErrorMiddleware.isAPI(request.uri.path) {
            try CrossSiteCheck.require(request, csrf: context.csrf)
        }
        let requested = request.uri.queryParameters.get("lang").flatMap(Language.init(rawValue:))
        if let cookie = request.cookies[Self.languageCookie].flatMap({ Language(rawValue: String($0.value)) }) {
            context.language = cookie
        }
        if let requested { context.language = requested }
        let money = request.uri.queryParameters.get("money").flatMap { $0 == "toman" || $0 == "rial" ? String($0) : nil }
        context.toman = (money ?? request.cookies[Self.moneyCookie].map { String($0.value) }) == "toman"
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // The error page or problem is answered outside this middleware: it needs to know who
            // asked and in which language. Under /static/ the file middleware (outside this one)
            // answers a route's 404 with the file, so that error passes as it is.
            if request.uri.path.hasPrefix("/static/") { throw error }
            throw FailedRequest(error: error, context: context)
        }
        if let money {
            response.setCookie(Cookie(name: Self.moneyCookie, value: money, maxAge: 365 * 86400, path: "/",
                                      secure: secureCookies, httpOnly: true, sameSite: .lax))
        }
        if let requested {
            response.setCookie(Cookie(name: Self.languageCookie, value: requested.rawValue, maxAge: 365 * 86400, path: "/",
                                      secure: secureCookies, httpOnly: true, sameSite: .lax))
        }
        return response
    }
}

/// Refuses API requests without a signed-in caller (401, problem+json).
struct RequireUser: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard context.user != nil else { throw HTTPError(.unauthorized) }
        return try await next(request, context)
    }
}

/// An error thrown while answering, with the context of who asked (signed-in user, language), so
/// `ErrorMiddleware` answers in their language and with their navigation.
struct FailedRequest: Error {
    let error: any Error
    let context: AppRequestContext
}
