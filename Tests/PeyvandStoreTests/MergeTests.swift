import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import Testing

@Suite("Duplicates and merging")
struct MergeTests {
    @Test("likely duplicates are found by phone, email and a Persian-normalised name", arguments: TestDatabase.kinds)
    func findsPairs(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let repo = CustomerRepository(db)
            let a = try await repo.create(CustomerInput(name: "محمدرضا كريمي", phones: ["09121234567"]), by: admin)
            let b = try await repo.create(CustomerInput(name: "محمد رضا کریمی", city: "تهران"), by: admin)
            let c = try await repo.create(CustomerInput(name: "M. Karimi", phones: ["+989121234567"], emails: ["m@example.com"]), by: admin)
            let d = try await repo.create(CustomerInput(name: "Someone Else", emails: ["M@Example.com"]), by: admin)
            _ = try await repo.create(CustomerInput(name: "Unrelated", phones: ["09350000000"]), by: admin)
            let pairs = try await DuplicateFinder(db).pairs(by: admin)
            let found = Set(pairs.map { [$0.first.id, $0.second.id] })
            #expect(found == [[a.id, b.id], [a.id, c.id], [c.id, d.id]])
            let ab = try #require(pairs.first { $0.first.id == a.id && $0.second.id == b.id })
            #expect(ab.reasons == ["name"])
            let ac = try #require(pairs.first { $0.first.id == a.id && $0.second.id == c.id })
            #expect(ac.reasons == ["phone"])
            #expect(ac.score > ab.score)
            let candidates = try await DuplicateFinder(db).candidates(for: CustomerFields(name: "محمد‌رضا کریمی"), by: admin)
            #expect(Set(candidates.map(\.second.id)) == [a.id, b.id])
        }
    }

    @Test("the kept pairs follow edits, deletes, imports in bulk and page by cursor", arguments: TestDatabase.kinds)
    func pairsFollowWrites(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let repo = CustomerRepository(db)
            let finder = DuplicateFinder(db)
            let a = try await repo.create(CustomerInput(name: "Ali Rahimi", phones: ["09121110000"]), by: admin)
            let b = try await repo.create(CustomerInput(name: "Other Person"), by: admin)
            #expect(try await finder.pairs(by: admin).isEmpty)
            // An edit that gives b a's phone makes a pair; editing it away removes the pair.
            let b2 = try await repo.update(b.id, with: CustomerInput(name: "Other Person", phones: ["+989121110000"]), expectedVersion: nil, by: admin)
            #expect(try await finder.pairs(by: admin).map { [$0.first.id, $0.second.id] } == [[a.id, b.id]])
            _ = try await repo.update(b.id, with: CustomerInput(name: "Other Person"), expectedVersion: b2.version, by: admin)
            #expect(try await finder.pairs(by: admin).isEmpty)
            let batch = (0..<30).map { i in (fields: CustomerFields(name: "Copy \(i)", emails: ["same@example.com"]), createdAt: Date()) }
            let ids = try await repo.insertBatch(batch, by: admin)
            // 30 share the key, more than the largest group taken as evidence: no pairs.
            #expect(try await finder.pairs(by: admin).isEmpty)
            try await repo.delete(ids[0], by: admin)
            let small = try await repo.insertBatch((0..<5).map { i in (fields: CustomerFields(name: "Twin \(i)", emails: ["twin@example.com"]), createdAt: Date()) }, by: admin)
            var seen: [[Int64]] = []
            var cursor: DuplicateCursor?
            repeat {
                let page = try await finder.pairs(limit: 3, after: cursor, by: admin)
                seen += page.map { [$0.first.id, $0.second.id] }
                cursor = page.count == 3 ? page.last.map(DuplicateCursor.init(after:)) : nil
            } while cursor != nil
            #expect(seen.count == 10)
            #expect(Set(seen).count == 10)
            #expect(Set(seen.flatMap { $0 }) == Set(small))
            // A deleted customer's pairs are not shown, and come back with it.
            try await repo.delete(small[0], by: admin)
            #expect(try await finder.pairs(by: admin).count == 6)
            _ = try await repo.restore(small[0], by: admin)
            #expect(try await finder.pairs(by: admin).count == 10)
        }
    }

    @Test("merge moves history and people, unites fields, and undo puts everything back", arguments: TestDatabase.kinds)
    func mergeAndUndo(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let repo = CustomerRepository(db)
            let target = try await repo.create(CustomerInput(kind: "organisation", name: "Pars Co", phones: ["02188887777"], tags: ["VIP"]), by: admin)
            let source = try await repo.create(CustomerInput(kind: "organisation", name: "Pars Company", emails: ["info@pars.ir"],
                                                             city: "تهران", tags: ["wholesale"], customFields: ["industry": "retail"]), by: admin)
            let person = try await repo.create(CustomerInput(name: "Sara", organisationId: String(source.id)), by: admin)
            let call = try await InteractionRepository(db).create(customerId: source.id, InteractionInput(kind: "call", subject: "old call"), by: admin)
            let holding = try await repo.create(CustomerInput(kind: "organisation", name: "Pars Holding"), by: admin)
            let referred = try await repo.create(CustomerInput(name: "Reza"), by: admin)
            let relations = CustomerRelations(db)
            try await relations.add(.parentCompany, from: source.id, to: holding.id, by: admin)
            try await relations.add(.referredBy, from: referred.id, to: source.id, by: admin)
            try await relations.add(.referredBy, from: target.id, to: source.id, by: admin)
            let merges = MergeService(db)
            let merge = try await merges.merge(source.id, into: target.id, by: admin)
            let merged = try await repo.get(target.id, by: admin)
            #expect(merged.fields.name == "Pars Co")
            #expect(merged.fields.phones == ["+982188887777"])
            #expect(merged.fields.emails == ["info@pars.ir"])
            #expect(merged.fields.tags == ["VIP", "wholesale"])
            #expect(merged.fields.city == "تهران")
            #expect(merged.fields.customFields == ["industry": "retail"])
            #expect(try await repo.get(source.id, by: admin).isDeleted)
            #expect(try await repo.get(person.id, by: admin).fields.organisationId == target.id)
            #expect(try await InteractionRepository(db).get(call.id, by: admin).customerId == target.id)
            #expect(try await repo.audit(target.id, by: admin).first?.action == "merge")
            let movedRelations = try await relations.list(of: target.id, by: admin).map { "\($0.kind.rawValue) \($0.incoming) \($0.other.id)" }
            #expect(Set(movedRelations) == ["parent-company false \(holding.id)", "referred-by true \(referred.id)"])
            #expect(try await relations.list(of: source.id, by: admin).isEmpty)

            _ = try await merges.undo(merge.id, by: admin)
            let restored = try await repo.get(target.id, by: admin)
            #expect(restored.fields == target.fields)
            #expect(!(try await repo.get(source.id, by: admin).isDeleted))
            #expect(try await repo.get(source.id, by: admin).fields == source.fields)
            #expect(try await repo.get(person.id, by: admin).fields.organisationId == source.id)
            #expect(try await InteractionRepository(db).get(call.id, by: admin).customerId == source.id)
            let restoredRelations = try await relations.list(of: source.id, by: admin).map { "\($0.kind.rawValue) \($0.incoming) \($0.other.id)" }
            #expect(Set(restoredRelations) == ["parent-company false \(holding.id)", "referred-by true \(referred.id)", "referred-by true \(target.id)"])
            #expect(try await relations.list(of: target.id, by: admin).map(\.other.id) == [source.id])
            await #expect(throws: StoreError.self) { _ = try await merges.undo(merge.id, by: admin) }
        }
    }

    @Test("merging into itself or into a deleted customer is refused and changes nothing", arguments: TestDatabase.kinds)
    func refusals(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let repo = CustomerRepository(db)
            let a = try await repo.create(CustomerInput(name: "A"), by: admin)
            let b = try await repo.create(CustomerInput(name: "B"), by: admin)
            let merges = MergeService(db)
            await #expect(throws: StoreError.self) { _ = try await merges.merge(a.id, into: a.id, by: admin) }
            try await repo.delete(b.id, by: admin)
            await #expect(throws: StoreError.self) { _ = try await merges.merge(a.id, into: b.id, by: admin) }
            await #expect(throws: StoreError.self) { _ = try await merges.merge(a.id, into: 999_999, by: admin) }
            #expect(try await repo.get(a.id, by: admin).version == 1)
            #expect(!(try await repo.get(a.id, by: admin).isDeleted))
        }
    }
}
