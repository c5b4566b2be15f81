import Foundation
import Hummingbird
import PeyvandStore
import PeyvandWeb
import Prometheus
import Testing

@Suite("Contracts: OpenAPI document and string catalogs")
struct ContractTests {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/PeyvandWeb/Resources")

    /// `METHOD /path/{param}` for every operation in openapi.yaml.
    static func documentedOperations() throws -> Set<String> {
        let text = try String(contentsOf: resources.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        var operations: Set<String> = []
        var path: String?
        var inPaths = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("paths:") { inPaths = true; continue }
            if inPaths, let first = line.first, first != " " { inPaths = false }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") { path = String(line.dropFirst(2).dropLast()) }
            for method in ["get", "post", "put", "patch", "delete"] where line == "    \(method):" {
                if let path { operations.insert("\(method.uppercased()) \(path)") }
            }
        }
        return operations
    }

    @Test("every API route is described in the OpenAPI document, and nothing else")
    func openAPICoversEveryRoute() async throws {
        let path = NSTemporaryDirectory() + "peyvand-contract-\(UUID().uuidString).sqlite"
        let database = try Database.open("sqlite:\(path)")
        let router = try await buildRouter(configuration: .init(), database: database, metrics: PrometheusCollectorRegistry())
        try await database.shutdown()
        let routes = Set(router.routes.compactMap { route -> String? in
            let p = route.path.description
            guard p.hasPrefix("/api/") || p == "/health" || p == "/metrics" else { return nil }
            let openAPIPath = p.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            return "\(route.method.rawValue) /\(openAPIPath)"
        })
        let documented = try Self.documentedOperations()
        #expect(routes.count >= 14)
        #expect(routes.subtracting(documented).isEmpty, "routes missing from openapi.yaml: \(routes.subtracting(documented).sorted())")
        #expect(documented.subtracting(routes).isEmpty, "documented but not served: \(documented.subtracting(routes).sorted())")
    }

    @Test("fa and en catalogs have the same keys, and every key a template uses exists")
    func catalogs() throws {
        func keys(_ lang: String) throws -> Set<String> {
            let data = try Data(contentsOf: Self.resources.appendingPathComponent("i18n/\(lang).json"))
            return Set(try JSONDecoder().decode([String: String].self, from: data).keys)
        }
        let fa = try keys("fa"), en = try keys("en")
        #expect(fa.subtracting(en).isEmpty, "only in fa: \(fa.subtracting(en).sorted())")
        #expect(en.subtracting(fa).isEmpty, "only in en: \(en.subtracting(fa).sorted())")
        let templates = try FileManager.default.contentsOfDirectory(atPath: Self.resources.appendingPathComponent("templates").path)
        var used: Set<String> = []
        for file in templates {
            let text = try String(contentsOf: Self.resources.appendingPathComponent("templates/\(file)"), encoding: .utf8)
            var rest = Substring(text)
            while let r = rest.range(of: "{{t.") {
                let key = rest[r.upperBound...].prefix { $0 != "}" }
                used.insert(String(key))
                rest = rest[r.upperBound...]
            }
        }
        #expect(!used.isEmpty)
        #expect(used.subtracting(fa).isEmpty, "template keys missing from the catalogs: \(used.subtracting(fa).sorted())")
    }
}
