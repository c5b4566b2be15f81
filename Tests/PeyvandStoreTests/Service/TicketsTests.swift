import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

@Suite("Service: tickets from channels, replies and notes, merges, versions")
struct TicketsTests {
    static func email(_ address: String, subject: String, body: String, id: String, token: Int64? = nil, inReplyTo: [String] = []) -> InboundMessage {
        InboundMessage(channel: .email, address: address, senderName: "Maryam", subject: subject, body: body, externalId: id,
                       inReplyTo: inReplyTo, threadToken: token)
    }

    @Test("an inbound email opens a routed ticket; the answer goes out by email with the ticket's token; the customer's reply continues it", arguments: TestDatabase.kinds)
    func emailThread(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 2)
            try await f.catchAll(db)
            let inbox = Inbox(db)
            let first = try await inbox.receive(Self.email("maryam@example.test", subject: "سفارش نرسید", body: "سلام، سفارشم هنوز نرسیده.", id: "<m1@x>"))
            let ticketId = try #require(first.ticketId)
            let tickets = Tickets(db)
            let ticket = try await tickets.get(ticketId, by: f.admin)
            #expect(ticket.customerId == f.customer.id && ticket.channel == .email && ticket.assigneeId == f.agents[0].id && ticket.status == .new)
            #expect(ticket.subject == "سفارش نرسید" && ticket.language == .fa && ticket.threadId == first.threadId)
            // The agent is told by email, in the transaction that gave them the ticket.
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM outbox_messages WHERE recipient = 'agent1@example.test'") == 1)
            let agent = f.agents[0].principal
            #expect(try await tickets.list(TicketQuery(queue: .mine), by: agent).items.map(\.id) == [ticketId])
            let note = try await tickets.addMessage(ticketId, body: "پیگیری با انبار", internal: true, by: agent)
            #expect(!note.isPublic && note.interactionId == nil)
            let timeline = try await Timeline(db).page(of: f.customer.id, InteractionQuery(limit: 50), by: f.admin)
            #expect(timeline.items.count == 1, "the note is not on the timeline")
            let reply = try await tickets.addMessage(ticketId, body: "فردا می‌رسد.", internal: false, by: agent)
            #expect(reply.isPublic && reply.channel == "email" && reply.deliveryStatus == "queued")
            let out = try #require(try await db.sql.raw("""
                SELECT o.recipient, o.payload, m.thread_id FROM outbox_messages o JOIN channel_messages m ON m.outbox_message_id = o.id
                WHERE o.channel = 'email' AND o.recipient = 'maryam@example.test'
                """).first())
            #expect(try out.decode(column: "thread_id", as: Int64.self) == first.threadId)
            #expect(try out.decode(column: "payload", as: String.self).contains(ticket.number))
            let answered = try await tickets.get(ticketId, by: f.admin)
            #expect(answered.firstResponseAt != nil && answered.status == .open)
            _ = try await tickets.change(ticketId, TicketChange(status: .waiting), expectedVersion: answered.version, by: agent)
            // The customer answers with the token in the subject: the same ticket, open again.
            let second = try await inbox.receive(Self.email("maryam@example.test", subject: "Re: سفارش [#\(first.threadId)]", body: "ممنون", id: "<m2@x>",
                                                            token: first.threadId))
            #expect(second.ticketId == ticketId)
            let after = try await tickets.get(ticketId, by: f.admin)
            #expect(after.status == .open && after.waitingSince == nil)
            let thread = try await tickets.messages(ticketId, by: f.admin)
            #expect(thread.map(\.direction) == [.inbound, .note, .outbound, .inbound])
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM tickets") == 1)
            // A new email with no thread is a new ticket.
            let third = try await inbox.receive(Self.email("maryam@example.test", subject: "پرسش دیگر", body: "...", id: "<m3@x>"))
            #expect(third.ticketId != nil && third.ticketId != ticketId)
        }
    }

    @Test("an unknown sender becomes a new contact with a ticket; SMS continues the open SMS ticket; the setting decides which channels open tickets", arguments: TestDatabase.kinds)
    func unknownSenderAndSettings(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            let inbox = Inbox(db)
            let stranger = try await inbox.receive(Self.email("new.person@example.com", subject: "Help", body: "My device is broken", id: "<s1@x>"))
            #expect(stranger.createdCustomer && stranger.ticketId != nil)
            let t = try await Tickets(db).get(try #require(stranger.ticketId), by: f.admin)
            #expect(t.customerId == stranger.customerId && t.language == .en && t.teamId == nil && t.assigneeId == nil)
            let sms1 = try await inbox.receive(InboundMessage(channel: .sms, address: "+989121234567", body: "دستگاه روشن نمی‌شود", externalId: "s-1"))
            let sms2 = try await inbox.receive(InboundMessage(channel: .sms, address: "+989121234567", body: "لطفاً تماس بگیرید", externalId: "s-2"))
            #expect(sms1.customerId == f.customer.id && sms1.ticketId != nil && sms2.ticketId == sms1.ticketId)
            let smsTicket = try await Tickets(db).get(try #require(sms1.ticketId), by: f.admin)
            #expect(smsTicket.subject == "دستگاه روشن نمی‌شود" && smsTicket.channel == .sms)
            // An unsubscribe keyword opens nothing.
            _ = try await Tickets(db).change(smsTicket.id, TicketChange(status: .closed), expectedVersion: nil, by: f.admin)
            let stop = try await inbox.receive(InboundMessage(channel: .sms, address: "+989121234567", body: "لغو", externalId: "s-3"))
            #expect(stop.ticketId == nil)
            _ = try await ServiceSettingsStore(db).update(inboundChannels: ["sms"], defaultTeamId: nil, by: f.admin)
            let none = try await inbox.receive(Self.email("maryam@example.test", subject: "x", body: "y", id: "<s4@x>"))
            #expect(none.ticketId == nil, "email no longer opens tickets")
            do {
                _ = try await ServiceSettingsStore(db).update(inboundChannels: ["fax"], defaultTeamId: nil, by: f.admin)
                Issue.record("fax was accepted")
            } catch StoreError.invalid(let e) { #expect(e.issues.first?.field == "inboundChannels") }
        }
    }

    @Test("a phone ticket is answered on the customer's preferred channel; closed and merged tickets refuse messages; huge bodies are cut", arguments: TestDatabase.kinds)
    func repliesAndRefusals(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            let tickets = Tickets(db)
            let huge = String(repeating: "ب", count: Inbox.bodyLimit + 5_000)
            let call = try await tickets.open(TicketInput(customerId: String(f.customer.id), subject: "تماس", body: huge, channel: "phone",
                                                          category: "request"), by: f.admin)
            let first = try await tickets.messages(call.id, by: f.admin)
            #expect(first.count == 1 && first[0].body.count == Inbox.bodyLimit && first[0].interactionId != nil)
            let reply = try await tickets.addMessage(call.id, body: "با شما تماس می‌گیریم", internal: false, by: f.admin)
            #expect(reply.channel == "sms", "the customer prefers SMS")
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM outbox_messages WHERE channel = 'sms' AND recipient = '+989121234567'") == 1)
            let closed = try await tickets.change(call.id, TicketChange(status: .closed), expectedVersion: nil, by: f.admin)
            #expect(closed.closedAt != nil)
            let before = try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM ticket_messages")
            await #expect(throws: StoreError.self) { _ = try await tickets.addMessage(call.id, body: "x", internal: false, by: f.admin) }
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM ticket_messages") == before)
            do {
                _ = try await tickets.open(TicketInput(customerId: String(f.customer.id), subject: "x", category: "praise", priority: "asap"), by: f.admin)
                Issue.record("an unknown category was accepted")
            } catch StoreError.invalid(let e) { #expect(Set(e.issues.map(\.field)) == ["category", "priority"]) }
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM tickets") == 1)
            await #expect(throws: StoreError.self) {
                _ = try await tickets.open(TicketInput(customerId: "99999", subject: "x"), by: f.admin)
            }
            // Nobody to write to: a walk-in with neither address nor phone.
            let walkIn = try await CustomerRepository(db).create(CustomerInput(name: "رهگذر"), by: f.admin)
            let visit = try await tickets.open(TicketInput(customerId: String(walkIn.id), subject: "مراجعه", channel: "visit"), by: f.admin)
            do {
                _ = try await tickets.addMessage(visit.id, body: "پاسخ", internal: false, by: f.admin)
                Issue.record("a reply with no channel was queued")
            } catch StoreError.invalid(let e) { #expect(e.issues.first?.code == "send.noChannel") }
            _ = try await tickets.addMessage(visit.id, body: "یادداشت", internal: true, by: f.admin)
        }
    }

    @Test("merge: messages move to the survivor; into itself, across customers or into a merged ticket is refused with nothing changed", arguments: TestDatabase.kinds)
    func merge(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            let inbox = Inbox(db)
            let a = try #require(try await inbox.receive(Self.email("maryam@example.test", subject: "الف", body: "۱", id: "<a@x>")).ticketId)
            let bReceipt = try await inbox.receive(Self.email("maryam@example.test", subject: "الف دوباره", body: "۲", id: "<b@x>"))
            let b = try #require(bReceipt.ticketId)
            let other = try await inbox.receive(Self.email("someone@example.com", subject: "c", body: "3", id: "<c@x>"))
            let tickets = Tickets(db)
            let snapshot = { try await db.sql.raw("SELECT id, status, version FROM tickets ORDER BY id").all()
                .map { "\(try $0.decode(column: "id", as: Int64.self)):\(try $0.decode(column: "status", as: String.self)):\(try $0.decode(column: "version", as: Int.self))" } }
            let before = try await snapshot()
            for (into, code) in [(b, "ticket.mergeSelf"), (try #require(other.ticketId), "ticket.mergeCustomer"), (99999, "ref.unknown")] {
                do {
                    _ = try await tickets.merge(b, into: into, expectedVersion: nil, by: f.admin)
                    Issue.record("merge into \(into) was accepted")
                } catch StoreError.invalid(let e) { #expect(e.issues.first?.code == code) }
            }
            let stale = try await tickets.get(b, by: f.admin).version - 1
            await #expect(throws: StoreError.versionMismatch(current: stale + 1)) { _ = try await tickets.merge(b, into: a, expectedVersion: stale, by: f.admin) }
            #expect(try await snapshot() == before)
            let survivor = try await tickets.merge(b, into: a, expectedVersion: nil, by: f.admin)
            #expect(survivor.id == a)
            let merged = try await tickets.get(b, by: f.admin)
            #expect(merged.status == .merged && merged.mergedIntoId == a)
            let thread = try await tickets.messages(a, by: f.admin)
            #expect(thread.map(\.body) == ["۱", "۲"] && thread[1].mergedFromId == b)
            #expect(try await tickets.messages(b, by: f.admin).isEmpty)
            // Into a merged ticket, from a merged one, a message to a merged one: 409.
            let c = try #require(try await inbox.receive(Self.email("maryam@example.test", subject: "سوم", body: "۳", id: "<d@x>")).ticketId)
            await #expect(throws: StoreError.self) { _ = try await tickets.merge(c, into: b, expectedVersion: nil, by: f.admin) }
            await #expect(throws: StoreError.self) { _ = try await tickets.merge(b, into: c, expectedVersion: nil, by: f.admin) }
            await #expect(throws: StoreError.self) { _ = try await tickets.addMessage(b, body: "x", internal: true, by: f.admin) }
            // The customer answers on the merged ticket's thread: it lands on the survivor.
            let late = try await inbox.receive(Self.email("maryam@example.test", subject: "Re [#\(bReceipt.threadId)]", body: "۴", id: "<e@x>",
                                                          token: bReceipt.threadId))
            #expect(late.ticketId == a)
        }
    }

    @Test("versions refuse lost updates; reassignment keeps the reason; a sales rep reaches only their customers' tickets", arguments: TestDatabase.kinds)
    func versionsAndAssignment(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 2)
            let tickets = Tickets(db)
            let t = try await tickets.open(TicketInput(customerId: String(f.customer.id), subject: "x", body: "y", channel: "phone"), by: f.admin)
            let changed = try await tickets.change(t.id, TicketChange(priority: .urgent), expectedVersion: t.version, by: f.admin)
            #expect(changed.version == t.version + 1 && changed.priority == .urgent)
            await #expect(throws: StoreError.versionMismatch(current: changed.version)) {
                _ = try await tickets.change(t.id, TicketChange(priority: .low), expectedVersion: t.version, by: f.admin)
            }
            do {
                _ = try await tickets.assign(t.id, to: f.agents[1].id, team: nil, reason: " ", expectedVersion: nil, by: f.admin)
                Issue.record("no reason was accepted")
            } catch StoreError.invalid(let e) { #expect(e.issues.first?.field == "reason") }
            let handed = try await tickets.assign(t.id, to: f.agents[1].id, team: f.team.id, reason: "مسلط به انگلیسی", expectedVersion: nil, by: f.admin)
            #expect(handed.assigneeId == f.agents[1].id && handed.teamId == f.team.id)
            let history = try await tickets.assignments(t.id, by: f.admin)
            #expect(history.last?.reason == "مسلط به انگلیسی" && history.last?.toUserId == f.agents[1].id)
            let audit = try await tickets.audit(t.id, by: f.admin)
            #expect(audit.contains { $0.action == "assign" && ($0.after ?? "").contains("مسلط به انگلیسی") })
            // An agent may not hand on without tickets.assign? Support agents may; a sales rep may not.
            let rep = try await UserRepository(db).create(email: "rep@example.test", name: "Rep", role: .salesRep, password: "long enough pw")
            await #expect(throws: StoreError.self) { _ = try await tickets.get(t.id, by: rep.principal) }
            #expect(try await tickets.list(TicketQuery(), by: rep.principal).items.isEmpty)
            await #expect(throws: StoreError.self) {
                _ = try await tickets.assign(t.id, to: rep.id, team: nil, reason: "x", expectedVersion: nil, by: rep.principal)
            }
            let partner = Principal(userId: 99, name: "p", role: .partner)
            await #expect(throws: StoreError.self) { _ = try await tickets.list(TicketQuery(), by: partner) }
        }
    }

    @Test("the public form finds the customer by email, else makes a contact; the honeypot stores nothing; the limit holds", arguments: TestDatabase.kinds)
    func supportForm(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            let form = SupportRequests(db)
            let known = try await form.submit(SupportRequest(name: "مریم", email: "Maryam@Example.test", body: "کمک"), address: "10.0.0.1", honeypot: false)
            guard case .opened(let number) = known else { Issue.record("not opened: \(known)"); return }
            let t = try #require(try await Tickets(db).list(TicketQuery(), by: f.admin).items.first)
            #expect(t.number == number && t.customerId == f.customer.id && t.channel == .web)
            let fresh = try await form.submit(SupportRequest(name: "Ali", phone: "0935 111 2233", body: "help", language: .en), address: "10.0.0.2", honeypot: false)
            guard case .opened = fresh else { Issue.record("not opened: \(fresh)"); return }
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM customers") == 2)
            let bot = try await form.submit(SupportRequest(name: "x", email: "x@example.com", body: "spam"), address: "10.0.0.3", honeypot: true)
            #expect(bot == .ignored)
            let bad = try await form.submit(SupportRequest(name: "", body: " ", category: "praise"), address: "10.0.0.4", honeypot: false)
            guard case .invalid(let e) = bad else { Issue.record("accepted: \(bad)"); return }
            #expect(Set(e.issues.map(\.field)) == ["name", "email", "body", "category"])
            var last: SupportOutcome = .ignored
            let moment = Date(timeIntervalSince1970: 1_800_000_010)
            for _ in 0..<4 {
                last = try await form.submit(SupportRequest(name: "x", email: "y@example.com", body: "z"), address: "10.0.0.9", honeypot: false, now: moment)
            }
            if case .throttled(let wait) = last { #expect(wait > 0) } else { Issue.record("the fourth in a minute was not refused: \(last)") }
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM tickets") == 5)
        }
    }
}
