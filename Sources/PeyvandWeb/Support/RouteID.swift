import Hummingbird

/// The one decoder for ids in route paths: a positive whole number, else 404 naming the resource
/// ("user ids are positive whole numbers").
enum RouteID {
    static func require(_ context: AppRequestContext, _ name: String = "id", resource: String) throws -> Int64 {
        guard let raw = context.parameters.get(name), let id = Int64(raw), id > 0 else {
            throw Problem(.notFound, "not-found", "Not found", detail: "\(resource) ids are positive whole numbers")
        }
        return id
    }
}
