import Foundation
import Hummingbird
import PeyvandStore
import Prometheus

/// `/health` (is the database answering?), `/metrics` (Prometheus text) and the OpenAPI document.
struct SystemRoutes {
    let database: Database
    let metrics: PrometheusCollectorRegistry

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("health") { _, _ -> Response in
            do {
                try await database.ping()
                return try JSONResponse.make(["status": "ok", "database": "ok"])
            } catch {
                return try JSONResponse.make(["status": "unavailable", "database": "unreachable"], status: .serviceUnavailable)
            }
        }
        router.get("metrics") { _, _ -> Response in
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
}
