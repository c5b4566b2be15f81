import Foundation
import PeyvandCore
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
