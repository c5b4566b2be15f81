import Foundation
import Hummingbird
import PeyvandStore
import Prometheus

/// `/health` (is the database answering?), `/metrics` (Prometheus text) and the OpenAPI document.
/// `/metrics` is served only when a metrics token is configured, and only to a caller sending it
/// as `Authorization: Bearer <token>`: 404 without a configured token, 401 without the right one.
struct SystemRoutes {
    let database: Database
    let metrics: PrometheusCollectorRegistry
    let metricsToken: String?

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("health") { _, _ -> Response in
            do {
                try await database.ping()
                return try JSONResponse.make(["status": "ok", "database": "ok"])
            } catch {
                return try JSONResponse.make(["status": "unavailable", "database": "unreachable"], status: .serviceUnavailable)
            }
        }
        let expected = metricsToken.map { Array("Bearer \($0)".utf8) }
        router.get("metrics") { request, _ -> Response in
            guard let expected else {
                throw Problem(.notFound, "not-found", "Not found", detail: "metrics are not served: start with --metrics-token-file or PEYVAND_METRICS_TOKEN")
            }
            guard let given = request.headers[.authorization], Self.constantTimeEqual(Array(given.utf8), expected) else {
                var problem = Problem(.unauthorized, "unauthorized", "Authentication required",
                                      detail: "send Authorization: Bearer <metrics token>")
                problem.wwwAuthenticate = "Bearer realm=\"metrics\""
                throw problem
            }
            var buffer: [UInt8] = []
            metrics.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
        let openAPI = (try? Data(contentsOf: Views.resources.appendingPathComponent("openapi.yaml"))) ?? Data()
        router.get("api/openapi.yaml") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: openAPI)))
        }
    }

    /// Equal without an early exit, so the time taken does not say how much of a guess was right.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for i in 0..<max(a.count, b.count) {
            difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 1)
        }
        return difference == 0 && a.count == b.count
    }
}
