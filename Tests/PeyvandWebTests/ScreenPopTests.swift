import Foundation
import PeyvandCore
import PeyvandStore
import Testing
@testable import PeyvandWeb

/// The screen-pop's broadcaster: who gets an event, a slow browser's bounded buffer, keep-alives,
/// and no subscription left behind by a browser that went away.
@Suite struct ScreenPopTests {
    static let agent = Principal(userId: 2, name: "Agent", role: .supportAgent)
    static let other = Principal(userId: 3, name: "Other", role: .salesRep)

    @Test("events reach only the people they are for; a slow subscriber keeps the newest events and stalls no one")
    func deliveryAndBounds() async throws {
        let pop = ScreenPop(keepAlive: .seconds(3600))
        let (agentId, agentStream) = await pop.subscribe(Self.agent)
        let (_, otherStream) = await pop.subscribe(Self.other)
        #expect(await pop.count == 2)
        #expect(Set(await pop.listeners().map(\.userId)) == [2, 3])
        await pop.send([2: "first"])
        var agentEvents = agentStream.makeAsyncIterator()
        let first = await agentEvents.next()
        #expect(first == "first")
        // The other subscriber reads nothing while the agent is sent more than its buffer holds.
        for i in 0..<(ScreenPop.bufferSize + 10) { await pop.send([3: "e\(i)"]) }
        await pop.send([2: "second"])
        let second = await agentEvents.next()
        #expect(second == "second", "a slow subscriber does not hold up another")
        var otherEvents = otherStream.makeAsyncIterator()
        let oldestKept = await otherEvents.next()
        #expect(oldestKept == "e10", "the oldest events were dropped, the newest kept")
        await pop.unsubscribe(agentId)
        #expect(await pop.count == 1)
        let after = await agentEvents.next()
        #expect(after == nil, "an ended subscription's stream finishes")
    }

    @Test("keep-alive comments flow while someone listens; a reader that stops is removed")
    func keepAliveAndCleanUp() async throws {
        let pop = ScreenPop(keepAlive: .milliseconds(50))
        let (firstId, first) = await pop.subscribe(Self.agent)
        var events = first.makeAsyncIterator()
        let comment = await events.next()
        #expect(comment == ": keep-alive\n\n")
        await pop.unsubscribe(firstId)
        // A reader whose task ends (as when the browser's connection closes): its subscription goes.
        let (_, stream) = await pop.subscribe(Self.other)
        let reader = Task { for await _ in stream {} }
        for _ in 0..<50 where await pop.count == 0 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(await pop.count == 1)
        reader.cancel()
        await reader.value
        for _ in 0..<100 where await pop.count > 0 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(await pop.count == 0)
    }

    @Test("an SSE event is one line of data under its name")
    func eventFormat() {
        #expect(ScreenPop.event("call", data: "{\"a\":\n1}") == "event: call\ndata: {\"a\": 1}\n\n")
    }
}

/// Who a reported call pops up for, through the real call log and customer scopes.
@Suite struct CallNotifierTests {
    static func callIds(_ stream: AsyncStream<String>) async -> [String] {
        var ids: [String] = []
        for await text in stream where text.hasPrefix("event: call") {
            if let range = text.range(of: #""callId":"[^"]+""#, options: .regularExpression) {
                ids.append(String(text[range].dropFirst(10).dropLast()))
            }
        }
        return ids
    }

    @Test("a named agent alone gets the ringing call; unnamed, everyone who may read that customer; an unknown number, every reader")
    func routing() async throws {
        try await TestApp.with { app, _ in
            let db = app.database, admin = app.admin.principal
            let users = UserRepository(db)
            let agent = try await users.create(email: "agent@example.test", name: "Agent", role: .supportAgent, password: "long enough pw")
            let rep = try await users.create(email: "rep@example.test", name: "Rep", role: .salesRep, password: "long enough pw")
            _ = try await StaffExtensions(db).set(agent.id, to: "201", by: admin)
            _ = try await CustomerRepository(db).create(CustomerInput(name: "Admin's customer", phones: ["09121234567"], ownerId: String(admin.userId)), by: admin)
            let pop = ScreenPop(keepAlive: .seconds(3600))
            let notifier = CallNotifier(pop: pop, customers: CustomerRepository(db))
            let (_, adminStream) = await pop.subscribe(admin)
            let (_, agentStream) = await pop.subscribe(agent.principal)
            let (_, repStream) = await pop.subscribe(rep.principal)
            let log = CallLog(db)
            await notifier.notify(try await log.report(CallEvent(callKey: "named", kind: .ringing, from: "09121234567", agentExtension: "201"), by: admin))
            await notifier.notify(try await log.report(CallEvent(callKey: "unnamed", kind: .ringing, from: "+989121234567"), by: admin))
            // The same report again pops nothing; an outgoing call pops nothing.
            await notifier.notify(try await log.report(CallEvent(callKey: "unnamed", kind: .ringing, from: "+989121234567"), by: admin))
            await notifier.notify(try await log.report(CallEvent(callKey: "out", kind: .ringing, from: "201", to: "09121234567", direction: .outbound), by: admin))
            await notifier.notify(try await log.report(CallEvent(callKey: "stranger", kind: .ringing, from: "09350000000"), by: admin))
            // The pop-up follows the call: its end reaches the same readers.
            await notifier.notify(try await log.report(CallEvent(callKey: "unnamed", kind: .ended, from: "+989121234567"), by: admin))
            await pop.finishAll()
            #expect(await Self.callIds(adminStream) == ["unnamed", "stranger", "unnamed"])
            #expect(await Self.callIds(agentStream) == ["named", "unnamed", "stranger", "unnamed"])
            #expect(await Self.callIds(repStream) == ["stranger"], "a sales rep does not reach the admin's customer")
        }
    }
}
