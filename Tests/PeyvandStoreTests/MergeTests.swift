import Foundation
import PeyvandCore
import PeyvandStore
import Testing

@Suite("Duplicates and merging")
struct MergeTests {
    @Test("likely duplicates are found by phone, email and a Persian-normalised name", arguments: TestDatabase.kinds)
    func findsPairs(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await CustomerRepositoryTests.admin(db)
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

    @Test("merge moves history and people, unites fields, and undo puts everything back", arguments: TestDatabase.kinds)
    func mergeAndUndo(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await CustomerRepositoryTests.admin(db)
            let repo = CustomerRepository(db)
            let target = try await repo.create(CustomerInput(kind: "organisation", name: "Pars Co", phones: ["02188887777"], tags: ["VIP"]), by: admin)
            let source = try await repo.create(CustomerInput(kind: "organisation", name: "Pars Company", emails: ["info@pars.ir"],
                                                             city: "تهران", tags: ["wholesale"], customFields: ["industry": "retail"]), by: admin)
            let person = try await repo.create(CustomerInput(name: "Sara", organisationId: String(source.id)), by: admin)
            let call = try await InteractionRepository(db).create(customerId: source.id, InteractionInput(kind: "call", subject: "old call"), by: admin)
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

            _ = try await merges.undo(merge.id, by: admin)
            let restored = try await repo.get(target.id, by: admin)
            #expect(restored.fields == target.fields)
            #expect(!(try await repo.get(source.id, by: admin).isDeleted))
            #expect(try await repo.get(source.id, by: admin).fields == source.fields)
            #expect(try await repo.get(person.id, by: admin).fields.organisationId == source.id)
            #expect(try await InteractionRepository(db).get(call.id, by: admin).customerId == source.id)
            await #expect(throws: StoreError.self) { _ = try await merges.undo(merge.id, by: admin) }
        }
    }

    @Test("merging into itself or into a deleted customer is refused and changes nothing", arguments: TestDatabase.kinds)
    func refusals(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await CustomerRepositoryTests.admin(db)
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
