import Hummingbird

/// A known path asked with a method it does not answer is 405 with `Allow` (RFC 9110), not 404:
/// the router alone cannot tell an unknown path from an unknown method. Added to the router after
/// every route, so it runs only for requests no route took, with the finished table of routes.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: [(path: RouterPath, methods: [String])]

    init(routes: [Router<Context>.RouteDescription]) {
        var byPath: [String: (RouterPath, Set<String>)] = [:]
        for route in routes {
            byPath[route.path.description, default: (route.path, [])].1.insert(route.method.rawValue)
        }
        self.routes = byPath.values.map { ($0.0, $0.1.sorted()) }
    }

    /// The methods a path answers, or nil when no route has that path.
    func allowed(for path: String) -> [String]? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        var found: Set<String> = []
        for entry in routes where entry.path.components.count == segments.count {
            if zip(entry.path.components, segments).allSatisfy({ $0.0 ~= $0.1 }) { found.formUnion(entry.methods) }
        }
        return found.isEmpty ? nil : found.sorted()
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allowed = allowed(for: request.uri.path) else { throw error }
            throw Problem.methodNotAllowed(allow: allowed)
        }
    }
}
