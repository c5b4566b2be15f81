import HTTPTypes
import Hummingbird

/// Adds `Referrer-Policy` and `X-Content-Type-Options` to every answer: API, pages, redirects,
/// static files and errors. It is the outermost middleware, so it also sees what
/// `ErrorMiddleware` made of an error, and turns anything that still escapes into a bare 500
/// that carries the headers too.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var referrerPolicy: HTTPField.Name { HTTPField.Name("Referrer-Policy")! }
    static var contentTypeOptions: HTTPField.Name { HTTPField.Name("X-Content-Type-Options")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            response = Response(status: .internalServerError)
        }
        // A page may ask for a stricter policy (the password-reset link carries a secret).
        if response.headers[Self.referrerPolicy] == nil { response.headers[Self.referrerPolicy] = "same-origin" }
        response.headers[Self.contentTypeOptions] = "nosniff"
        return response
    }
}
