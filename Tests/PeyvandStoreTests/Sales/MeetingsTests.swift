import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

@Suite("Meetings: attendees, overlaps, held on the timeline, ranges, the feed's tokens")
struct MeetingsTests {
    static let now = Date(timeIntervalSince1970: 1_796_587_200)
    static let hour: TimeInterval = 3600

    /// An organisation with two people, a person customer, and a second member of staff.
    static func setUp(_ db: Database) async throws -> (admin: Principal, omid: User, org: Customer, people: [Customer], person: Customer) {
        let admin = try await TestDatabase.admin(db)
        let omid = try await UserRepository(db).create(email: "omid@example.test", name: "Omid", role: .supportAgent, password: "long enough pw")
        let customers = CustomerRepository(db)
        let org = try await customers.create(CustomerInput(kind: "organisation", name: "شرکت آلفا"), by: admin)
        let a = try await customers.create(CustomerInput(name: "علی رضایی", organisationId: String(org.id)), by: admin)
        let b = try await customers.create(CustomerInput(name: "Sara Green", organisationId: String(org.id)), by: admin)
        let person = try await customers.create(CustomerInput(name: "مریم احمدی"), by: admin)
        return (admin, omid, org, [a, b], person)
    }

    @Test("attendees come from staff and the customer's people; an attendee busy then is a warning, not a refusal", arguments: TestDatabase.kinds)
    func attendeesAndOverlaps(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, omid, org, people, person) = try await Self.setUp(db)
            let meetings = MeetingRepository(db)
            #expect(try await meetings.contacts(of: org.id, by: admin).map(\.name).sorted() == ["Sara Green", "علی رضایی"].sorted())
            #expect(try await meetings.contacts(of: person.id, by: admin).map(\.id) == [person.id])
            let first = try await meetings.create(MeetingInput(title: "معرفی", startsAt: Self.now, endsAt: Self.now.addingTimeInterval(Self.hour),
                                                               customerId: org.id, userIds: [omid.id], contactIds: people.map(\.id)), by: admin, now: Self.now)
            #expect(first.overlaps.isEmpty)
            #expect(Set(first.meeting.attendees.map(\.name)) == ["Omid", "علی رضایی", "Sara Green"])
            #expect(first.meeting.sequence == 0 && first.meeting.status == .scheduled && first.meeting.uid.hasSuffix("@peyvand"))
            // Omid again, half an hour later: saved, with a warning naming him and the first meeting.
            let second = try await meetings.create(MeetingInput(title: "Budget", startsAt: Self.now.addingTimeInterval(1800),
                                                                endsAt: Self.now.addingTimeInterval(5400), organiserId: omid.id), by: admin, now: Self.now)
            #expect(second.overlaps.map(\.meetingId) == [first.meeting.id] && second.overlaps.first?.attendeeName == "Omid")
            // Back to back is not an overlap.
            let third = try await meetings.create(MeetingInput(title: "Next", startsAt: Self.now.addingTimeInterval(5400),
                                                               endsAt: Self.now.addingTimeInterval(7200), organiserId: omid.id), by: admin, now: Self.now)
            #expect(third.overlaps.isEmpty)
            do {
                _ = try await meetings.create(MeetingInput(title: "x", startsAt: Self.now, endsAt: Self.now.addingTimeInterval(Self.hour),
                                                           customerId: person.id, contactIds: [people[0].id]), by: admin, now: Self.now)
                Issue.record("another customer's person was accepted")
            } catch StoreError.invalid(let error) { #expect(error.issues.first?.code == "meeting.contacts") }
            for (start, end, code) in [(Self.now, Self.now, "meeting.order"), (Self.now, Self.now.addingTimeInterval(25 * Self.hour), "meeting.length")] {
                do {
                    _ = try await meetings.create(MeetingInput(title: "bad", startsAt: start, endsAt: end), by: admin, now: Self.now)
                    Issue.record("\(code) was accepted")
                } catch StoreError.invalid(let error) { #expect(error.issues.map(\.code) == [code]) }
            }
        }
    }

    @Test("a held meeting logs one interaction on the customer's timeline; marking it held again adds nothing", arguments: TestDatabase.kinds)
    func held(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, _, _, _, person) = try await Self.setUp(db)
            let meetings = MeetingRepository(db)
            let saved = try await meetings.create(MeetingInput(title: "جلسهٔ مذاکره", startsAt: Self.now, endsAt: Self.now.addingTimeInterval(5400),
                                                               customerId: person.id, contactIds: [person.id]), by: admin, now: Self.now)
            async let a = meetings.markHeld(saved.meeting.id, notes: "قرارداد امضا شد", by: admin, now: Self.now)
            async let b = meetings.markHeld(saved.meeting.id, notes: "قرارداد امضا شد", by: admin, now: Self.now)
            let (x, y) = try await (a, b)
            #expect(x.status == .held && y.status == .held && x.interactionId != nil && x.interactionId == y.interactionId)
            _ = try await meetings.markHeld(saved.meeting.id, notes: nil, by: admin, now: Self.now)
            let timeline = try await Timeline(db).page(of: person.id, InteractionQuery(kind: .meeting), by: admin).items
            #expect(timeline.count == 1)
            #expect(timeline.first?.durationSeconds == 5400 && timeline.first?.at == Self.now)
            let held = try await meetings.get(saved.meeting.id, by: admin)
            #expect(held.sequence == 1 && held.notes == "قرارداد امضا شد")
            do { _ = try await meetings.cancel(held.id, by: admin); Issue.record("a held meeting was cancelled") } catch StoreError.conflict {}
        }
    }

    @Test("changes raise the sequence and refuse an old version; cancelling keeps the meeting, marked", arguments: TestDatabase.kinds)
    func changes(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, omid, _, _, _) = try await Self.setUp(db)
            let meetings = MeetingRepository(db)
            let m = try await meetings.create(MeetingInput(title: "A", startsAt: Self.now, endsAt: Self.now.addingTimeInterval(Self.hour)), by: admin, now: Self.now).meeting
            let moved = try await meetings.update(m.id, MeetingInput(title: "A", startsAt: Self.now.addingTimeInterval(Self.hour), endsAt: Self.now.addingTimeInterval(2 * Self.hour),
                                                                     userIds: [omid.id]), expectedVersion: 1, by: admin, now: Self.now).meeting
            #expect(moved.sequence == 1 && moved.version == 2 && moved.attendees.map(\.id) == [omid.id])
            do {
                _ = try await meetings.update(m.id, MeetingInput(title: "B", startsAt: Self.now, endsAt: Self.now.addingTimeInterval(Self.hour)),
                                              expectedVersion: 1, by: admin, now: Self.now)
                Issue.record("an old version was accepted")
            } catch StoreError.versionMismatch {}
            let cancelled = try await meetings.cancel(m.id, by: admin, now: Self.now)
            #expect(cancelled.status == .cancelled && cancelled.sequence == 2)
            // Omid's calendar has it (cancelled); a range that ends before it does not.
            let range = MeetingQuery(from: Self.now, to: Self.now.addingTimeInterval(86400), userId: omid.id)
            #expect(try await meetings.list(range, by: admin).items.map(\.status) == [.cancelled])
            let before = MeetingQuery(from: Self.now.addingTimeInterval(-86400), to: Self.now.addingTimeInterval(Self.hour))
            #expect(try await meetings.list(before, by: admin).items.isEmpty)
        }
    }

    @Test("a feed token opens its owner's feed until it is replaced or revoked; only its digest is stored", arguments: TestDatabase.kinds)
    func feedTokens(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let feeds = CalendarFeeds(db)
            #expect(try await feeds.status(of: admin.userId).createdAt == nil)
            let first = try await feeds.create(by: admin)
            #expect(try await feeds.principal(forToken: first)?.userId == admin.userId)
            let stored = try await db.sql.raw("SELECT token_hash FROM calendar_feeds").all().map { try $0.decode(column: "token_hash", as: String.self) }
            #expect(stored == [Secrets.digest(first)] && !stored.contains(first))
            let second = try await feeds.create(by: admin)
            #expect(try await feeds.principal(forToken: first) == nil, "a replaced token stops working")
            #expect(try await feeds.principal(forToken: second)?.userId == admin.userId)
            try await feeds.revoke(by: admin)
            #expect(try await feeds.principal(forToken: second) == nil)
            #expect(try await feeds.principal(forToken: "cal_' OR 1=1 --") == nil)
        }
    }
}
