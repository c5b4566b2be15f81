import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

@Suite("Service: surveys after resolution and delivery, the signed link answered once")
struct SurveysTests {
    /// The token of the survey link in the latest survey message queued to `recipient`.
    static func token(_ db: Database, to recipient: String) async throws -> String {
        let payload = try #require(try await db.sql.raw("""
            SELECT payload FROM outbox_messages WHERE recipient = \(bind: recipient) AND idempotency_key LIKE 'survey:%' ORDER BY id DESC LIMIT 1
            """).first()?.decode(column: "payload", as: String.self))
        let text = try #require(ChannelPayload.decode(payload)?.text)
        let start = try #require(text.range(of: "/survey/"))
        return String(text[start.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
    }

    static func surveyMessages(_ db: Database) async throws -> Int {
        try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM outbox_messages WHERE idempotency_key LIKE 'survey:%'")
    }

    /// A resolved ticket of the fixture's customer (who prefers SMS and consented to it).
    static func resolvedTicket(_ db: Database, _ f: ServiceFixture, subject: String = "دستگاه روشن نمی‌شود") async throws -> Ticket {
        let tickets = Tickets(db)
        let t = try await tickets.open(TicketInput(customerId: String(f.customer.id), subject: subject, body: "سلام", channel: "phone",
                                                   assigneeId: String(f.agents[f.agents.count - 1].id), teamId: String(f.team.id)), by: f.admin)
        return try await tickets.change(t.id, TicketChange(status: .resolved), expectedVersion: nil, by: f.admin)
    }

    @Test("resolving a ticket sends one survey on the preferred channel in the ticket's language; resolving again asks nothing more", arguments: TestDatabase.kinds)
    func resolveSendsOnce(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 2)
            let ticket = try await Self.resolvedTicket(db, f)
            let surveys = Surveys(db)
            let survey = try #require(try await surveys.forTicket(ticket.id, by: f.admin))
            #expect(survey.occasion == .resolved && survey.channel == .sms && survey.language == .fa && survey.customerId == f.customer.id)
            #expect(survey.sentAt != nil && survey.outboxMessageId != nil && survey.deliveryStatus == "queued" && !survey.isAnswered)
            let days = survey.expiresAt.timeIntervalSince(try #require(survey.sentAt)) / 86_400
            #expect(abs(days - 14) < 0.01, "the link works 14 days by default")
            #expect(try await Self.surveyMessages(db) == 1)
            let out = try #require(try await db.sql.raw("SELECT channel, recipient, payload FROM outbox_messages WHERE idempotency_key LIKE 'survey:%'").first())
            #expect(try out.decode(column: "channel", as: String.self) == "sms" && out.decode(column: "recipient", as: String.self) == "+989121234567")
            let text = try #require(ChannelPayload.decode(try out.decode(column: "payload", as: String.self))?.text)
            #expect(text.contains(PersianText.persianDigits(ticket.number)) && text.contains("/survey/s_"), "Persian digits and the link: \(text)")
            // The token is random and stored only as its digest.
            let token = try await Self.token(db, to: "+989121234567")
            #expect(token.count >= 2 + 22)
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM surveys WHERE token_hash = \(bind: Secrets.digest(token))") == 1)
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM surveys WHERE token_hash LIKE '%s_%'") == 0)
            // Open, resolve again, close: still one survey, one message.
            let tickets = Tickets(db)
            _ = try await tickets.change(ticket.id, TicketChange(status: .open), expectedVersion: nil, by: f.admin)
            _ = try await tickets.change(ticket.id, TicketChange(status: .resolved), expectedVersion: nil, by: f.admin)
            _ = try await tickets.change(ticket.id, TicketChange(status: .closed), expectedVersion: nil, by: f.admin)
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM surveys") == 1)
            #expect(try await Self.surveyMessages(db) == 1)
            // By hand: refused, it has one.
            await #expect(throws: StoreError.self) { _ = try await surveys.send(ticketId: ticket.id, by: f.admin) }
        }
    }

    @Test("no survey: the setting off, a customer who consented to no channel, a merged ticket; by hand: sent once, refused without a channel", arguments: TestDatabase.kinds)
    func whoGetsNone(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            let settings = ServiceSettingsStore(db)
            _ = try await settings.updateSurveys(SurveySettings(afterResolution: false, afterDelivery: true, questions: .csat, linkDays: 3), by: f.admin)
            let off = try await Self.resolvedTicket(db, f)
            #expect(try await Surveys(db).forTicket(off.id, by: f.admin) == nil)
            // By hand it goes anyway, with the configured lifetime; sent twice is refused.
            let manual = try await Surveys(db).send(ticketId: off.id, by: f.agents[0].principal)
            #expect(manual.occasion == .manual && manual.createdBy == f.agents[0].id)
            #expect(abs(manual.expiresAt.timeIntervalSince(try #require(manual.sentAt)) / 86_400 - 3) < 0.01)
            await #expect(throws: StoreError.self) { _ = try await Surveys(db).send(ticketId: off.id, by: f.admin) }
            _ = try await settings.updateSurveys(SurveySettings(), by: f.admin)
            // Withdrawn consent (or never given): nothing sent, nothing stored.
            let quiet = try await CustomerRepository(db).create(CustomerInput(name: "Silent", phones: ["09127654321"], emails: ["silent@example.test"],
                                                                              preferredChannel: "email"), by: f.admin)
            let tickets = Tickets(db)
            let t = try await tickets.open(TicketInput(customerId: String(quiet.id), subject: "x", body: "y", channel: "phone"), by: f.admin)
            _ = try await tickets.change(t.id, TicketChange(status: .resolved), expectedVersion: nil, by: f.admin)
            #expect(try await Surveys(db).forTicket(t.id, by: f.admin) == nil)
            do {
                _ = try await Surveys(db).send(ticketId: t.id, by: f.admin)
                Issue.record("a customer with no channel allowed is refused")
            } catch StoreError.invalid(let error) {
                #expect(error.issues.first?.code == "send.noChannel")
            }
            // A merged ticket is surveyed no more.
            let a = try await tickets.open(TicketInput(customerId: String(f.customer.id), subject: "a", body: "a", channel: "phone"), by: f.admin)
            let b = try await tickets.open(TicketInput(customerId: String(f.customer.id), subject: "b", body: "b", channel: "phone"), by: f.admin)
            _ = try await tickets.merge(a.id, into: b.id, expectedVersion: nil, by: f.admin)
            await #expect(throws: StoreError.self) { _ = try await Surveys(db).send(ticketId: a.id, by: f.admin) }
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM surveys WHERE ticket_id = \(bind: a.id)") == 0)
        }
    }

    @Test("a delivery sends one survey per shipment, in the customer's language; the setting off, none", arguments: TestDatabase.kinds)
    func delivery(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            let orders = OrderRepository(db)
            let customer = try await CustomerRepository(db).create(CustomerInput(name: "Olivia Brown", emails: ["olivia@example.test"],
                                                                                 preferredChannel: "email", consents: ["email": true]), by: f.admin)
            // She wrote to service in English once.
            _ = try await Tickets(db).open(TicketInput(customerId: String(customer.id), subject: "Hello", body: "hi", channel: "phone", language: "en"),
                                           by: f.admin)
            let (order, _) = try await orders.create(customerId: customer.id, OrderInput(lines: [
                OrderLineInput(description: "Tea", quantity: "2", unitPrice: "100000"), OrderLineInput(description: "Cup", quantity: "1", unitPrice: "50000"),
            ], confirm: true), by: f.admin)
            let lines = order.lines
            let first = try await orders.ship(order.id, ShipmentInput(carrier: "Post", lines: [lines[0].id: "2"]), by: f.admin)
            let shipment = try #require(first.shipments.first)
            _ = try await orders.deliver(order.id, shipment: shipment.id, by: f.admin)
            let page = try await Surveys(db).list(SurveyQuery(customerId: customer.id), by: f.admin)
            #expect(page.items.count == 1)
            let survey = try #require(page.items.first)
            #expect(survey.occasion == .delivery && survey.shipmentId == shipment.id && survey.orderId == order.id && survey.channel == .email)
            #expect(survey.language == .en && survey.ticketId == nil)
            let payload = try #require(try await db.sql.raw("SELECT payload FROM outbox_messages WHERE idempotency_key = \(bind: "survey:\(survey.id)")").first())
            let message = try #require(ChannelPayload.decode(try payload.decode(column: "payload", as: String.self)))
            #expect(message.subject?.contains("#\(order.id)") == true && message.language == "en")
            // Delivered again: refused, still one. The setting off: the second shipment asks nothing.
            await #expect(throws: StoreError.self) { _ = try await orders.deliver(order.id, shipment: shipment.id, by: f.admin) }
            _ = try await ServiceSettingsStore(db).updateSurveys(SurveySettings(afterDelivery: false), by: f.admin)
            let second = try await orders.ship(order.id, ShipmentInput(carrier: "Post"), by: f.admin)
            let other = try #require(second.shipments.first { $0.id != shipment.id })
            _ = try await orders.deliver(order.id, shipment: other.id, by: f.admin)
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM surveys") == 1)
            // On again: a delivery recorded long after it happened asks nothing either.
            _ = try await ServiceSettingsStore(db).updateSurveys(SurveySettings(), by: f.admin)
            let (late, _) = try await orders.create(customerId: customer.id, OrderInput(lines: [OrderLineInput(description: "x", quantity: "1", unitPrice: "1000")],
                                                                                       confirm: true), by: f.admin)
            let shippedLate = try await orders.ship(late.id, ShipmentInput(carrier: "Post", shippedAt: Date().addingTimeInterval(-40 * 86_400)), by: f.admin)
            _ = try await orders.deliver(late.id, shipment: try #require(shippedLate.shipments.first).id, at: Date().addingTimeInterval(-30 * 86_400), by: f.admin)
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM surveys") == 1)
        }
    }

    @Test("an answer is stored once, with the timeline entry, the ticket's note and an alert for a low score; a replay changes nothing", arguments: TestDatabase.kinds)
    func answerOnce(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 2)
            let ticket = try await Self.resolvedTicket(db, f)
            let token = try await Self.token(db, to: "+989121234567")
            let surveys = Surveys(db)
            let link = try #require(try await surveys.open(token: token))
            #expect(link.questions == .both && link.survey.ticketId == ticket.id)
            let comment = "  پاسخ دیر رسید و مشکل دوباره پیش آمد.  "
            guard case .answered(let answered) = try await surveys.answer(token: token, SurveyAnswer(csat: 2, nps: 3, comment: comment)) else {
                Issue.record("the first answer is stored"); return
            }
            #expect(answered.csat == 2 && answered.nps == 3 && answered.comment == "پاسخ دیر رسید و مشکل دوباره پیش آمد." && answered.answeredAt != nil)
            // A replay, even with other scores, changes nothing.
            guard case .alreadyAnswered(let again) = try await surveys.answer(token: token, SurveyAnswer(csat: 5, nps: 10, comment: "عالی")) else {
                Issue.record("a replay is refused"); return
            }
            #expect(again.csat == 2 && again.nps == 3 && again.answeredAt == answered.answeredAt)
            // On the customer's timeline, with its scores and comment.
            let timeline = try await Timeline(db, sources: [InteractionRepository(db), surveys]).page(of: f.customer.id, InteractionQuery(limit: 50), by: f.admin)
            let entries = timeline.items.filter { $0.source == "survey" }
            #expect(entries.count == 1)
            let entry = try #require(entries.first)
            #expect(entry.kind == "survey-answer" && entry.survey?.csat == 2 && entry.survey?.nps == 3 && entry.detail == answered.comment)
            #expect(entry.outcome == "CSAT 2/5, NPS 3/10" && entry.title == ticket.number)
            // An internal note on the ticket, in both languages.
            let notes = try await Tickets(db).messages(ticket.id, by: f.admin).filter { $0.channel == "survey" }
            #expect(notes.count == 1)
            #expect(notes.first?.body.contains("2/5") == true && notes.first?.body.contains("رضایت ۲ از ۵") == true && !(notes.first?.isPublic ?? true))
            // A low score: the ticket's agent and the team's lead are told, once each.
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM outbox_messages WHERE idempotency_key LIKE 'survey-low.%'") == 2)
            let told = try await db.sql.raw("SELECT recipient FROM outbox_messages WHERE idempotency_key LIKE 'survey-low.%' ORDER BY recipient").all()
                .map { try $0.decode(column: "recipient", as: String.self) }
            #expect(told == ["agent1@example.test", "agent2@example.test"])
            // Listed as answered, filtered by score.
            #expect(try await surveys.list(SurveyQuery(answered: true, csatMax: 2), by: f.admin).items.map(\.id) == [answered.id])
            #expect(try await surveys.list(SurveyQuery(answered: false), by: f.admin).items.isEmpty)
            #expect(try await surveys.list(SurveyQuery(npsMin: 7), by: f.admin).items.isEmpty)
        }
    }

    @Test("two answers at once store exactly one", arguments: TestDatabase.kinds)
    func concurrentAnswers(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            let ticket = try await Self.resolvedTicket(db, f)
            let token = try await Self.token(db, to: "+989121234567")
            let surveys = Surveys(db)
            let outcomes = try await withThrowingTaskGroup(of: SurveyAnswerOutcome.self) { group in
                for i in 0..<6 {
                    group.addTask { try await surveys.answer(token: token, SurveyAnswer(csat: 1 + i % 5, nps: i, comment: "try \(i)")) }
                }
                return try await group.reduce(into: [SurveyAnswerOutcome]()) { $0.append($1) }
            }
            let stored = outcomes.compactMap { if case .answered(let s) = $0 { s } else { nil } }
            #expect(stored.count == 1)
            #expect(outcomes.filter { if case .alreadyAnswered = $0 { true } else { false } }.count == 5)
            let survey = try #require(try await surveys.forTicket(ticket.id, by: f.admin))
            #expect(survey.csat == stored.first?.csat && survey.comment == stored.first?.comment)
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM ticket_messages WHERE channel = 'survey'") == 1)
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'survey' AND action = 'answer'") == 1)
        }
    }

    @Test("out of range, a question left out, a comment too long, an expired link, an unknown token: nothing stored", arguments: TestDatabase.kinds)
    func badAnswers(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            let ticket = try await Self.resolvedTicket(db, f)
            let token = try await Self.token(db, to: "+989121234567")
            let surveys = Surveys(db)
            for (answer, fields) in [(SurveyAnswer(csat: 6, nps: 3), ["csat"]), (SurveyAnswer(csat: 0, nps: 11), ["csat", "nps"]),
                                     (SurveyAnswer(csat: 3, nps: -1), ["nps"]), (SurveyAnswer(nps: 5), ["csat"]),
                                     (SurveyAnswer(csat: 3, nps: 5, comment: String(repeating: "ب", count: 2001)), ["comment"])] {
                do {
                    _ = try await surveys.answer(token: token, answer)
                    Issue.record("\(answer) is refused")
                } catch StoreError.invalid(let error) {
                    #expect(error.issues.map(\.field) == fields)
                }
            }
            // 2,000 characters after trimming is fine — but first, the link's time runs out.
            let survey = try #require(try await surveys.forTicket(ticket.id, by: f.admin))
            #expect(!survey.isAnswered)
            let late = survey.expiresAt.addingTimeInterval(1)
            guard case .expired = try await surveys.answer(token: token, SurveyAnswer(csat: 4, nps: 8), now: late) else {
                Issue.record("an expired link is refused"); return
            }
            #expect(try await surveys.forTicket(ticket.id, by: f.admin)?.isAnswered == false)
            // Unknown and forged tokens.
            #expect(try await surveys.answer(token: "s_" + String(repeating: "A", count: 43), SurveyAnswer(csat: 4, nps: 8)) == .unknown)
            #expect(try await surveys.answer(token: Secrets.digest(token), SurveyAnswer(csat: 4, nps: 8)) == .unknown)
            #expect(try await surveys.answer(token: token + "x", SurveyAnswer(csat: 4, nps: 8)) == .unknown)
            #expect(try await surveys.open(token: "s_' OR 1=1 --") == nil)
            // The longest comment allowed, trimmed, is stored whole.
            let long = String(repeating: "ب", count: 2000)
            guard case .answered(let stored) = try await surveys.answer(token: token, SurveyAnswer(csat: 4, nps: 8, comment: "\n" + long + "  ")) else {
                Issue.record("a valid answer is stored"); return
            }
            #expect(stored.comment == long && !stored.isLow)
            #expect(try await ServiceFixture.count(db, "SELECT COUNT(*) AS n FROM outbox_messages WHERE idempotency_key LIKE 'survey-low.%'") == 0)
        }
    }

    @Test("the questions setting decides what is required; the settings round-trip and refuse a lifetime out of range", arguments: TestDatabase.kinds)
    func settings(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await ServiceFixture.make(db, agents: 1)
            let store = ServiceSettingsStore(db)
            let defaults = try await store.read(by: f.admin).surveys
            #expect(defaults == SurveySettings(afterResolution: true, afterDelivery: true, questions: .both, linkDays: 14))
            await #expect(throws: StoreError.self) { _ = try await store.updateSurveys(SurveySettings(linkDays: 0), by: f.admin) }
            await #expect(throws: StoreError.self) { _ = try await store.updateSurveys(SurveySettings(linkDays: 366), by: f.admin) }
            await #expect(throws: StoreError.self) { _ = try await store.updateSurveys(SurveySettings(), by: f.agents[0].principal) }
            let saved = try await store.update(inboundChannels: ["email"], defaultTeamId: nil,
                                               surveys: SurveySettings(afterResolution: true, afterDelivery: false, questions: .nps, linkDays: 30), by: f.admin)
            #expect(saved.surveys.questions == .nps && saved.surveys.linkDays == 30 && !saved.surveys.afterDelivery)
            // Without surveys the update leaves them.
            let kept = try await store.update(inboundChannels: ["email", "sms"], defaultTeamId: nil, by: f.admin)
            #expect(kept.surveys == saved.surveys)
            _ = try await Self.resolvedTicket(db, f)
            let token = try await Self.token(db, to: "+989121234567")
            // Only NPS is asked: no CSAT needed, and one given is still checked.
            guard case .answered(let s) = try await Surveys(db).answer(token: token, SurveyAnswer(nps: 9)) else { Issue.record("NPS alone is enough"); return }
            #expect(s.nps == 9 && s.csat == nil)
        }
    }
}
