import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import Testing

@Suite("Interactions and the customer timeline")
struct InteractionTests {
    @Test("interactions land on the timeline newest first, filter by kind, channel, staff and date, and page", arguments: TestDatabase.kinds)
    func timeline(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let customer = try await CustomerRepository(db).create(CustomerInput(name: "Timeline"), by: admin)
            let repo = InteractionRepository(db)
            let base = Date(timeIntervalSince1970: 1_790_000_000)
            let kinds: [InteractionKind] = [.call, .email, .meeting, .sms, .call, .note]
            for (i, k) in kinds.enumerated() {
                _ = try await repo.create(customerId: customer.id, InteractionInput(
                    kind: k.rawValue, direction: "in", occurredAt: base.addingTimeInterval(Double(i) * 86400), subject: "#\(i)",
                    costAmount: "1000", costCurrency: "IRR"), by: admin)
            }
            let timeline = Timeline(db)
            let all = try await timeline.page(of: customer.id, InteractionQuery(limit: 50), by: admin)
            #expect(all.items.map(\.title) == ["#5", "#4", "#3", "#2", "#1", "#0"])
            #expect(all.items.first?.staffName == "Admin")
            #expect(all.items.first { $0.kind == "call" }?.channel == .phone)
            #expect(all.items.first?.cost == Money(minorUnits: 1000, currency: .irr))
            let calls = try await timeline.page(of: customer.id, InteractionQuery(kind: .call), by: admin)
            #expect(calls.items.map(\.title) == ["#4", "#0"])
            let email = try await timeline.page(of: customer.id, InteractionQuery(channel: .email), by: admin)
            #expect(email.items.map(\.title) == ["#1"])
            let window = try await timeline.page(of: customer.id, InteractionQuery(from: base.addingTimeInterval(86400), to: base.addingTimeInterval(3 * 86400)), by: admin)
            #expect(window.items.map(\.title) == ["#2", "#1"])
            let first = try await timeline.page(of: customer.id, InteractionQuery(limit: 4), by: admin)
            let cursor = try #require(first.next.flatMap(TimelineCursor.decode))
            let second = try await timeline.page(of: customer.id, InteractionQuery(before: cursor, limit: 4), by: admin)
            #expect(first.items.map(\.title) + second.items.map(\.title) == ["#5", "#4", "#3", "#2", "#1", "#0"])
            #expect(second.next == nil)
        }
    }

    @Test("an organisation's timeline rolls up its people's interactions", arguments: TestDatabase.kinds)
    func organisationRollUp(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let customers = CustomerRepository(db)
            let org = try await customers.create(CustomerInput(kind: "organisation", name: "شرکت پارس"), by: admin)
            let person = try await customers.create(CustomerInput(name: "Sara", organisationId: String(org.id), jobTitle: "Buyer"), by: admin)
            #expect(person.fields.organisationId == org.id)
            let repo = InteractionRepository(db)
            _ = try await repo.create(customerId: org.id, InteractionInput(kind: "letter"), by: admin)
            _ = try await repo.create(customerId: person.id, InteractionInput(kind: "call"), by: admin)
            let orgTimeline = try await Timeline(db).page(of: org.id, InteractionQuery(), by: admin)
            #expect(Set(orgTimeline.items.map(\.kind)) == ["letter", "call"])
            let personTimeline = try await Timeline(db).page(of: person.id, InteractionQuery(), by: admin)
            #expect(personTimeline.items.map(\.kind) == ["call"])
            #expect(try await customers.list(CustomerQuery(organisationId: org.id), by: admin).items.map(\.id) == [person.id])
            await #expect(throws: StoreError.self) {
                _ = try await customers.create(CustomerInput(name: "x", organisationId: String(person.id)), by: admin)
            }
        }
    }

    @Test("bad interactions are refused whole; others' customers are out of reach", arguments: TestDatabase.kinds)
    func refusals(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let rep = try await UserRepository(db).create(email: "rep@example.test", name: "Rep", role: .salesRep, password: "long enough pw").principal
            let customer = try await CustomerRepository(db).create(CustomerInput(name: "Admin's"), by: admin)
            let repo = InteractionRepository(db)
            await #expect { _ = try await repo.create(customerId: customer.id, InteractionInput(kind: "telepathy", durationSeconds: "-3", costAmount: "abc"), by: admin) } throws: { error in
                guard case StoreError.invalid(let v) = error else { return false }
                return Set(v.issues.map(\.field)) == ["kind", "durationSeconds", "cost"]
            }
            await #expect(throws: StoreError.notFound(entity: "customer", id: String(customer.id))) {
                _ = try await repo.create(customerId: customer.id, InteractionInput(kind: "call"), by: rep)
            }
            #expect(try await Timeline(db).page(of: customer.id, InteractionQuery(), by: admin).items.isEmpty)
        }
    }

    @Test("caller lookup finds a customer by any form of the number", arguments: TestDatabase.kinds)
    func lookup(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let customers = CustomerRepository(db)
            let c = try await customers.create(CustomerInput(name: "Caller", phones: ["0912 123 4567"]), by: admin)
            for form in ["+989121234567", "00989121234567", "۰۹۱۲۱۲۳۴۵۶۷", "9121234567"] {
                #expect(try await customers.find(phone: PhoneNumber(parsing: form), by: admin).map(\.id) == [c.id])
            }
            #expect(try await customers.find(phone: PhoneNumber(parsing: "09120000000"), by: admin).isEmpty)
            #expect(try await customers.list(CustomerQuery(q: "0912 123 4567"), by: admin).items.map(\.id) == [c.id])
        }
    }
}

@Suite("Relations between customers")
struct RelationTests {
    @Test("referrals and parent companies are seen from both sides; cycles and self-relations are refused", arguments: TestDatabase.kinds)
    func relations(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let customers = CustomerRepository(db)
            let sara = try await customers.create(CustomerInput(name: "Sara"), by: admin)
            let ali = try await customers.create(CustomerInput(name: "Ali"), by: admin)
            let group = try await customers.create(CustomerInput(kind: "organisation", name: "Group"), by: admin)
            let branch = try await customers.create(CustomerInput(kind: "organisation", name: "Branch"), by: admin)
            let relations = CustomerRelations(db)
            try await relations.add(.referredBy, from: ali.id, to: sara.id, by: admin)
            try await relations.add(.parentCompany, from: branch.id, to: group.id, by: admin)
            let saraSide = try await relations.list(of: sara.id, by: admin)
            #expect(saraSide.map { "\($0.kind.rawValue) \($0.incoming) \($0.other.fields.name)" } == ["referred-by true Ali"])
            #expect(try await relations.list(of: ali.id, by: admin).map(\.other.id) == [sara.id])
            await #expect(throws: StoreError.self) { try await relations.add(.parentCompany, from: group.id, to: branch.id, by: admin) }
            await #expect(throws: StoreError.self) { try await relations.add(.referredBy, from: ali.id, to: ali.id, by: admin) }
            await #expect(throws: StoreError.self) { try await relations.add(.parentCompany, from: ali.id, to: group.id, by: admin) }
            try await relations.remove(.referredBy, from: ali.id, to: sara.id, by: admin)
            #expect(try await relations.list(of: sara.id, by: admin).isEmpty)
            await #expect(throws: StoreError.self) { try await relations.remove(.referredBy, from: ali.id, to: sara.id, by: admin) }
        }
    }
}
