import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

@Suite("Service: routing rules, round-robin, least-loaded and skill")
struct RoutingTests {
    @Test("the first matching rule by position picks the team and may raise the priority; no match goes to the default team", arguments: TestDatabase.kinds)
    func rules(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 2)
            let admin = f.admin
            let teams = ServiceTeams(db)
            let english = try await teams.create(name: "English desk", leadId: nil, managerId: nil, routing: "round-robin", by: admin)
            let billingAgent = try await ServiceFixture.agent(db, 9)
            _ = try await teams.setMembers(english.id, [(userId: billingAgent.id, skills: "", active: true)], by: admin)
            let rules = RoutingRules(db)
            _ = try await rules.create(RoutingRuleInput(name: "complaints", category: "complaint", teamId: String(f.team.id), priority: "high"), by: admin)
            // Added later but placed first: English email goes to the English desk.
            _ = try await rules.create(RoutingRuleInput(name: "english", position: 1, channel: "email", language: "en", teamId: String(english.id)), by: admin)
            // A rule on a class the customer is not in (two complaints make them angry, not enthusiastic) does not match.
            _ = try await rules.create(RoutingRuleInput(name: "advocates", satisfactionClass: "enthusiastic", teamId: String(english.id), priority: "urgent"), by: admin)
            let tickets = Tickets(db)
            let complaint = try await tickets.open(TicketInput(customerId: String(f.customer.id), subject: "خرابی", category: "complaint"), by: admin)
            #expect(complaint.teamId == f.team.id && complaint.priority == .high && complaint.assigneeId == f.agents[0].id)
            let en = try await tickets.open(TicketInput(customerId: String(f.customer.id), subject: "Broken", channel: "email", category: "complaint",
                                                        language: "en"), by: admin)
            #expect(en.teamId == english.id && en.assigneeId == billingAgent.id && en.priority == .normal)
            let other = try await tickets.open(TicketInput(customerId: String(f.customer.id), subject: "سؤال"), by: admin)
            #expect(other.teamId == nil && other.assigneeId == nil && other.status == .new)
            _ = try await ServiceSettingsStore(db).update(inboundChannels: ["email"], defaultTeamId: f.team.id, by: admin)
            let defaulted = try await tickets.open(TicketInput(customerId: String(f.customer.id), subject: "سؤال دوم"), by: admin)
            #expect(defaulted.teamId == f.team.id && defaulted.assigneeId == f.agents[1].id)
            let history = try await tickets.assignments(complaint.id, by: admin)
            #expect(history.count == 1 && history[0].reason == "rule: complaints" && history[0].toUserId == f.agents[0].id)
            do {
                _ = try await rules.create(RoutingRuleInput(name: "", category: "praise", satisfactionClass: "calm", teamId: "999"), by: admin)
                Issue.record("a bad rule was stored")
            } catch StoreError.invalid(let e) {
                #expect(Set(e.issues.map(\.field)) == ["name", "category", "teamId", "satisfactionClass"])
            }
        }
    }

    @Test("rules move up and down one place, or to a position, the others keeping their order; the first match follows the new order", arguments: TestDatabase.kinds)
    func reorder(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            let admin = f.admin
            let other = try await ServiceTeams(db).create(name: "دوم", leadId: nil, managerId: nil, routing: "round-robin", by: admin)
            let rules = RoutingRules(db)
            let all = try await rules.create(RoutingRuleInput(name: "all", teamId: String(f.team.id)), by: admin)
            let billing = try await rules.create(RoutingRuleInput(name: "billing", category: "billing", teamId: String(other.id)), by: admin)
            let third = try await rules.create(RoutingRuleInput(name: "third", channel: "sms", teamId: String(other.id)), by: admin)
            func names() async throws -> [String] { try await rules.list(by: admin).map(\.name) }
            func positions() async throws -> [Int] { try await rules.list(by: admin).map(\.position) }
            // The catch-all first: a billing ticket goes to the first team.
            let before = try await Tickets(db).open(TicketInput(customerId: String(f.customer.id), subject: "صورت‌حساب", category: "billing"), by: admin)
            #expect(before.teamId == f.team.id)
            let moved = try await rules.move(billing.id, up: true, by: admin)
            #expect(try await names() == ["billing", "all", "third"] && moved.position == 1 && moved.version == billing.version + 1)
            let after = try await Tickets(db).open(TicketInput(customerId: String(f.customer.id), subject: "صورت‌حساب ۲", category: "billing"), by: admin)
            #expect(after.teamId == other.id)
            // At the ends nothing moves.
            _ = try await rules.move(billing.id, up: true, by: admin)
            _ = try await rules.move(third.id, up: false, by: admin)
            #expect(try await names() == ["billing", "all", "third"])
            #expect(try await positions() == [1, 2, 3])
            _ = try await rules.move(all.id, up: false, by: admin)
            #expect(try await names() == ["billing", "third", "all"])
            // A position given to an update places the rule there and renumbers the rest.
            let current = try await rules.get(all.id, by: admin)
            _ = try await rules.update(all.id, RoutingRuleInput(name: "all", position: 1, teamId: String(f.team.id)), expectedVersion: current.version, by: admin)
            #expect(try await names() == ["all", "billing", "third"])
            #expect(try await positions() == [1, 2, 3])
            await #expect(throws: StoreError.self) { _ = try await rules.move(999_999, up: true, by: admin) }
            await #expect(throws: StoreError.self) { _ = try await rules.move(all.id, up: true, by: Principal(userId: f.agents[0].id, name: "Agent 1", role: .supportAgent)) }
            let audit = try await db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'routing-rule' AND action = 'move'").first()?
                .decode(column: "n", as: Int.self)
            #expect(audit == 2)
        }
    }

    @Test("a rule on customer value or RFM segment reads the latest scoring", arguments: TestDatabase.kinds)
    func valueRules(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            let vip = try await ServiceTeams(db).create(name: "VIP", leadId: nil, managerId: nil, routing: "least-loaded", by: f.admin)
            let vipAgent = try await ServiceFixture.agent(db, 8)
            _ = try await ServiceTeams(db).setMembers(vip.id, [(userId: vipAgent.id, skills: "", active: true)], by: f.admin)
            _ = try await RoutingRules(db).create(RoutingRuleInput(name: "valuable", minValue: "50000000", teamId: String(vip.id), priority: "urgent"), by: f.admin)
            try await f.catchAll(db)
            let tickets = Tickets(db)
            let before = try await tickets.open(TicketInput(customerId: String(f.customer.id), subject: "a"), by: f.admin)
            #expect(before.teamId == f.team.id, "never scored: the value rule does not match")
            try await db.sql.raw("""
                INSERT INTO customer_scores (customer_id, recency_days, purchases, monetary_minor, r, f, m, segment, repeat_purchases, clv_minor, computed_at)
                VALUES (\(bind: f.customer.id), 3, 9, 80000000, 5, 5, 5, 'champions', 8, NULL, 0)
                """).run()
            let after = try await tickets.open(TicketInput(customerId: String(f.customer.id), subject: "b"), by: f.admin)
            #expect(after.teamId == vip.id && after.priority == .urgent && after.assigneeId == vipAgent.id)
        }
    }

    @Test("round-robin stays fair when 30 tickets arrive at the same moment", arguments: TestDatabase.kinds)
    func concurrentRoundRobin(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 3)
            try await f.catchAll(db)
            let tickets = Tickets(db)
            let customer = String(f.customer.id)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<30 {
                    group.addTask {
                        // As a client would: a busy database is tried again; the counts below still check fairness.
                        for attempt in 1...20 {
                            do {
                                _ = try await tickets.open(TicketInput(customerId: customer, subject: "t\(i)"), by: f.admin)
                                return
                            } catch where attempt < 20 {
                                try await Task.sleep(for: .milliseconds(100))
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            // A retried arrival whose first try did commit (the client was told "busy" too late) is one more ticket; the
            // turns stay fair all the same: nobody has more than one ticket more than anyone else.
            let rows = try await db.sql.raw("SELECT assignee_id, COUNT(*) AS n FROM tickets GROUP BY assignee_id").all()
            let counts = try rows.map { try $0.decode(column: "n", as: Int.self) }
            #expect(counts.count == 3 && counts.reduce(0, +) >= 30 && (counts.max() ?? 0) - (counts.min() ?? 0) <= 1, "\(counts)")
            let subjects = try await db.sql.raw("SELECT DISTINCT subject FROM tickets").all()
            #expect(subjects.count == 30)
            let numbers = try await db.sql.raw("SELECT number FROM tickets").all().map { try $0.decode(column: "number", as: String.self) }
            #expect(Set(numbers).count == numbers.count && numbers.allSatisfy { $0.hasPrefix("T-14") && $0.count == 13 })
        }
    }

    @Test("least-loaded gives the next ticket to the agent with the fewest open ones; closed ones do not count", arguments: TestDatabase.kinds)
    func leastLoaded(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 2, routing: "least-loaded")
            let (a, b) = (f.agents[0], f.agents[1])
            let tickets = Tickets(db)
            let c = String(f.customer.id)
            for i in 0..<2 { _ = try await tickets.open(TicketInput(customerId: c, subject: "a\(i)", assigneeId: String(a.id)), by: f.admin) }
            let done = try await tickets.open(TicketInput(customerId: c, subject: "b0", assigneeId: String(b.id)), by: f.admin)
            _ = try await tickets.open(TicketInput(customerId: c, subject: "b1", assigneeId: String(b.id)), by: f.admin)
            _ = try await tickets.change(done.id, TicketChange(status: .closed), expectedVersion: nil, by: f.admin)
            try await f.catchAll(db)
            let next = try await tickets.open(TicketInput(customerId: c, subject: "n1"), by: f.admin)
            #expect(next.assigneeId == b.id, "b has one open ticket, a two")
            let then = try await tickets.open(TicketInput(customerId: c, subject: "n2"), by: f.admin)
            #expect(then.assigneeId == a.id || then.assigneeId == b.id)
            #expect(try await tickets.counts(for: b.principal).mine == 2)
        }
    }

    @Test("by skill: members whose skills include the category or the language, then the least loaded of them", arguments: TestDatabase.kinds)
    func skill(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 3, routing: "skill", skills: ["billing", "complaint, en", "complaint"])
            try await f.catchAll(db)
            let tickets = Tickets(db)
            let c = String(f.customer.id)
            let bill = try await tickets.open(TicketInput(customerId: c, subject: "فاکتور", category: "billing"), by: f.admin)
            #expect(bill.assigneeId == f.agents[0].id)
            let first = try await tickets.open(TicketInput(customerId: c, subject: "شکایت ۱", category: "complaint"), by: f.admin)
            let second = try await tickets.open(TicketInput(customerId: c, subject: "شکایت ۲", category: "complaint"), by: f.admin)
            #expect(Set([first.assigneeId, second.assigneeId]) == [f.agents[1].id, f.agents[2].id], "the two complaint handlers share them")
            let english = try await tickets.open(TicketInput(customerId: c, subject: "Hello", language: "en"), by: f.admin)
            #expect(english.assigneeId == f.agents[1].id)
            // Nobody has the skill: the whole team, least loaded first.
            let other = try await tickets.open(TicketInput(customerId: c, subject: "x", category: "return"), by: f.admin)
            #expect(other.assigneeId == f.agents[0].id || other.assigneeId == f.agents[2].id)
        }
    }
}
