import Foundation
import PeyvandCore
@testable import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

@Suite("Search finds compound names however they are typed")
struct CompoundNameSearchTests {
    @Test("محمد رضا, محمدرضا and محمد‌رضا, عبد الله and عبدالله, and their beginnings find one another", arguments: TestDatabase.kinds)
    func compoundNames(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let repo = CustomerRepository(db)
            func make(_ name: String) async throws -> Int64 { try await repo.create(CustomerInput(name: name), by: admin).id }
            let zwnj = try await make("محمد\u{200C}رضا یزدانی")
            let apart = try await make("محمد رضا کریمی")
            let joined = try await make("محمدرضا احمدی")
            let other = try await make("محمد حسینی")
            let abdullah = try await make("عبدالله نوری")
            let abd = try await make("عبد الله موسوی")
            let abbas = try await make("عبدی عباسی")
            func ids(_ q: String) async throws -> Set<Int64> { Set(try await repo.list(CustomerQuery(q: q), by: admin).items.map(\.id)) }
            for q in ["محمد رضا", "محمدرضا", "محمد\u{200C}رضا", "محمد ر", "محمدر", "محمد  رضا", "محمد رض"] {
                let found = try await ids(q)
                #expect(found.isSuperset(of: [zwnj, apart, joined]), "\(q)")
                #expect(!found.contains(other), "\(q)")
            }
            for q in ["عبدالله", "عبد الله", "عبد ال", "عبدال", "عبد\u{200C}الله"] {
                #expect(try await ids(q) == [abdullah, abd], "\(q)")
            }
            #expect(try await ids("عبد") == [abdullah, abd, abbas])
            // The whole name, typed either way, ranks its customer first.
            #expect(try await repo.list(CustomerQuery(q: "محمد رضا یزدانی"), by: admin).items.first?.id == zwnj)
            #expect(try await repo.list(CustomerQuery(q: "محمدرضا کریمی"), by: admin).items.map(\.id) == [apart])
            // Other words still find what they did, and nothing more.
            #expect(try await ids("یزدانی") == [zwnj])
            #expect(try await ids("کریمی") == [apart])
        }
    }

    @Test("the migration rebuilds search keys made before compound names were joined", arguments: TestDatabase.kinds)
    func migrationRebuildsKeys(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let repo = CustomerRepository(db)
            let id = try await repo.create(CustomerInput(name: "عبد الله موسوی"), by: admin).id
            // The key as it was written before: the words only.
            let old = "عبد الله موسوی"
            try await db.sql.raw("UPDATE customers SET search_key = \(bind: old) WHERE id = \(bind: id)").run()
            if db.dialect == .sqlite {
                try await db.sql.raw("DELETE FROM customer_fts WHERE rowid = \(bind: id)").run()
                try await db.sql.raw("INSERT INTO customer_fts (rowid, search_key) VALUES (\(bind: id), \(bind: old))").run()
            }
            #expect(try await repo.list(CustomerQuery(q: "عبدالله"), by: admin).items.isEmpty)
            try await db.transaction { tx in try await Migration.m019CompoundNameSearch.backfill?(tx) }
            #expect(try await repo.list(CustomerQuery(q: "عبدالله"), by: admin).items.map(\.id) == [id])
            #expect(try await repo.list(CustomerQuery(q: "موسوی"), by: admin).items.map(\.id) == [id])
        }
    }
}

@Suite("Compound forms of a query")
struct CompoundFormsTests {
    @Test("neighbouring words are read apart and joined, as typed first; long queries as typed")
    func forms() {
        #expect(PersianText.compoundForms(["محمد", "ر"]) == [["محمد", "ر"], ["محمدر"]])
        #expect(PersianText.compoundForms(["a", "b", "c"]) == [["a", "b", "c"], ["a", "bc"], ["ab", "c"]])
        #expect(PersianText.compoundForms(["a"]) == [["a"]])
        #expect(PersianText.compoundForms(Array(repeating: "a", count: 5)).count == 8)
        #expect(PersianText.compoundForms(Array(repeating: "a", count: 6)).count == 1)
        #expect(PersianText.joinedNeighbours("محمد رضا کریمی") == ["محمدرضا", "رضاکریمی"])
        #expect(PersianText.joinedNeighbours("Rezaei 3") == [])
    }
}
