import Foundation
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

/// A running import must not fail anyone else: it writes in short chunks, so reads, writes and
/// logins go on between them.
@Suite struct ImportConcurrencyTests {
    @Test("while an import of 8,000 rows runs, every read, write and login of others succeeds")
    func importDoesNotFailOthers() async throws {
        try await TestApp.with { app, client in
            var csv = "name,mobile,city\n"
            for n in 1...8_000 { csv += "مشتری \(n),0935\(String(format: "%07d", n)),یزد\n" }
            let path = NSTemporaryDirectory() + "busy-import-\(UUID().uuidString).csv"
            try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let handle = try #require(FileHandle(forReadingAtPath: path))
            let importer = CustomerImporter(app.database)
            let principal = app.admin.principal
            let running = Task { try await importer.run(file: handle, options: ImportOptions(), by: principal) }
            var failures: [String] = []
            var sent = 0
            for n in 0..<40 {
                let me = try await client.send(.get, "/api/v1/me", headers: app.auth)
                let created = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"هم‌زمان \#(n)"}"#)
                let login = try await client.send(.post, "/api/v1/auth/token",
                                                  json: #"{"email":"admin@example.test","password":"correct horse battery"}"#)
                sent += 3
                for (what, response, want) in [("me", me, 200), ("create", created, 201), ("login", login, 201)] where response.status.code != want {
                    failures.append("\(what) \(n): \(response.status.code) \(response.text.prefix(120))")
                }
            }
            let report = try await running.value
            #expect(report.committed && report.created == 8_000)
            #expect(failures.isEmpty, "\(failures.count) of \(sent) requests failed: \(failures.prefix(5))")
        }
    }
}
