import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

@Suite("The telephone's call log")
struct CallLogTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    /// A customer with a mobile number, an agent with extension 201, and a connector account.
    static func setUp(_ db: Database) async throws -> (admin: Principal, connector: Principal, agent: User, customer: Customer) {
        let admin = try await TestDatabase.admin(db)
        let agent = try await UserRepository(db).create(email: "agent@example.test", name: "Agent Ali", role: .supportAgent, password: "long enough pw")
        let connector = try await UserRepository(db).create(email: "pbx@example.test", name: "PBX", role: .channelManager, password: "long enough pw").principal
        #expect(try await StaffExtensions(db).set(agent.id, to: "201", by: admin) == "201")
        let customer = try await CustomerRepository(db).create(CustomerInput(name: "سارا رضایی", phones: ["0912 123 4567"]), by: admin)
        return (admin, connector, agent, customer)
    }

    static func calls(_ db: Database, _ customerId: Int64, by principal: Principal) async throws -> [TimelineEntry] {
        try await Timeline(db).page(of: customerId, InteractionQuery(kind: .call), by: principal).items
    }

    @Test("ringing, answered, ended: one call, one interaction with the talking time and the agent who answered", arguments: TestDatabase.kinds)
    func wholeCall(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, pbx, agent, customer) = try await Self.setUp(db)
            let log = CallLog(db)
            let ringing = try await log.report(CallEvent(callKey: "1790000000.1", kind: .ringing, from: "+989121234567", to: "02188887777", at: Self.t0), by: pbx)
            #expect(ringing.changed && ringing.call.state == .ringing && ringing.call.customerId == customer.id)
            #expect(ringing.call.customerName == "سارا رضایی" && ringing.call.fromNumber == "+989121234567" && ringing.call.toNumber == "+982188887777")
            #expect(ringing.namedAgentId == nil)
            let answered = try await log.report(CallEvent(callKey: "1790000000.1", kind: .answered, from: "+989121234567", agentExtension: "201",
                                                          at: Self.t0.addingTimeInterval(4)), by: pbx)
            #expect(answered.changed && answered.call.state == .answered && answered.call.agentId == agent.id && answered.namedAgentId == agent.id)
            let ended = try await log.report(CallEvent(callKey: "1790000000.1", kind: .ended, from: "+989121234567", at: Self.t0.addingTimeInterval(129)), by: pbx)
            #expect(ended.changed && ended.call.state == .ended && ended.call.durationSeconds == 125 && ended.call.interactionId != nil)
            let logged = try await Self.calls(db, customer.id, by: admin)
            #expect(logged.count == 1)
            #expect(logged.first?.durationSeconds == 125 && logged.first?.outcome == "answered" && logged.first?.staffName == "Agent Ali")
            #expect(logged.first?.direction == .inbound && logged.first?.channel == .phone && logged.first?.at == Self.t0)
            // The same reports again change nothing and log nothing more.
            for k in [CallEventKind.ringing, .answered, .ended] {
                let again = try await log.report(CallEvent(callKey: "1790000000.1", kind: k, from: "+989121234567", agentExtension: "999",
                                                           at: Self.t0.addingTimeInterval(500)), by: pbx)
                #expect(!again.changed && again.call.state == .ended && again.call.durationSeconds == 125 && again.call.agentId == agent.id)
            }
            #expect(try await Self.calls(db, customer.id, by: admin).count == 1)
            let listed = try await log.list(CallQuery(customerId: customer.id), by: admin)
            #expect(listed.items.map(\.callKey) == ["1790000000.1"])
        }
    }

    @Test("reports out of order: ended before answered corrects the one interaction; ended before ringing keeps the start", arguments: TestDatabase.kinds)
    func outOfOrder(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, pbx, agent, customer) = try await Self.setUp(db)
            let log = CallLog(db)
            let ended = try await log.report(CallEvent(callKey: "late.1", kind: .ended, from: "09121234567", at: Self.t0.addingTimeInterval(70)), by: pbx)
            #expect(ended.call.state == .missed && ended.call.durationSeconds == 0)
            #expect(try await Self.calls(db, customer.id, by: admin).map(\.outcome) == ["missed"])
            let answered = try await log.report(CallEvent(callKey: "late.1", kind: .answered, from: "09121234567", agentUserId: agent.id,
                                                          at: Self.t0.addingTimeInterval(10)), by: pbx)
            #expect(answered.changed && answered.call.state == .ended && answered.call.durationSeconds == 60 && answered.call.agentId == agent.id)
            let ringing = try await log.report(CallEvent(callKey: "late.1", kind: .ringing, from: "09121234567", at: Self.t0), by: pbx)
            #expect(!ringing.changed && ringing.call.startedAt == Self.t0 && ringing.call.state == .ended)
            let logged = try await Self.calls(db, customer.id, by: admin)
            #expect(logged.count == 1)
            #expect(logged.first?.outcome == "answered" && logged.first?.durationSeconds == 60 && logged.first?.staffName == "Agent Ali")
        }
    }

    @Test("a call nobody answers is logged as missed, without staff", arguments: TestDatabase.kinds)
    func missed(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, pbx, _, customer) = try await Self.setUp(db)
            let log = CallLog(db)
            _ = try await log.report(CallEvent(callKey: "m.1", kind: .ringing, from: "989121234567", agentExtension: "201", at: Self.t0), by: pbx)
            let ended = try await log.report(CallEvent(callKey: "m.1", kind: .ended, from: "989121234567", at: Self.t0.addingTimeInterval(30)), by: pbx)
            #expect(ended.call.state == .missed && ended.call.durationSeconds == 0)
            let logged = try await Self.calls(db, customer.id, by: admin)
            #expect(logged.map(\.outcome) == ["missed"] && logged.first?.staffName == nil)
            #expect(try await log.list(CallQuery(state: .missed), by: admin).items.map(\.callKey) == ["m.1"])
        }
    }

    @Test("an unknown number's call is kept, shown as unknown, and logs no interaction", arguments: TestDatabase.kinds)
    func unknownNumber(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, pbx, _, _) = try await Self.setUp(db)
            let log = CallLog(db)
            _ = try await log.report(CallEvent(callKey: "u.1", kind: .ringing, from: "anonymous", at: Self.t0), by: pbx)
            _ = try await log.report(CallEvent(callKey: "u.1", kind: .answered, from: "anonymous", agentExtension: "201", at: Self.t0.addingTimeInterval(2)), by: pbx)
            let ended = try await log.report(CallEvent(callKey: "u.1", kind: .ended, from: "anonymous", at: Self.t0.addingTimeInterval(12)), by: pbx)
            #expect(ended.call.customerId == nil && ended.call.fromNumber == nil && ended.call.fromRaw == "anonymous")
            #expect(ended.call.state == .ended && ended.call.durationSeconds == 10 && ended.call.interactionId == nil)
            let count = try await db.sql.raw("SELECT COUNT(*) AS n FROM interactions").first()?.decode(column: "n", as: Int.self)
            #expect(count == 0)
            #expect(try await log.list(CallQuery(), by: admin).items.map(\.callKey) == ["u.1"])
        }
    }

    @Test("the same report sent concurrently logs one interaction", arguments: TestDatabase.kinds)
    func concurrentRepeats(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, pbx, _, customer) = try await Self.setUp(db)
            let log = CallLog(db)
            let changed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await log.report(CallEvent(callKey: "c.1", kind: .ended, from: "+989121234567", at: Self.t0), by: pbx).changed }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(changed == 1)
            #expect(try await Self.calls(db, customer.id, by: admin).count == 1)
        }
    }

    @Test("only roles with calls.report report; bad reports say which field; extensions are one person's", arguments: TestDatabase.kinds)
    func refusals(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, pbx, agent, _) = try await Self.setUp(db)
            let log = CallLog(db)
            await #expect(throws: StoreError.self) {
                _ = try await log.report(CallEvent(callKey: "x", kind: .ringing, from: "09121234567"), by: agent.principal)
            }
            do {
                _ = try await log.report(CallEvent(callKey: " ", kind: .ringing, from: "", agentUserId: 987654), by: pbx)
                Issue.record("accepted a blank call")
            } catch StoreError.invalid(let error) {
                #expect(Set(error.issues.map(\.field)) == ["callId", "from"])
            }
            do {
                _ = try await log.report(CallEvent(callKey: "y", kind: .ringing, from: "0912", agentUserId: 987654), by: pbx)
                Issue.record("accepted an unknown agent")
            } catch StoreError.invalid(let error) {
                #expect(error.issues.map(\.code) == ["id.user"])
            }
            let other = try await UserRepository(db).create(email: "b@example.test", name: "B", role: .supportAgent, password: "long enough pw")
            do {
                _ = try await StaffExtensions(db).set(other.id, to: "201", by: admin)
                Issue.record("gave one extension to two people")
            } catch StoreError.invalid(let error) {
                #expect(error.issues.map(\.code) == ["extension.taken"])
            }
            #expect(try await StaffExtensions(db).set(agent.id, to: nil, by: admin) == nil)
            #expect(try await StaffExtensions(db).set(other.id, to: "201", by: admin) == "201")
            await #expect(throws: StoreError.self) { _ = try await StaffExtensions(db).set(other.id, to: "202", by: pbx) }
        }
    }
}
