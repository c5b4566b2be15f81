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
        } catch let failed as FailedRequest {
            return answer(failed.error, request, failed.context)
        } catch {
            return answer(error, request, context)
        }
    }

    func answer(_ error: any Error, _ request: Request, _ context: Context) -> Response {
        let problem = Problem.from(error)
        if problem.status == 503 {
            context.logger.warning("busy", metadata: ["path": .string(request.uri.path)])
        } else if problem.status >= 500 {
            context.logger.error("request failed", metadata: ["path": .string(request.uri.path), "error": .string("\(error)")])
        }
        if problem.status >= 400, problem.status < 500, problem.status != 404 {
            context.logger.info("client error", metadata: ["path": .string(request.uri.path), "status": .stringConvertible(problem.status)])
        }
        if Self.isAPI(request.uri.path) { return problem.said(in: context.language, by: views).response() }
        if problem.status == 401 {
            let next = request.uri.path == "/" ? "" : "?next=" + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            return .redirect("/login" + next)
        }
        let key: String = switch problem.status {
        case 403: "error_forbidden"
        case 404: "error_not_found"
        case 409: "error_conflict"
        case 413: "error_too_large"
        case 503: "error_busy"
        case 400..<500: "error_bad_request"
        default: "error_internal"
        }
        let model = ErrorPageModel(errorTitle: views.t(key, context), errorDetail: detail(problem, key: key, context))
        var response = views.page("error-page", request, context, title: model.errorTitle, status: .init(code: problem.status), model: model)
        if let retryAfter = problem.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        if let allow = problem.allow { response.headers[.allow] = allow.joined(separator: ", ") }
        return response
    }

    /// What went wrong, in the reader's language: field problems from their codes; the problem's
    /// own words when they are in the page's language (a Persian page never shows English); else
    /// the catalog's explanation of the status.
    func detail(_ problem: Problem, key: String, _ context: Context) -> String {
        if problem.status >= 500 || problem.status == 413 { return views.t(key + "_detail", context) }
        if let errors = problem.errors, !errors.isEmpty {
            return errors.map { views.issueText($0, context.language) }.joined(separator: context.language == .fa ? "؛ " : "; ")
        }
        let english = problem.detail.unicodeScalars.contains { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        return context.language == .fa && english ? views.t(key + "_detail", context) : problem.detail
    }

    static func isAPI(_ path: String) -> Bool { path.hasPrefix("/api/") || path == "/api" || path == "/health" || path == "/metrics" }
}
