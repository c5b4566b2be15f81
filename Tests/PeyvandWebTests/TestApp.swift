import Foundation
import PeyvandTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import PeyvandCore
import PeyvandStore
import PeyvandWeb
import Prometheus

/// A Peyvand application over a fresh SQLite file, with an administrator and their API token.
struct TestApp: Sendable {
    let database: Database
    let admin: User
    let token: String

    /// Tests run on busy machines: a sign-in lock lasts long enough that no test outlasts it by accident.
    static let defaultConfiguration: AppConfiguration = {
        var configuration = AppConfiguration(logLevel: .warning)
        configuration.loginFirstWait = 60_000
        return configuration
    }()

    static func with(configuration: AppConfiguration = TestApp.defaultConfiguration,
                     _ body: @escaping @Sendable (TestApp, any TestClientProtocol) async throws -> Void) async throws {
        FastPasswords.use()
        let path = NSTemporaryDirectory() + "peyvand-web-\(UUID().uuidString).sqlite"
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let database = try Database.open("sqlite:\(path)", logger: logger)
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        do {
            try await Migrator(database).migrate()
            let admin = try await UserRepository(database).create(email: "admin@example.test", name: "Admin", role: .administrator,
                                                                  password: "correct horse battery", language: .en)
            let token = try await TokenRepository(database).create(userId: admin.id, name: "test").secret
            let app = try await buildApplication(configuration: configuration, database: database)
            let testApp = TestApp(database: database, admin: admin, token: token)
            try await app.test(.router) { client in try await body(testApp, client) }
            try await database.shutdown()
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    var auth: HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    func token(for role: Role, email: String) async throws -> (User, String) {
        let user = try await UserRepository(database).create(email: email, name: email, role: role, password: "correct horse battery")
        return (user, try await TokenRepository(database).create(userId: user.id, name: "t").secret)
    }
}

extension TestClientProtocol {
    @discardableResult
    func send(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], json: String? = nil) async throws -> TestResponse {
        try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:] }
}
