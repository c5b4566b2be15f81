import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

@Suite("Contracts: recorded, signed, renewed, listed by end, reminded once")
struct ContractsTests {
    static let today = Tehran.day(of: Date())

    static func input(_ f: SalesFixture, title: String = "پشتیبانی سالانه", startIn: Int = -300, endIn: Int, notice: Int = 30,
                      activate: Bool = true) -> ContractInput {
        ContractInput(customerId: f.customer.id, title: title, parties: "شرکت نمونه", value: "120000000", start: today.adding(days: startIn),
                      end: today.adding(days: endIn), terms: "پرداخت ماهانه", renewalNoticeDays: notice, activate: activate)
    }

    @Test("a contract from a deal takes its customer and amount; it is signed, renewed into the next term once, and both are on the timeline",
          arguments: TestDatabase.kinds)
    func lifecycle(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await SalesFixture.make(db)
            let contracts = ContractRepository(db)
            let draft = try await contracts.create(ContractInput(dealId: f.dealId, title: "قرارداد چای", start: Self.today, end: Self.today.adding(days: 364)),
                                                   by: f.admin)
            #expect(draft.number == "C-\(Self.today.year)-000001")
            #expect(draft.customerId == f.customer.id && draft.value.minorUnits == 2_520_000 && draft.status == .draft)
            #expect(draft.ownerId == f.admin.userId && draft.renewalNoticeDays == 30)
            let active = try await contracts.activate(draft.id, expectedVersion: draft.version, by: f.admin)
            #expect(active.status == .active)
            let next = try await contracts.renew(active.id, ContractRenewal(value: "3000000"), expectedVersion: active.version, by: f.admin)
            #expect(next.status == .active && next.renewedFromId == active.id && next.value.minorUnits == 3_000_000)
            #expect(next.start == active.end.adding(days: 1))
            #expect(next.end.daysSinceUnixEpoch - next.start.daysSinceUnixEpoch == active.end.daysSinceUnixEpoch - active.start.daysSinceUnixEpoch)
            let old = try await contracts.get(active.id, by: f.admin)
            #expect(old.status == .renewed && old.renewedToId == next.id)
            do {
                _ = try await contracts.renew(active.id, ContractRenewal(), expectedVersion: nil, by: f.admin)
                Issue.record("a contract was renewed twice")
            } catch StoreError.conflict {}
            let ended = try await contracts.end(next.id, expectedVersion: nil, by: f.admin)
            #expect(ended.status == .ended)
            let kinds = try await AgreementEvents(db).entries(customerIds: [f.customer.id], InteractionQuery()).map(\.kind)
            #expect(kinds == ["contract-ended", "contract-renewed", "contract-signed"])
        }
    }

    @Test("an end before the start, a negative value, no title or a notice over a year is refused with every reason, nothing stored",
          arguments: TestDatabase.kinds)
    func badInput(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await SalesFixture.make(db)
            let contracts = ContractRepository(db)
            do {
                _ = try await contracts.create(ContractInput(customerId: f.customer.id, title: " ", value: "-5", start: Self.today,
                                                             end: Self.today.adding(days: -1), renewalNoticeDays: 400), by: f.admin)
                Issue.record("a bad contract was stored")
            } catch StoreError.invalid(let error) {
                #expect(Set(error.issues.map(\.field)) == ["title", "value", "end", "renewalNoticeDays"])
                #expect(error.issues.contains { $0.code == "contract.endBeforeStart" })
            }
            #expect(try await SalesFixture.count(db, "contracts") == 0)
            let other = try await CustomerRepository(db).create(CustomerInput(name: "Other"), by: f.admin)
            let doc = try await DocumentRepository(db, root: NSTemporaryDirectory() + "peyvand-docs-\(UUID().uuidString)")
                .attach(Array("%PDF-1.4 signed".utf8), filename: "signed.pdf", customerId: other.id, by: f.admin)
            let contract = try await contracts.create(Self.input(f, endIn: 100), by: f.admin)
            do {
                _ = try await contracts.attach(documentId: doc.id, to: contract.id, by: f.admin)
                Issue.record("another customer's document was attached")
            } catch StoreError.invalid(let error) {
                #expect(error.issues.first?.code == "contract.document")
            }
            #expect(try await SalesFixture.count(db, "contract_documents") == 0)
        }
    }

    @Test("the ending-soon list holds the active contracts ending within N days, soonest first, paged", arguments: TestDatabase.kinds)
    func endingSoon(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await SalesFixture.make(db)
            let contracts = ContractRepository(db)
            let in20 = try await contracts.create(Self.input(f, title: "20", endIn: 20), by: f.admin)
            let in5 = try await contracts.create(Self.input(f, title: "5", endIn: 5), by: f.admin)
            let today = try await contracts.create(Self.input(f, title: "0", endIn: 0), by: f.admin)
            _ = try await contracts.create(Self.input(f, title: "45", endIn: 45), by: f.admin)
            _ = try await contracts.create(Self.input(f, title: "past", endIn: -1), by: f.admin)
            _ = try await contracts.create(Self.input(f, title: "draft", endIn: 3, activate: false), by: f.admin)
            let first = try await contracts.list(.init(endingWithinDays: 30), limit: 2, by: f.admin)
            #expect(first.items.map(\.id) == [today.id, in5.id])
            let second = try await contracts.list(.init(endingWithinDays: 30), after: first.next.flatMap(Cursor.decode), limit: 2, by: f.admin)
            #expect(second.items.map(\.id) == [in20.id] && second.next == nil)
            #expect(try await contracts.list(by: f.admin).items.count == 6)
        }
    }

    @Test("renewal reminders: two loops at once claim each due contract once and email its owner; a later run claims nothing",
          arguments: TestDatabase.kinds)
    func remindersOnce(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await SalesFixture.make(db)
            let contracts = ContractRepository(db)
            var due: Set<Int64> = []
            for days in [1, 10, 29] { due.insert(try await contracts.create(Self.input(f, endIn: days), by: f.admin).id) }
            _ = try await contracts.create(Self.input(f, endIn: 60), by: f.admin)
            _ = try await contracts.create(Self.input(f, endIn: 5, notice: 3), by: f.admin)
            _ = try await contracts.create(Self.input(f, endIn: 10, activate: false), by: f.admin)
            async let a = ContractReminders(db, baseURL: "https://crm.example.test").run()
            async let b = ContractReminders(db, baseURL: "https://crm.example.test").run()
            let claimed = try await a + b
            #expect(claimed.count == 3)
            #expect(Set(claimed.map(\.contractId)) == due)
            #expect(claimed.allSatisfy { $0.ownerEmail == "admin@example.test" })
            let mails = try await db.sql.raw("SELECT recipient, payload FROM outbox_messages WHERE channel = 'email'").all()
            #expect(mails.count == 3)
            let text = try #require(ChannelPayload.decode(try mails[0].decode(column: "payload", as: String.self))).text
            #expect(text.contains("https://crm.example.test/contracts/"))
            #expect(try await ContractReminders(db).run().isEmpty)
            // A new end asks for a new reminder.
            let first = try await contracts.get(try #require(due.min()), by: f.admin)
            #expect(first.renewalRemindedAt != nil)
            let moved = try await contracts.update(first.id, ContractPatch(end: Self.today.adding(days: 2)), expectedVersion: first.version, by: f.admin)
            #expect(moved.renewalRemindedAt == nil)
            #expect(try await ContractReminders(db).run().map(\.contractId) == [first.id])
        }
    }
}
