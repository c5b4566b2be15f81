import Foundation
import PeyvandCore
@testable import PeyvandStore
import PeyvandTestSupport
import Testing

/// Imports write in chunks (short transactions) yet store all of their rows or none.
@Suite("Imports in chunks, all or nothing")
struct ImportChunkTests {
    static func rows(_ count: Int, badOwnerAt bad: Int? = nil) -> String {
        var csv = "name,mobile,owner\n"
        for n in 1...count {
            csv += "مشتری \(n),0912\(String(format: "%07d", n)),\(n == bad ? "999999" : "")\n"
        }
        return csv
    }

    static func count(_ db: Database, _ table: String) async throws -> Int {
        try await db.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test("an import that fails after some chunks were committed is taken back whole", arguments: TestDatabase.kinds)
    func failedHalfWay(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let file = try ImportTests.file(Self.rows(1_600, badOwnerAt: 1_300))
            await #expect(throws: StoreError.self) {
                _ = try await CustomerImporter(db).run(file: file, options: ImportOptions(skipInvalid: true), by: admin)
            }
            #expect(try await Self.count(db, "customers") == 0)
            #expect(try await Self.count(db, "customer_keys") == 0)
            #expect(try await Self.count(db, "import_undo") == 0)
            let state = try await db.sql.raw("SELECT state FROM import_runs").first()?.decode(column: "state", as: String.self)
            #expect(state == "undone")
        }
    }

    @Test("a good import commits every chunk and keeps no undo record", arguments: TestDatabase.kinds)
    func committed(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let report = try await CustomerImporter(db).run(file: try ImportTests.file(Self.rows(1_200)), options: ImportOptions(), by: admin)
            #expect(report.committed && report.created == 1_200)
            #expect(try await Self.count(db, "customers") == 1_200)
            #expect(try await Self.count(db, "import_undo") == 0)
        }
    }

    @Test("an import whose process died is taken back at the next start", arguments: TestDatabase.kinds)
    func abandoned(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let journal = try await ImportJournal.begin(db, kind: "customers", by: admin)
            let fields = try CustomerInput(name: "نیمه‌کاره", phones: ["09120000001"]).validated()
            try await db.transaction { sql in
                let ids = try await CustomerRepository.insertRows(sql, [(fields, Date())], by: admin)
                try await journal.created(sql, "customer", ids)
            }
            #expect(try await Self.count(db, "customers") == 1)
            try await db.recoverAbandonedImports()
            #expect(try await Self.count(db, "customers") == 1, "a run with a fresh heartbeat may still be alive")
            let old = Clock.nowMillis() - ImportJournal.abandonedAfter - 1_000
            try await db.transaction { sql in try await sql.raw("UPDATE import_runs SET heartbeat_at = \(bind: old)").run() }
            try await db.recoverAbandonedImports()
            #expect(try await Self.count(db, "customers") == 0)
        }
    }

    @Test("a dry run writes nothing, not even an import record", arguments: TestDatabase.kinds)
    func previewReadsOnly(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let report = try await CustomerImporter(db).run(file: try ImportTests.file(Self.rows(700)), options: ImportOptions(dryRun: true), by: admin)
            #expect(report.created == 700 && !report.committed)
            #expect(try await Self.count(db, "customers") == 0)
            #expect(try await Self.count(db, "import_runs") == 0)
        }
    }
}
