import Hummingbird
import Logging
import PeyvandCore
import PeyvandStore

/// Turns every error into the answer its caller understands: problem+json under `/api/` (and for
/// `/health` and `/metrics`), an HTML page everywhere else. The API never answers with HTML and the web never
/// with JSON errors. Unexpected errors are logged and shown as 500 without internals.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let views: Views

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem.from(error)
            if problem.status >= 500 {
                context.logger.error("request failed", metadata: ["path": .string(request.uri.path), "error": .string("\(error)")])
            }
            if Self.isAPI(request.uri.path) { return problem.response() }
            if problem.status == 401 {
                let next = request.uri.path == "/" ? "" : "?next=" + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                return .redirect("/login" + next)
            }
            let key: String = switch problem.status {
            case 403: "error_forbidden"
            case 404: "error_not_found"
            case 409: "error_conflict"
            case 400..<500: "error_bad_request"
            default: "error_internal"
            }
            var page = views.page("error", request, context, title: views.t(key, context), status: .init(code: problem.status), [
                "errorTitle": views.t(key, context),
                "errorDetail": problem.status >= 500 ? views.t("error_internal_detail", context) : problem.detail,
            ])
            if let allow = problem.allow { page.headers[.allow] = allow.joined(separator: ", ") }
            return page
        }
    }

    static func isAPI(_ path: String) -> Bool { path.hasPrefix("/api/") || path == "/api" || path == "/health" || path == "/metrics" }
}
