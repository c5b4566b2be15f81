import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import Testing

@Suite("Customers in the store")
struct CustomerRepositoryTests {
    @Test("migrations run once and are recorded", arguments: TestDatabase.kinds)
    func migrationsRunOnce(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let again = try await Migrator(db).migrate()
            let applied = try await Migrator(db).appliedIDs()
            #expect(again == [])
            #expect(applied == Migration.all.map(\.id))
        }
    }

    @Test("a customer is stored as typed, phones in E.164, with a create audit row", arguments: TestDatabase.kinds)
    func createAndRead(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let repo = CustomerRepository(db)
            let input = CustomerInput(
                givenName: "علي", familyName: "رضايي", phones: ["۰۹۱۲ ۱۲۳ ۴۵۶۷", "021-8888 7777"], emails: ["Ali@Example.COM"],
                city: "تهران", stage: "lead", tags: ["VIP", "vip"], customFields: ["industry": "retail"],
                preferredChannel: "sms", consents: ["sms": true])
            let created = try await repo.create(input, by: admin)
            let read = try await repo.get(created.id, by: admin)
            #expect(read == created)
            #expect(read.fields.name == "علي رضايي")
            #expect(read.fields.phones == ["+989121234567", "+982188887777"])
            #expect(read.fields.emails == ["Ali@example.com"])
            #expect(read.fields.tags == ["VIP"])
            #expect(read.fields.consents == Consents(sms: true))
            #expect(read.fields.preferredChannel == .sms)
            #expect(read.version == 1)
            let audit = try await repo.audit(created.id, by: admin)
            #expect(audit.map(\.action) == ["create"])
            #expect(audit.first?.actorName == "Admin")
        }
    }

    @Test("text with SQL metacharacters and markup is stored literally", arguments: TestDatabase.kinds)
    func metacharacters(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let name = "Robert'); DROP TABLE customers;-- <script>alert(1)</script> 100% _x_"
            let repo = CustomerRepository(db)
            let created = try await repo.create(CustomerInput(name: name), by: admin)
            #expect(try await repo.get(created.id, by: admin).fields.name == name)
            let found = try await repo.list(CustomerQuery(q: "100% _x_"), by: admin)
            #expect(found.items.map(\.id) == [created.id])
            #expect(try await repo.list(CustomerQuery(q: "100% y"), by: admin).items.isEmpty)
        }
    }

    @Test("invalid input names every bad field and stores nothing", arguments: TestDatabase.kinds)
    func invalidInput(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let repo = CustomerRepository(db)
            let bad = CustomerInput(name: "", phones: ["12ab"], emails: ["nope"], stage: "vip", ownerId: "x", preferredChannel: "pigeon")
            await #expect {
                _ = try await repo.create(bad, by: admin)
            } throws: { error in
                guard case StoreError.invalid(let v) = error else { return false }
                return Set(v.issues.map(\.field)) == ["name", "phones", "emails", "stage", "ownerId", "preferredChannel"]
            }
            await #expect(throws: StoreError.self) {
                _ = try await repo.create(CustomerInput(name: "Owned", ownerId: "999"), by: admin)
            }
            #expect(try await repo.list(CustomerQuery(includeDeleted: true), by: admin).items.isEmpty)
        }
    }

    @Test("updates are audited field by field and refused on a stale version", arguments: TestDatabase.kinds)
    func updateAndVersion(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let repo = CustomerRepository(db)
            let c = try await repo.create(CustomerInput(name: "Sara", city: "تهران"), by: admin)
            var input = CustomerInput(c.fields)
            input.city = "اصفهان"
            input.stage = "customer"
            let updated = try await repo.update(c.id, with: input, expectedVersion: 1, by: admin)
            #expect(updated.version == 2)
            #expect(updated.fields.city == "اصفهان")
            let audit = try await repo.audit(c.id, by: admin).filter { $0.action == "update" }
            #expect(Set(audit.map { "\($0.field ?? ""):\($0.before ?? "∅")→\($0.after ?? "∅")" }) == ["city:تهران→اصفهان", "stage:prospect→customer"])

            input.city = "شیراز"
            await #expect(throws: StoreError.versionMismatch(current: 2)) {
                _ = try await repo.update(c.id, with: input, expectedVersion: 1, by: admin)
            }
            #expect(try await repo.get(c.id, by: admin).fields.city == "اصفهان")
        }
    }

    @Test("soft delete hides a customer from lists; restore brings it back", arguments: TestDatabase.kinds)
    func deleteAndRestore(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let repo = CustomerRepository(db)
            let c = try await repo.create(CustomerInput(name: "Temp"), by: admin)
            try await repo.delete(c.id, by: admin)
            #expect(try await repo.list(CustomerQuery(), by: admin).items.isEmpty)
            #expect(try await repo.list(CustomerQuery(includeDeleted: true), by: admin).items.map(\.id) == [c.id])
            #expect(try await repo.get(c.id, by: admin).isDeleted)
            await #expect(throws: StoreError.self) { _ = try await repo.update(c.id, with: CustomerInput(name: "X"), expectedVersion: nil, by: admin) }
            let restored = try await repo.restore(c.id, by: admin)
            #expect(!restored.isDeleted)
            #expect(try await repo.list(CustomerQuery(), by: admin).items.map(\.id) == [c.id])
            #expect(try await repo.audit(c.id, by: admin).map(\.action) == ["restore", "delete", "create"])
        }
    }

    @Test("keyset pages cover every customer once", arguments: TestDatabase.kinds)
    func pagination(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let repo = CustomerRepository(db)
            var ids: [Int64] = []
            for i in 0..<7 { ids.append(try await repo.create(CustomerInput(name: "C\(i)"), by: admin).id) }
            var seen: [Int64] = []
            var after: Int64?
            var pages = 0
            repeat {
                let page = try await repo.list(CustomerQuery(after: after, limit: 3), by: admin)
                seen += page.items.map(\.id)
                after = page.next.flatMap(Cursor.decode)
                pages += 1
            } while after != nil && pages < 10
            #expect(pages == 3)
            #expect(seen == ids.reversed())
        }
    }

    @Test("search sees through Arabic ي/ك, ZWNJ, digits and case; filters combine", arguments: TestDatabase.kinds)
    func search(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let repo = CustomerRepository(db)
            let a = try await repo.create(CustomerInput(name: "كامران نيك‌نام", phones: ["09121234567"], stage: "lead", tags: ["عمده‌فروش"]), by: admin)
            let b = try await repo.create(CustomerInput(name: "Kamran Smith", emails: ["K@Example.com"], stage: "customer"), by: admin)
            func ids(_ q: CustomerQuery) async throws -> [Int64] { try await repo.list(q, by: admin).items.map(\.id) }
            #expect(try await ids(CustomerQuery(q: "کامران")) == [a.id])
            #expect(try await ids(CustomerQuery(q: "نیکنام")) == [a.id])
            #expect(try await ids(CustomerQuery(q: "۰۹۱۲۱۲۳")) == [a.id])
            #expect(try await ids(CustomerQuery(q: "كامر نيك")) == [a.id])
            #expect(try await ids(CustomerQuery(q: "smith kam")) == [b.id])
            #expect(try await ids(CustomerQuery(q: "+98912123")) == [a.id])
            #expect(try await ids(CustomerQuery(q: "KAMRAN")) == [b.id])
            #expect(try await ids(CustomerQuery(q: "k@example")) == [b.id])
            #expect(try await ids(CustomerQuery(tag: "عمدهفروش")) == [a.id])
            #expect(try await ids(CustomerQuery(stage: .customer)) == [b.id])
            #expect(try await ids(CustomerQuery(q: "kamran", stage: .lead)) == [])
        }
    }

    @Test("search is ranked, pages by position, and follows edits and merges of the index", arguments: TestDatabase.kinds)
    func rankedSearch(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let repo = CustomerRepository(db)
            let exact = try await repo.create(CustomerInput(name: "Reza Karimi"), by: admin)
            var made: [Int64] = []
            for i in 0..<4 { made.append(try await repo.create(CustomerInput(name: "Rezaei \(i)", city: "Tehran"), by: admin).id) }
            let strong = try await repo.create(CustomerInput(name: "Rezaei Rezaei Rezaei", tags: ["rezaei"]), by: admin)
            made.append(exact.id)
            let first = try await repo.list(CustomerQuery(q: "reza", limit: 4), by: admin)
            // The whole word first, though oldest; then the prefix matches, newest first.
            #expect(first.items.map(\.id) == [exact.id, strong.id, made[3], made[2]])
            var next = CustomerQuery(q: "reza", limit: 4)
            #expect(next.resume(after: try #require(first.next)))
            let second = try await repo.list(next, by: admin)
            #expect(Set(first.items.map(\.id) + second.items.map(\.id)) == Set(made + [strong.id]))
            #expect(second.next == nil)
            var input = CustomerInput(strong.fields)
            input.name = "Karimi"
            input.tags = []
            _ = try await repo.update(strong.id, with: input, expectedVersion: nil, by: admin)
            #expect(try await repo.list(CustomerQuery(q: "reza"), by: admin).items.count == 5)  // four Rezaei and Reza Karimi
            #expect(try await repo.list(CustomerQuery(q: "karimi"), by: admin).items.map(\.id) == [strong.id, exact.id])
        }
    }

    @Test("a sales rep and a partner reach only what they own or was shared", arguments: TestDatabase.kinds)
    func recordScope(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let users = UserRepository(db)
            let rep = try await users.create(email: "rep@example.test", name: "Rep", role: .salesRep, password: "long enough pw").principal
            let exec = try await users.create(email: "exec@example.test", name: "Exec", role: .executive, password: "long enough pw").principal
            let repo = CustomerRepository(db)
            let others = try await repo.create(CustomerInput(name: "Not yours"), by: admin)
            let mine = try await repo.create(CustomerInput(name: "Mine"), by: rep)
            #expect(mine.fields.ownerId == rep.userId)
            #expect(try await repo.list(CustomerQuery(), by: rep).items.map(\.id) == [mine.id])
            await #expect(throws: StoreError.notFound(entity: "customer", id: String(others.id))) { _ = try await repo.get(others.id, by: rep) }
            try await repo.share(others.id, with: rep.userId, by: admin)
            #expect(try await repo.get(others.id, by: rep).fields.name == "Not yours")
            #expect(try await repo.list(CustomerQuery(), by: exec).items.count == 2)
            await #expect { _ = try await repo.create(CustomerInput(name: "x"), by: exec) } throws: { error in
                if case StoreError.forbidden = error { return true } else { return false }
            }
        }
    }

    @Test("a failing batch stores none of its rows", arguments: TestDatabase.kinds)
    func batchIsAtomic(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let repo = CustomerRepository(db)
            let good = CustomerFields(name: "Good")
            let bad = CustomerFields(name: "Bad owner", ownerId: 424_242)
            await #expect(throws: (any Error).self) {
                _ = try await repo.insertBatch([(good, Date()), (bad, Date())], by: admin)
            }
            #expect(try await repo.list(CustomerQuery(includeDeleted: true), by: admin).items.isEmpty)
        }
    }

    @Test("demo data is the same for the same seed", arguments: TestDatabase.kinds)
    func demoIsDeterministic(kind: String) async throws {
        let fixed = Date(timeIntervalSince1970: 1_790_000_000)
        func names() async throws -> [String] {
            try await TestDatabase.with(kind) { db in
                try await DemoGenerator(database: db, seed: 7).run(customers: 40, batchSize: 15, now: fixed)
                let admin = try await UserRepository(db).find(email: DemoGenerator.logins[0].login.email)!.principal
                return try await CustomerRepository(db).list(CustomerQuery(limit: 100), by: admin).items.map(\.fields.name)
            }
        }
        let first = try await names()
        #expect(first.count == 40)
        #expect(try await names() == first)
        #expect(first.contains { $0.unicodeScalars.contains { $0.properties.numericType == nil && "\u{0600}"..."\u{06FF}" ~= $0 } })
    }
}

@Suite("List filters and saved views")
struct SavedViewTests {
    @Test("filters by consent and creation day (Jalali or Gregorian); a saved view reproduces its list", arguments: TestDatabase.kinds)
    func filtersAndViews(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let repo = CustomerRepository(db)
            let old = Date(timeIntervalSince1970: 1_742_400_000)  // 2025-03-19 16:00 UTC, 1403/12/29 in Tehran
            _ = try await repo.insertBatch([(CustomerFields(name: "Old SMS", city: "Shiraz", consents: Consents(sms: true)), old)], by: admin)
            let fresh = try await repo.create(CustomerInput(name: "New SMS", city: "Shiraz", consents: ["sms": true]), by: admin)
            _ = try await repo.create(CustomerInput(name: "New none", city: "Shiraz"), by: admin)
            func names(_ pairs: [(String, String)]) async throws -> [String] {
                try await repo.list(try CustomerQuery.parse(pairs), by: admin).items.map(\.fields.name)
            }
            #expect(try await names([("consent", "sms")]) == ["New SMS", "Old SMS"])
            #expect(try await names([("consent", "sms"), ("createdTo", "1403/12/29")]) == ["Old SMS"])
            #expect(try await names([("consent", "sms"), ("createdFrom", "2025-03-20")]) == ["New SMS"])
            #expect(throws: ValidationError.self) { _ = try CustomerQuery.parse([("createdFrom", "yesterday"), ("consent", "pigeon")]) }
            let views = SavedViewRepository(db)
            let view = try await views.create(name: "پیامکی‌های شیراز", filters: [("city", "Shiraz"), ("consent", "sms"), ("bogus", "x")],
                                              shared: true, by: admin)
            #expect(view.filters == "city=Shiraz&consent=sms")
            let rep = try await UserRepository(db).create(email: "rep@example.test", name: "Rep", role: .supportAgent, password: "long enough pw").principal
            let seen = try await views.find(name: "پیامکی‌های شیراز", by: rep)
            #expect(seen?.id == view.id)
            #expect(try await repo.list(try CustomerQuery.parse(view.pairs), by: rep).items.map(\.id).first == fresh.id)
            await #expect(throws: StoreError.self) { try await views.delete(view.id, by: rep) }
            await #expect(throws: StoreError.self) { _ = try await views.create(name: " ", filters: [], shared: false, by: admin) }
        }
    }
}
