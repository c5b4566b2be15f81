import Foundation
import Testing
@testable import PeyvandCore

@Suite struct InvoiceBalanceTests {
    @Test func paymentsAndCreditsReduceOutstanding() throws {
        var balance = try InvoiceBalance(total: irr(1_000))
        #expect(balance.outstanding == irr(1_000) && !balance.isSettled)
        try balance.recordPayment(irr(300))
        #expect(balance.outstanding == irr(700) && balance.paid == irr(300))
        try balance.recordCredit(irr(200))
        #expect(balance.outstanding == irr(500) && balance.credited == irr(200))
        try balance.validatePayment(irr(500))
        try balance.recordPayment(irr(500))
        #expect(balance.outstanding == irr(0) && balance.isSettled && balance.paid == irr(800))
        #expect(balance.currency == .irr)
    }

    @Test func rejectsBadPaymentsWithoutChangingAnything() throws {
        var balance = try InvoiceBalance(total: irr(1_000))
        try balance.recordPayment(irr(250))
        let before = balance
        #expect(rejection("amount") { () throws(ValidationError) in try balance.recordPayment(irr(0)) } == "payment must be greater than zero")
        #expect(rejection("amount") { () throws(ValidationError) in try balance.recordPayment(irr(-5)) } == "payment must be greater than zero")
        #expect(rejection("currency") { () throws(ValidationError) in try balance.recordPayment(usd(5)) } == "payment is in USD but the invoice is in IRR")
        #expect(rejection("amount") { () throws(ValidationError) in try balance.recordPayment(irr(751)) } == "paying more than is due: 750 IRR is due")
        #expect(rejection("amount") { () throws(ValidationError) in try balance.recordCredit(irr(0)) } == "credit note must be greater than zero")
        #expect(rejection("currency") { () throws(ValidationError) in try balance.recordCredit(usd(1)) } == "credit note is in USD but the invoice is in IRR")
        #expect(rejection("amount") { () throws(ValidationError) in try balance.recordCredit(irr(1_000)) } == "crediting more than is due: 750 IRR is due")
        #expect(balance == before)
        let dollars = try InvoiceBalance(total: usd(125_050))
        #expect(rejection("amount") { () throws(ValidationError) in try dollars.validatePayment(usd(125_051)) } == "paying more than is due: 1,250.50 USD is due")
        let settled = try InvoiceBalance(total: irr(10), paid: irr(10), credited: irr(0))
        #expect(rejection("amount") { () throws(ValidationError) in try settled.validatePayment(irr(1)) } == "paying more than is due: 0 IRR is due")
    }

    @Test func restoresOnlyConsistentBalances() throws {
        let restored = try InvoiceBalance(total: irr(1_000), paid: irr(600), credited: irr(400))
        #expect(restored.isSettled)
        #expect(rejection("total") { () throws(ValidationError) in try InvoiceBalance(total: irr(-1)) } == "total must not be negative")
        #expect(rejection("paid") { () throws(ValidationError) in try InvoiceBalance(total: irr(10), paid: irr(-1), credited: irr(0)) } == "paid amount must not be negative")
        #expect(rejection("credited") { () throws(ValidationError) in try InvoiceBalance(total: irr(10), paid: irr(0), credited: irr(-1)) } == "credited amount must not be negative")
        #expect(rejection("paid") { () throws(ValidationError) in try InvoiceBalance(total: irr(10), paid: irr(6), credited: irr(5)) } == "paid plus credited is more than the invoice total")
        #expect(rejection("paid") { () throws(ValidationError) in try InvoiceBalance(total: irr(.max), paid: irr(.max), credited: irr(.max)) } == "paid plus credited is more than the invoice total")
        #expect(rejection("currency") { () throws(ValidationError) in try InvoiceBalance(total: irr(10), paid: usd(0), credited: irr(0)) } == "paid and credited amounts must be in the invoice currency IRR")
    }

    @Test func codable() throws {
        let balance = try InvoiceBalance(total: usd(1_000), paid: usd(250), credited: usd(100))
        #expect(try jsonText(balance)
            == #"{"credited":{"amount":"1.00","currency":"USD"},"paid":{"amount":"2.50","currency":"USD"},"total":{"amount":"10.00","currency":"USD"}}"#)
        #expect(try roundTrip(balance) == balance)
        #expect(throws: DecodingError.self) {
            try decodeJSON(InvoiceBalance.self, #"{"credited":{"amount":"9","currency":"USD"},"paid":{"amount":"2.50","currency":"USD"},"total":{"amount":"10.00","currency":"USD"}}"#)
        }
    }
}
