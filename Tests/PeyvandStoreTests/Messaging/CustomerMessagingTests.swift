import Foundation
import PeyvandCore
import PeyvandTestSupport
import SQLKit
import Testing
@testable import PeyvandStore

/// Templates are checked when saved; a message goes to the channel the customer chose if they
/// consented, else the next allowed one; marketing waits out quiet hours and can be unsubscribed.
@Suite("sending to a customer")
struct CustomerMessagingTests {
    static let tehran = TimeZone(identifier: "Asia/Tehran")!

    /// 2026-12-06 (a Sunday) at `hour`:`minute` in Tehran.
    static func tehranTime(day: Int = 6, _ hour: Int, _ minute: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = tehran
        return calendar.date(from: DateComponents(year: 2026, month: 12, day: day, hour: hour, minute: minute))!
    }

    @Test("an unknown merge field or an unclosed {{ is refused when the template is saved", arguments: TestDatabase.kinds)
    func templateChecked(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let templates = MessageTemplates(db)
            do {
                _ = try await templates.save(MessageTemplateInput(name: "خوشامد", channel: "sms", body: "{{customer.salutaton}} سلام {{order.last.number"), by: admin)
                Issue.record("saved a template with an unknown field")
            } catch StoreError.invalid(let error) {
                #expect(error.issues.map(\.code) == ["template.unknownField", "template.unclosed"])
                #expect(error.issues.first?.params?["name"] == "customer.salutaton")
            }
            let saved = try await templates.save(MessageTemplateInput(name: "خوشامد", channel: "sms", body: "{{customer.salutation}}، خوش آمدید"), by: admin)
            #expect(saved.version == 1)
            await #expect(throws: StoreError.self) {
                _ = try await templates.save(MessageTemplateInput(name: "خوشامد", channel: "sms", body: "x"), by: admin)
            }
            let rep = try await UserRepository(db).create(email: "rep@example.test", name: "Rep", role: .salesRep, password: "long enough pw").principal
            await #expect(throws: StoreError.self) { _ = try await templates.save(MessageTemplateInput(name: "x", channel: "sms", body: "x"), by: rep) }
            #expect(try await templates.list(by: rep).contains { $0.name == "خوشامد" }, "those who send read the templates")
        }
    }

    @Test("the preferred channel when consented, else the next allowed in the rules' order; none is a clear refusal", arguments: TestDatabase.kinds)
    func channelChoice(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let customers = CustomerRepository(db)
            let maryam = try await customers.create(CustomerInput(name: "مریم رضایی", givenName: "مریم", phones: ["02188776655", "09121234567"],
                                                                  emails: ["m@example.ir"], preferredChannel: "sms",
                                                                  consents: ["email": true, "sms": true]), by: admin)
            let messaging = CustomerMessaging(db, publicURL: "https://crm.example.ir")
            let sent = try await messaging.send(to: maryam.id, .init(text: "{{customer.salutation}}، سفارش شما آماده است"), by: admin)
            #expect(sent.channel == .sms && sent.address == "+989121234567", "the preferred channel, to the mobile not the landline")
            let record = try #require(try await ChannelMessages(db).get(sent.queued.messageId))
            #expect(record.status == .queued)
            let payload = try #require(ChannelPayload.decode(try await db.sql.raw("SELECT payload FROM outbox_messages WHERE id = \(bind: sent.queued.outboxMessageId)").first()!.decode(column: "payload", as: String.self)))
            #expect(payload.text == "مریم عزیز، سفارش شما آماده است")
            do {
                _ = try await messaging.send(to: maryam.id, .init(text: String(repeating: "سلام ", count: 80)), by: admin)
                Issue.record("sent an SMS of more parts than the gateway takes")
            } catch StoreError.invalid(let e) { #expect(e.issues.first?.code == "sms.too_long") }
            // Withdrawn SMS consent: the next in the order (email first by default).
            _ = try await ConsentChanges.withdraw(db, customerId: maryam.id, channel: .sms, source: "sms keyword")
            let second = try await messaging.send(to: maryam.id, .init(subject: "سفارش", text: "آماده است"), by: admin)
            #expect(second.channel == .email && second.address == "m@example.ir")
            do {
                _ = try await messaging.send(to: maryam.id, .init(channel: .sms, text: "x"), by: admin)
                Issue.record("sent an SMS without consent")
            } catch StoreError.invalid(let e) { #expect(e.issues.first?.code == "send.noConsent") }
            let ali = try await customers.create(CustomerInput(name: "علی"), by: admin)
            do {
                _ = try await messaging.send(to: ali.id, .init(text: "x"), by: admin)
                Issue.record("sent to a customer with no channel")
            } catch StoreError.invalid(let e) { #expect(e.issues.first?.code == "send.noChannel") }
            // A bot chat the customer linked is a channel they chose: no other consent is asked.
            try await db.sql.raw("""
                INSERT INTO messenger_links (bot, chat_id, customer_id, linked_at, active, updated_at)
                VALUES ('bot', '5550001', \(bind: ali.id), 0, \(bind: true), 0)
                """).run()
            let chat = try await messaging.send(to: ali.id, .init(text: "{{customer.salutation}}"), by: admin)
            #expect(chat.channel == .messenger && chat.address == "5550001")
            let audit = try await customers.audit(maryam.id, by: admin)
            #expect(audit.contains { $0.field == "consents" && $0.actorName == "sms keyword" }, "the consent change names its source")
        }
    }

    @Test("marketing waits out quiet hours and Fridays and carries an unsubscribe link that withdraws consent; service does not wait", arguments: TestDatabase.kinds)
    func marketing(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let admin = try await TestDatabase.admin(db)
            let customer = try await CustomerRepository(db).create(CustomerInput(kind: "organisation", name: "شرکت پارس", emails: ["info@pars.ir"],
                                                                                 consents: ["email": true]), by: admin)
            let messaging = CustomerMessaging(db, publicURL: "https://crm.example.ir/")
            let late = Self.tehranTime(22, 30)
            let offer = try await messaging.send(to: customer.id, .init(purpose: .marketing, subject: "پیشنهاد", text: "{{customer.salutation}}، ۲۰٪ تخفیف"),
                                                 by: admin, now: late)
            #expect(offer.notBefore == Self.tehranTime(day: 7, 8, 0), "held until 08:00 the next morning")
            let service = try await messaging.send(to: customer.id, .init(subject: "فاکتور", text: "پرداخت شد"), by: admin, now: late)
            #expect(service.notBefore == nil)
            // Thursday 22:00 → Friday is quiet all day → Saturday 08:00.
            #expect(QuietHours().nextAllowed(after: Self.tehranTime(day: 10, 22, 0)) == Self.tehranTime(day: 12, 8, 0))
            #expect(QuietHours().nextAllowed(after: Self.tehranTime(day: 10, 12, 0)) == Self.tehranTime(day: 10, 12, 0))
            let row = try #require(try await db.sql.raw("SELECT payload FROM outbox_messages WHERE id = \(bind: offer.queued.outboxMessageId)").first())
            let payload = try #require(ChannelPayload.decode(try row.decode(column: "payload", as: String.self)))
            let url = try #require(payload.unsubscribeURL)
            #expect(url.hasPrefix("https://crm.example.ir/u/"))
            #expect(payload.text.hasPrefix("شرکت پارس محترم، ۲۰٪ تخفیف") && payload.text.hasSuffix(url))
            let links = UnsubscribeLinks(db, baseURL: "https://crm.example.ir")
            let token = String(url.split(separator: "/").last!)
            let named = try #require(try await links.verify(token))
            #expect(named.customerId == customer.id && named.channel == .email)
            #expect(try await links.verify(token.replacingOccurrences(of: ".\(customer.id)", with: ".1") + "0") == nil)
            #expect(try await links.verify("\(customer.id + 1).email.\(token.split(separator: ".")[2])") == nil, "a link cannot be re-pointed")
            #expect(try await ConsentChanges.withdraw(db, customerId: customer.id, channel: .email, source: "unsubscribe link"))
            #expect(!(try await CustomerRepository(db).get(customer.id, by: admin).fields.consents.email))
            do {
                _ = try await messaging.send(to: customer.id, .init(purpose: .marketing, text: "x"), by: admin, now: late)
                Issue.record("sent marketing after the customer unsubscribed")
            } catch StoreError.invalid(let error) {
                #expect(error.issues.first?.code == "send.noChannel")
            }
        }
    }

    @Test("merge values: Jalali dates and Persian digits in fa, the last order, what is due", arguments: TestDatabase.kinds)
    func mergeValues(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let (admin, customer, tea, _) = try await CommerceTests.setUp(db)
            let (order, _) = try await OrderRepository(db).create(customerId: customer.id, OrderInput(orderedAt: Self.tehranTime(10, 0),
                lines: [OrderLineInput(productId: tea.id, quantity: "1")], confirm: true), by: admin)
            let invoice = try await InvoiceRepository(db).invoice(orderId: order.id, by: admin)
            _ = try await InvoiceRepository(db).pay(invoice.id, PaymentInput(amount: "400000", method: "cash"), by: admin)
            let fa = try await MergeValues.of(customer, language: "fa", timeZone: Self.tehran, in: db.sql, now: Self.tehranTime(12, 0))
            #expect(fa[.today] == "۱۵ آذر ۱۴۰۵")
            #expect(fa[.lastOrderDate] == "۱۵ آذر ۱۴۰۵")
            #expect(fa[.lastOrderNumber] == PersianText.persianDigits(String(order.id)))
            #expect(fa[.amountDue] == Money(minorUnits: order.total.minorUnits - 400_000, currency: .irr).formatted(language: "fa"))
            #expect(fa[.salutation] == "مریم احمدی عزیز")
            let en = try await MergeValues.of(customer, language: "en", timeZone: Self.tehran, in: db.sql, now: Self.tehranTime(12, 0))
            #expect(en[.today] == "6 December 2026")
            #expect(en[.salutation] == "Dear مریم احمدی")
        }
    }
}
