import Foundation
import PeyvandCore
import PeyvandStore
import PeyvandTestSupport
import SQLKit
import Testing

@Suite("Quotes: built from a deal, priced with VAT, numbered, sent, accepted into an order")
struct QuotesTests {
    static let year = Tehran.day(of: Date()).year

    @Test("a quote from a deal has its lines, discounts and 10% VAT, and gap-free numbers per year", arguments: TestDatabase.kinds)
    func totalsAndNumbers(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await SalesFixture.make(db)
            let quotes = QuoteRepository(db)
            let quote = try await quotes.create(QuoteInput(dealId: f.dealId), by: f.admin)
            #expect(quote.number == "Q-\(Self.year)-000001")
            #expect(quote.status == .draft)
            #expect(quote.customerId == f.customer.id)
            #expect(quote.taxRate.value == 1_000)
            #expect(quote.lines.count == 2)
            #expect(quote.lines[0].productId == f.tea.id && quote.lines[0].discount.minorUnits == 200_000)
            // 2 × 1,000,000 + 6 × 120,000 = 2,720,000; less 200,000 = 2,520,000; VAT 252,000.
            #expect(quote.gross.minorUnits == 2_720_000)
            #expect(quote.discount.minorUnits == 200_000)
            #expect(quote.net.minorUnits == 2_520_000)
            #expect(quote.tax.minorUnits == 252_000)
            #expect(quote.total.minorUnits == 2_772_000)
            #expect(quote.validUntil.daysSinceUnixEpoch == Tehran.day(of: Date()).daysSinceUnixEpoch + 30)
            let second = try await quotes.create(QuoteInput(customerId: f.customer.id, taxRate: "9",
                                                            lines: [OrderLineInput(productId: f.cup.id, quantity: "۳", discountPercent: "50")]), by: f.admin)
            #expect(second.number == "Q-\(Self.year)-000002")
            // 3 × 120,000 = 360,000, half off = 180,000, 9% = 16,200.
            #expect(second.net.minorUnits == 180_000 && second.tax.minorUnits == 16_200 && second.total.minorUnits == 196_200)
            let page = try await quotes.list(by: f.admin)
            #expect(page.items.map(\.id) == [second.id, quote.id])
            #expect(try await quotes.list(.init(dealId: f.dealId), by: f.admin).items.map(\.id) == [quote.id])
        }
    }

    @Test("a quote on an archived product, a negative quantity or price, or a discount above the line is refused, nothing stored",
          arguments: TestDatabase.kinds)
    func badLinesRefused(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await SalesFixture.make(db)
            _ = try await ProductRepository(db).setActive(f.cup.id, false, by: f.admin)
            let quotes = QuoteRepository(db)
            do {
                _ = try await quotes.create(QuoteInput(dealId: f.dealId), by: f.admin)
                Issue.record("a quote on an archived product was stored")
            } catch StoreError.invalid(let error) {
                #expect(error.issues.contains { $0.field == "lines[1].productId" && $0.code == "product.archived" })
            }
            for (line, field) in [(OrderLineInput(description: "x", quantity: "-1", unitPrice: "100"), "lines[0].quantity"),
                                  (OrderLineInput(description: "x", quantity: "1", unitPrice: "-100"), "lines[0].unitPrice"),
                                  (OrderLineInput(description: "x", quantity: "1", unitPrice: "100", discount: "150"), "lines[0].discount"),
                                  (OrderLineInput(description: "x", quantity: "1", unitPrice: "100", discount: "-5"), "lines[0].discount")] {
                do {
                    _ = try await quotes.create(QuoteInput(customerId: f.customer.id, lines: [line]), by: f.admin)
                    Issue.record("stored a quote with a bad \(field)")
                } catch StoreError.invalid(let error) {
                    #expect(error.issues.contains { $0.field == field }, "\(error.issues)")
                }
            }
            do {
                _ = try await quotes.create(QuoteInput(customerId: f.customer.id, taxRate: "120", lines: []), by: f.admin)
                Issue.record("stored a quote with no lines")
            } catch StoreError.invalid(let error) {
                #expect(Set(error.issues.map(\.field)).isSuperset(of: ["lines", "taxRate"]))
            }
            #expect(try await SalesFixture.count(db, "quotes") == 0)
            #expect(try await SalesFixture.count(db, "quote_lines") == 0)
            // The refused quotes took no numbers: the next one is the first.
            _ = try await ProductRepository(db).setActive(f.cup.id, true, by: f.admin)
            #expect(try await quotes.create(QuoteInput(dealId: f.dealId), by: f.admin).number == "Q-\(Self.year)-000001")
        }
    }

    @Test("accepting makes a confirmed order with the same lines, prices and totals, once; a second answer is refused",
          arguments: TestDatabase.kinds)
    func acceptIntoOrder(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await SalesFixture.make(db)
            let quotes = QuoteRepository(db)
            let quote = try await quotes.create(QuoteInput(dealId: f.dealId), by: f.admin)
            do {
                _ = try await quotes.accept(quote.id, expectedVersion: quote.version + 1, by: f.admin)
                Issue.record("accepted with a stale version")
            } catch StoreError.versionMismatch {}
            let accepted = try await quotes.accept(quote.id, expectedVersion: quote.version, by: f.admin)
            #expect(accepted.status == .accepted)
            #expect(accepted.decidedVia == "staff")
            let orderId = try #require(accepted.orderId)
            let order = try await OrderRepository(db).get(orderId, by: f.admin)
            #expect(order.status == .confirmed)
            #expect(order.customerId == f.customer.id)
            #expect(order.net == quote.net && order.tax == quote.tax && order.total == quote.total)
            #expect(order.lines.count == quote.lines.count)
            for (o, q) in zip(order.lines, quote.lines) {
                #expect(o.productId == q.productId && o.description == q.description && o.quantity == q.quantity)
                #expect(o.unitPrice == q.unitPrice && o.discount == q.discount && o.taxRate == q.taxRate)
                #expect(o.net == q.net && o.tax == q.tax && o.total == q.total)
            }
            for attempt in ["accept", "decline"] {
                do {
                    if attempt == "accept" { _ = try await quotes.accept(quote.id, expectedVersion: nil, by: f.admin) } else {
                        _ = try await quotes.decline(quote.id, reason: nil, expectedVersion: nil, by: f.admin)
                    }
                    Issue.record("a second answer (\(attempt)) was taken")
                } catch StoreError.conflict {}
            }
            #expect(try await SalesFixture.count(db, "orders") == 1)
            // A draft cannot be changed once answered.
            do {
                _ = try await quotes.update(quote.id, QuotePatch(notes: .some("x")), expectedVersion: nil, by: f.admin)
                Issue.record("an accepted quote was changed")
            } catch StoreError.conflict {}
            let events = try await AgreementEvents(db).entries(customerIds: [f.customer.id], InteractionQuery())
            #expect(events.map(\.kind) == ["quote-accepted"])
        }
    }

    @Test("sending queues an email with the link; the link opens the quote and accepts it once; resending replaces the link",
          arguments: TestDatabase.kinds)
    func sendAndAnswerByLink(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await SalesFixture.make(db)
            let quotes = QuoteRepository(db)
            let quote = try await quotes.create(QuoteInput(dealId: f.dealId, language: "en"), by: f.admin)
            let messaging = CustomerMessaging(db, publicURL: "https://crm.example.test/")
            let (sent, message) = try await quotes.send(quote.id, expectedVersion: quote.version, messaging: messaging,
                                                        publicURL: "https://crm.example.test/", by: f.admin)
            #expect(sent.status == .sent && sent.sentChannel == "email" && message.address == "maryam@example.test")
            let payload = try await db.sql.raw("SELECT payload FROM outbox_messages WHERE channel = 'email'").all()
                .map { try $0.decode(column: "payload", as: String.self) }
            #expect(payload.count == 1)
            let text = try #require(ChannelPayload.decode(payload[0])).text
            #expect(text.contains("Quote Q-\(Self.year)-000001") && text.contains("2,772,000"))
            let token = try #require(text.split(separator: "/q/").last.map { String($0.prefix { !$0.isWhitespace }) })
            #expect(try await quotes.quote(token: token)?.id == quote.id)
            // Sending again sends a new link; the first one stops working.
            let (_, again) = try await quotes.send(quote.id, expectedVersion: nil, messaging: messaging, publicURL: "https://crm.example.test", by: f.admin)
            #expect(!again.duplicate)
            #expect(try await quotes.quote(token: token) == nil)
            let texts = try await db.sql.raw("SELECT payload FROM outbox_messages WHERE channel = 'email' ORDER BY id").all()
                .compactMap { ChannelPayload.decode(try $0.decode(column: "payload", as: String.self))?.text }
            let token2 = try #require(texts.last?.split(separator: "/q/").last.map { String($0.prefix { !$0.isWhitespace }) })
            let answered = try await quotes.answer(token: token2, accept: true, reason: nil)
            #expect(answered.status == .accepted && answered.decidedVia == "link" && answered.orderId != nil)
            do {
                _ = try await quotes.answer(token: token2, accept: false, reason: "changed my mind")
                Issue.record("the link answered twice")
            } catch StoreError.conflict {}
            #expect(try await quotes.get(quote.id, by: f.admin).status == .accepted)
            #expect(try await SalesFixture.count(db, "orders") == 1)
            do {
                _ = try await quotes.answer(token: "q_not-a-real-token", accept: true, reason: nil)
                Issue.record("an unknown token answered")
            } catch StoreError.notFound {}
        }
    }

    @Test("a quote past its last valid day reads as expired and cannot be accepted; a declined one keeps its reason", arguments: TestDatabase.kinds)
    func expiryAndDecline(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await SalesFixture.make(db)
            let quotes = QuoteRepository(db)
            let old = try await quotes.create(QuoteInput(dealId: f.dealId), by: f.admin)
            let yesterday = Tehran.day(of: Date()).daysSinceUnixEpoch - 1
            try await db.sql.raw("UPDATE quotes SET valid_until_day = \(bind: yesterday) WHERE id = \(bind: old.id)").run()
            #expect(try await quotes.get(old.id, by: f.admin).status == .expired)
            #expect(try await quotes.list(.init(status: .expired), by: f.admin).items.map(\.id) == [old.id])
            #expect(try await quotes.list(.init(status: .draft), by: f.admin).items.isEmpty)
            do {
                _ = try await quotes.accept(old.id, expectedVersion: nil, by: f.admin)
                Issue.record("an expired quote was accepted")
            } catch StoreError.conflict {}
            let other = try await quotes.create(QuoteInput(dealId: f.dealId), by: f.admin)
            let declined = try await quotes.decline(other.id, reason: "  too dear  ", expectedVersion: nil, by: f.admin)
            #expect(declined.status == .declined && declined.declineReason == "too dear" && declined.orderId == nil)
            #expect(try await SalesFixture.count(db, "orders") == 0)
        }
    }

    @Test("a draft is changed with its version; a stale version is refused and changes nothing", arguments: TestDatabase.kinds)
    func editDraft(kind: String) async throws {
        try await TestDatabase.with(kind) { db in
            let f = try await SalesFixture.make(db)
            let quotes = QuoteRepository(db)
            let quote = try await quotes.create(QuoteInput(dealId: f.dealId), by: f.admin)
            let changed = try await quotes.update(quote.id, QuotePatch(taxRate: "0", lines: [OrderLineInput(productId: f.tea.id, quantity: "1")]),
                                                  expectedVersion: quote.version, by: f.admin)
            #expect(changed.total.minorUnits == 1_000_000 && changed.lines.count == 1 && changed.version == quote.version + 1)
            do {
                _ = try await quotes.update(quote.id, QuotePatch(taxRate: "10"), expectedVersion: quote.version, by: f.admin)
                Issue.record("a stale version was taken")
            } catch StoreError.versionMismatch {}
            #expect(try await quotes.get(quote.id, by: f.admin).total.minorUnits == 1_000_000)
        }
    }
}
