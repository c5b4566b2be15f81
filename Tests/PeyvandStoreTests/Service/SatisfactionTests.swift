import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

/// The five satisfaction classes on real evidence: each source moves the class as
/// `docs/satisfaction.md` says, each change is recorded once, the watch moves a class when its
/// evidence ages out, routing reads the class, and disputes refuse a second open one.
@Suite("Service: satisfaction classes from the evidence")
struct SatisfactionTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    static let day: TimeInterval = 86_400

    static func ms(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// A survey answered at `at` (as the surveys work stores one).
    @discardableResult
    static func answer(_ db: Database, _ customerId: Int64, at: Date, csat: Int? = nil, nps: Int? = nil) async throws -> Int64 {
        let ms = Int64((at.timeIntervalSince1970 * 1000).rounded())
        return try await db.sql.raw("""
            INSERT INTO surveys (customer_id, occasion, language, token_hash, expires_at, answered_at, csat, nps, created_at)
            VALUES (\(bind: customerId), 'manual', 'fa', \(bind: UUID().uuidString), \(bind: ms + 86_400_000), \(bind: ms), \(bind: csat), \(bind: nps), \(bind: ms))
            RETURNING id
            """).first()!.decode(column: "id", as: Int64.self)
    }

    static func changes(_ db: Database, _ customerId: Int64) async throws -> [String] {
        try await db.sql.raw("""
            SELECT from_class, to_class, cause FROM satisfaction_changes WHERE customer_id = \(bind: customerId) ORDER BY id
            """).all().map {
            "\(try $0.decode(column: "from_class", as: String?.self) ?? "-")>\(try $0.decode(column: "to_class", as: String?.self) ?? "-")/\(try $0.decode(column: "cause", as: String.self))"
        }
    }

    @Test("complaints: one unresolved is dissatisfied, two in 30 days angry; the watch moves the class when the first ages out", arguments: TestDatabase.kinds)
    func complaintsAndWatch(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            let tickets = Tickets(db), satisfaction = Satisfaction(db)
            let id = f.customer.id
            let first = try await tickets.open(TicketInput(customerId: String(id), subject: "خرابی", category: "complaint"), by: f.admin, now: Self.t0)
            var s = try #require(try await satisfaction.current(of: id, by: f.admin))
            #expect(s.class == .dissatisfied && s.reasons.first?.rule == .dissatisfiedComplaintOpen)
            #expect(s.reasons.first?.params["ref"] == "ticket:\(first.id)", "the reason links to its ticket")
            let second = try await tickets.open(TicketInput(customerId: String(id), subject: "باز هم خرابی", category: "complaint"), by: f.admin,
                                                now: Self.t0 + 10 * Self.day)
            s = try #require(try await satisfaction.current(of: id, by: f.admin))
            #expect(s.class == .angry && s.reasons.contains { $0.rule == .angryComplaints && $0.params["count"] == "2" })
            #expect(Self.ms(s.since) == Self.ms(Self.t0 + 10 * Self.day))
            for t in [first, second] {
                _ = try await tickets.change(t.id, TicketChange(status: .resolved), expectedVersion: nil, by: f.admin, now: Self.t0 + 11 * Self.day)
            }
            s = try #require(try await satisfaction.current(of: id, by: f.admin))
            #expect(s.class == .angry, "two complaints in 30 days, resolved or not")
            #expect(s.nextCheckAt.map(Self.ms) == Self.ms(Self.t0 + 30 * Self.day) + 1, "the first complaint leaves the 30-day window a millisecond after its far end")
            #expect(try await Self.changes(db, id) == ["->dissatisfied/ticket", "dissatisfied>angry/ticket"])

            let watch = SatisfactionWatch(db)
            #expect(try await watch.run(now: Self.t0 + 29 * Self.day).customers == 0)
            let moved = try await watch.run(now: Self.t0 + 30 * Self.day + 1)
            #expect(moved.customers == 1 && moved.changes == 1)
            s = try #require(try await satisfaction.current(of: id, by: f.admin))
            #expect(s.class == nil, "no rule matches: a resolved complaint this year keeps them from satisfied")
            #expect(try await watch.run(now: Self.t0 + 30 * Self.day + 1).changes == 0, "a second run changes nothing")
            #expect(try await Self.changes(db, id).last == "angry>-/watch")
            // Merged tickets are not evidence: a duplicate complaint folded into the first counts once.
            let dup = try await tickets.open(TicketInput(customerId: String(id), subject: "تکراری", category: "complaint"), by: f.admin, now: Self.t0 + 40 * Self.day)
            let dup2 = try await tickets.open(TicketInput(customerId: String(id), subject: "تکراری ۲", category: "complaint"), by: f.admin, now: Self.t0 + 40 * Self.day)
            #expect(try await satisfaction.current(of: id, by: f.admin)?.class == .angry)
            _ = try await tickets.merge(dup2.id, into: dup.id, expectedVersion: nil, by: f.admin, now: Self.t0 + 40 * Self.day + 60)
            #expect(try await satisfaction.current(of: id, by: f.admin)?.class == .dissatisfied)
        }
    }

    @Test("survey answers: CSAT 1 is angry, a promoter happy, two promoters enthusiastic; a referral makes a promoter enthusiastic", arguments: TestDatabase.kinds)
    func answersAndReferrals(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            let satisfaction = Satisfaction(db)
            let id = f.customer.id
            let survey = try await Self.answer(db, id, at: Self.t0, csat: 1)
            var s = try await satisfaction.assess(id, by: f.admin, now: Self.t0 + 3600)
            #expect(s?.class == .angry && s?.reasons.first?.rule == .angryAnswer && s?.reasons.first?.params["ref"] == "survey:\(survey)")
            #expect(s?.nextCheckAt.map(Self.ms) == Self.ms(Self.t0 + 90 * Self.day) + 1)
            try await Self.answer(db, id, at: Self.t0 + Self.day, csat: 5, nps: 10)
            s = try await satisfaction.assess(id, by: f.admin, now: Self.t0 + Self.day + 60)
            #expect(s?.class == .happy)
            try await Self.answer(db, id, at: Self.t0 + 2 * Self.day, nps: 9)
            s = try await satisfaction.assess(id, by: f.admin, now: Self.t0 + 2 * Self.day + 60)
            #expect(s?.class == .enthusiastic && s?.reasons.first?.rule == .enthusiasticPromoters)
            #expect(try await Self.changes(db, id) == ["->angry/manual", "angry>happy/manual", "happy>enthusiastic/manual"])
            // Reassessing with nothing new records nothing.
            _ = try await satisfaction.assess(id, by: f.admin, now: Self.t0 + 2 * Self.day + 120)
            #expect(try await Self.changes(db, id).count == 3)

            // A referral, on today's clock: the referrer's promoter answer makes them enthusiastic.
            let referrer = try await CustomerRepository(db).create(CustomerInput(name: "علی رضایی"), by: f.admin)
            try await Self.answer(db, referrer.id, at: Date().addingTimeInterval(-Self.day), nps: 10)
            #expect(try await satisfaction.assess(referrer.id, by: f.admin)?.class == .happy)
            try await CustomerRelations(db).add(.referredBy, from: id, to: referrer.id, by: f.admin)
            let r = try await satisfaction.current(of: referrer.id, by: f.admin)
            #expect(r?.class == .enthusiastic && r?.reasons.first?.rule == .enthusiasticReferral)
            #expect(try await Self.changes(db, referrer.id).last == "happy>enthusiastic/referral")
            try await CustomerRelations(db).remove(.referredBy, from: id, to: referrer.id, by: f.admin)
            #expect(try await satisfaction.current(of: referrer.id, by: f.admin)?.class == .happy)
        }
    }

    @Test("a return is dissatisfied, an open dispute angry; a second open dispute on a payment is refused; closing leaves dissatisfied", arguments: TestDatabase.kinds)
    func returnsAndDisputes(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, customer, tea, _) = try await CommerceTests.setUp(db)
            let orders = OrderRepository(db), satisfaction = Satisfaction(db), disputes = PaymentDisputes(db)
            let (order, _) = try await orders.create(customerId: customer.id, OrderInput(lines: [OrderLineInput(productId: tea.id, quantity: "2")]), by: admin)
            _ = try await orders.apply(.confirm, to: order.id, by: admin)
            _ = try await orders.ship(order.id, ShipmentInput(), by: admin)
            let invoice = try await InvoiceRepository(db).invoice(orderId: order.id, by: admin)
            let payment = try await InvoiceRepository(db).pay(invoice.id, PaymentInput(amount: "1000000", method: "card"), by: admin)
            #expect(try await satisfaction.current(of: customer.id, by: admin)?.class == nil)
            _ = try await orders.returnLine(order.id, ReturnInput(orderLineId: order.lines[0].id, quantity: "1", reason: "شکسته", restock: false), by: admin)
            var s = try await satisfaction.current(of: customer.id, by: admin)
            #expect(s?.class == .dissatisfied && s?.reasons.first?.rule == .dissatisfiedReturn && s?.reasons.first?.params["ref"] == "order:\(order.id)")

            let dispute = try await disputes.open(paymentId: payment.id, reason: "کارت دزدیده شده", by: admin)
            #expect(dispute.isOpen && dispute.invoiceId == invoice.id)
            s = try await satisfaction.current(of: customer.id, by: admin)
            #expect(s?.class == .angry && s?.reasons.first?.rule == .angryDisputeOpen && s?.reasons.first?.params["ref"] == "invoice:\(invoice.id)")
            await #expect(throws: StoreError.self) { _ = try await disputes.open(paymentId: payment.id, reason: "دوباره", by: admin) }
            do {
                _ = try await disputes.open(paymentId: payment.id, reason: "دوباره", by: admin)
            } catch StoreError.conflict {
            } catch { Issue.record("a second open dispute: \(error)") }
            await #expect(throws: StoreError.self) { _ = try await disputes.open(paymentId: 999_999, reason: "x", by: admin) }
            await #expect(throws: StoreError.self) { _ = try await disputes.open(paymentId: payment.id, reason: "  ", by: admin) }
            do {
                _ = try await disputes.close(dispute.id, outcome: "rejected", expectedVersion: 7, by: admin)
                Issue.record("a stale version closed the dispute")
            } catch StoreError.versionMismatch(let current) { #expect(current == 1) }
            await #expect(throws: StoreError.self) { _ = try await disputes.close(dispute.id, outcome: "lost", expectedVersion: nil, by: admin) }
            let closed = try await disputes.close(dispute.id, outcome: "rejected", expectedVersion: 1, by: admin)
            #expect(!closed.isOpen && closed.outcome == .rejected && closed.version == 2)
            await #expect(throws: StoreError.self) { _ = try await disputes.close(dispute.id, outcome: "rejected", expectedVersion: nil, by: admin) }
            s = try await satisfaction.current(of: customer.id, by: admin)
            #expect(s?.class == .dissatisfied && s?.reasons.contains { $0.rule == .dissatisfiedDispute } == true)
            #expect(try await Self.changes(db, customer.id) == ["->dissatisfied/return", "dissatisfied>angry/dispute", "angry>dissatisfied/dispute"])
            // A new dispute on the same payment may be opened once the first is closed.
            _ = try await disputes.open(paymentId: payment.id, reason: "دوباره", by: admin)
            #expect(try await disputes.list(customerId: customer.id, open: true, by: admin).count == 1)
            #expect(try await disputes.list(customerId: nil, open: nil, by: admin).count == 2)
        }
    }

    @Test("an unresolved complaint whose SLA the watch finds breached makes the customer angry", arguments: TestDatabase.kinds)
    func slaBreach(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 2)
            try await f.catchAll(db)
            let opened = try SLATests.tehran(1405, 9, 21, 10)
            _ = try await Tickets(db).open(TicketInput(customerId: String(f.customer.id), subject: "خرابی", category: "complaint"), by: f.admin, now: opened)
            #expect(try await Satisfaction(db).current(of: f.customer.id, by: f.admin)?.class == .dissatisfied)
            _ = try await SLAWatch(db).run(now: try SLATests.tehran(1405, 9, 21, 14, 30))
            let s = try await Satisfaction(db).current(of: f.customer.id, by: f.admin)
            #expect(s?.class == .angry && s?.reasons.first?.rule == .angryComplaintBreached)
            #expect(try await Self.changes(db, f.customer.id) == ["->dissatisfied/ticket", "dissatisfied>angry/ticket"])
        }
    }

    @Test("two reassessments of one customer at once record one change", arguments: TestDatabase.kinds)
    func concurrent(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            try await Self.answer(db, f.customer.id, at: Date().addingTimeInterval(-60), csat: 1)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        // A loaded SQLite may answer "busy" (nothing written); that one tries again.
                        for attempt in 1...5 {
                            do { _ = try await Satisfaction(db).assess(f.customer.id, by: f.admin); return } catch StoreError.busy where attempt < 5 {
                                try await Task.sleep(for: .milliseconds(200))
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await Self.changes(db, f.customer.id) == ["->angry/manual"])
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM customer_satisfaction WHERE customer_id = \(bind: f.customer.id)") == 1)
        }
    }

    @Test("a routing rule on the satisfaction class sends an angry customer's ticket to the care team", arguments: TestDatabase.kinds)
    func routingByClass(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            let care = try await ServiceTeams(db).create(name: "مراقبت", leadId: nil, managerId: nil, routing: "round-robin", by: f.admin)
            let carer = try await ServiceFixture.agent(db, 7)
            _ = try await ServiceTeams(db).setMembers(care.id, [(userId: carer.id, skills: "", active: true)], by: f.admin)
            _ = try await RoutingRules(db).create(RoutingRuleInput(name: "care", satisfactionClass: "angry", teamId: String(care.id), priority: "urgent"), by: f.admin)
            try await f.catchAll(db)
            let calm = try await Tickets(db).open(TicketInput(customerId: String(f.customer.id), subject: "سؤال"), by: f.admin)
            #expect(calm.teamId == f.team.id, "no class: the rule does not match")
            try await Self.answer(db, f.customer.id, at: Date().addingTimeInterval(-60), nps: 0)
            _ = try await Satisfaction(db).assess(f.customer.id, by: f.admin)
            let angry = try await Tickets(db).open(TicketInput(customerId: String(f.customer.id), subject: "باز هم سؤال"), by: f.admin)
            #expect(angry.teamId == care.id && angry.assigneeId == carer.id && angry.priority == .urgent)
        }
    }

    @Test("the customer list filters by class; the filter refuses an unknown class; assess-all classifies existing evidence", arguments: TestDatabase.kinds)
    func listFilterAndAssessAll(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            let other = try await CustomerRepository(db).create(CustomerInput(name: "سارا کریمی"), by: f.admin)
            let now = Date()
            try await Self.answer(db, f.customer.id, at: now.addingTimeInterval(-60), csat: 1)
            try await Self.answer(db, other.id, at: now.addingTimeInterval(-60), csat: 4)
            let first = try await SatisfactionWatch(db).assessAll(all: false, now: now)
            #expect(first.customers == 2 && first.changes == 2)
            #expect(try await SatisfactionWatch(db).assessAll(all: false, now: now).customers == 0, "only those never assessed")
            #expect(try await SatisfactionWatch(db).assessAll(all: true, now: now) == .init(customers: 2, changes: 0))
            let query = try CustomerQuery.parse([("satisfaction", "angry,dissatisfied")])
            #expect(query.satisfaction == [.angry, .dissatisfied])
            #expect(try await CustomerRepository(db).list(query, by: f.admin).items.map(\.id) == [f.customer.id])
            #expect(try await CustomerRepository(db).list(try CustomerQuery.parse([("satisfaction", "satisfied")]), by: f.admin).items.map(\.id) == [other.id])
            #expect(throws: ValidationError.self) { _ = try CustomerQuery.parse([("satisfaction", "angry,calm")]) }
            let classes = try await Satisfaction(db).classes(of: [f.customer.id, other.id])
            #expect(classes[f.customer.id]?.value == .angry && classes[other.id]?.value == .satisfied)
        }
    }
}
