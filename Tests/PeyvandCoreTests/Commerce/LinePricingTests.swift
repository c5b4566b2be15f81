import Foundation
import Testing
@testable import PeyvandCore

@Suite struct LinePricingTests {
    @Test func wholeQuantityWithTax() throws {
        let line = try LinePricing(quantity: qty("3"), unitPrice: irr(12_500), taxRate: BasisPoints(percent: "10"))
        #expect(line.gross == irr(37_500))
        #expect(line.discountAmount == irr(0))
        #expect(line.net == irr(37_500))
        #expect(line.tax == irr(3_750))
        #expect(line.total == irr(41_250))
        #expect(line.currency == .irr)
    }

    @Test func grossRoundsHalfAwayFromZero() throws {
        #expect(try LinePricing(quantity: qty("1.5"), unitPrice: irr(333)).gross == irr(500))      // 499.5
        #expect(try LinePricing(quantity: qty("2.5"), unitPrice: irr(3)).gross == irr(8))          // 7.5
        #expect(try LinePricing(quantity: qty("0.333"), unitPrice: irr(100)).gross == irr(33))     // 33.3
        #expect(try LinePricing(quantity: qty("0.001"), unitPrice: usd(499)).gross == usd(0))      // 0.499
        #expect(try LinePricing(quantity: qty("0.001"), unitPrice: usd(500)).gross == usd(1))      // 0.5
        #expect(try LinePricing(quantity: qty("0.5"), unitPrice: irr(0)).total == irr(0))
    }

    @Test func percentDiscountThenTax() throws {
        let line = try LinePricing(
            quantity: qty("2"), unitPrice: usd(1_999),
            discount: .percent(BasisPoints(percent: "12.5")), taxRate: BasisPoints(percent: "9"))
        #expect(line.gross == usd(3_998))
        #expect(line.discountAmount == usd(500))   // 499.75
        #expect(line.net == usd(3_498))
        #expect(line.tax == usd(315))              // 314.82
        #expect(line.total == usd(3_813))
    }

    @Test func amountDiscount() throws {
        let line = try LinePricing(quantity: qty("3"), unitPrice: irr(12_500), discount: .amount(irr(5_000)), taxRate: BasisPoints(1_000))
        #expect(line.net == irr(32_500))
        #expect(line.tax == irr(3_250))
        #expect(line.total == irr(35_750))
        let all = try LinePricing(quantity: qty("1"), unitPrice: irr(500), discount: .amount(irr(500)), taxRate: BasisPoints(1_000))
        #expect(all.net == irr(0) && all.total == irr(0))
        let hundred = try LinePricing(quantity: qty("1"), unitPrice: irr(500), discount: .percent(.hundredPercent))
        #expect(hundred.discountAmount == irr(500) && hundred.total == irr(0))
    }

    @Test func usesWideIntermediateProduct() throws {
        // 10^12 thousandths × 10^9 overflows 64 bits, but the gross (10^18) fits.
        let line = try LinePricing(quantity: Quantity(thousandths: 1_000_000_000_000), unitPrice: irr(1_000_000_000))
        #expect(line.gross == irr(1_000_000_000_000_000_000))
    }

    @Test func rejectsBadLines() throws {
        #expect(rejection("quantity") { () throws(ValidationError) in try LinePricing(quantity: .zero, unitPrice: irr(1)) }
            == "quantity must be greater than zero")
        #expect(rejection("unitPrice") { () throws(ValidationError) in try LinePricing(quantity: qty("1"), unitPrice: irr(-1)) }
            == "unit price must not be negative")
        #expect(rejectedFields { () throws(ValidationError) in try LinePricing(quantity: .zero, unitPrice: irr(-1)) } == ["quantity", "unitPrice"])
        #expect(rejection("currency") { () throws(ValidationError) in try LinePricing(quantity: qty("1"), unitPrice: irr(100), discount: .amount(usd(1))) }
            == "discount is in USD but the line is in IRR")
        #expect(rejection("discount") { () throws(ValidationError) in try LinePricing(quantity: qty("1"), unitPrice: irr(100), discount: .amount(irr(-1))) }
            == "discount must not be negative")
        #expect(rejection("discount") { () throws(ValidationError) in try LinePricing(quantity: qty("1"), unitPrice: irr(500), discount: .amount(irr(600))) }
            == "discount of 600 IRR is more than the line's gross amount of 500 IRR")
        #expect(rejection("discount") { () throws(ValidationError) in try LinePricing(quantity: qty("0.5"), unitPrice: usd(1_001), discount: .amount(usd(502))) }
            == "discount of 5.02 USD is more than the line's gross amount of 5.01 USD")
    }

    @Test func overflowIsAnError() throws {
        #expect(rejection("amount") { () throws(ValidationError) in try LinePricing(quantity: qty("10"), unitPrice: irr(.max)) } == "amount is too large")
        #expect(rejection("amount") { () throws(ValidationError) in try LinePricing(quantity: qty("1"), unitPrice: irr(.max), taxRate: BasisPoints(1_000)) }
            == "amount is too large")
        #expect(try LinePricing(quantity: qty("1"), unitPrice: irr(.max)).total == irr(.max))
    }

    @Test func discountCodable() throws {
        #expect(try jsonText(LineDiscount.none) == #"{"kind":"none"}"#)
        #expect(try jsonText(LineDiscount.amount(irr(5_000))) == #"{"amount":{"amount":"5000","currency":"IRR"},"kind":"amount"}"#)
        #expect(try jsonText(LineDiscount.percent(BasisPoints(1_000))) == #"{"basisPoints":1000,"kind":"percent"}"#)
        for discount in [LineDiscount.none, .amount(usd(125)), .percent(try BasisPoints(950))] {
            #expect(try roundTrip(discount) == discount)
        }
        #expect(throws: DecodingError.self) { try decodeJSON(LineDiscount.self, #"{"kind":"gift"}"#) }
    }
}

@Suite struct OrderTotalsTests {
    @Test func sumsLines() throws {
        let a = try LinePricing(quantity: qty("3"), unitPrice: irr(12_500), discount: .amount(irr(5_000)), taxRate: BasisPoints(1_000))
        let b = try LinePricing(quantity: qty("1.5"), unitPrice: irr(333), taxRate: BasisPoints(900))
        let totals = try OrderTotals(currency: .irr, lines: [a, b])
        #expect(totals.gross == irr(37_500 + 500))
        #expect(totals.discount == irr(5_000))
        #expect(totals.net == irr(32_500 + 500))
        #expect(totals.tax == irr(3_250 + 45))
        #expect(totals.total == irr(35_750 + 545))
        #expect(totals.lineCount == 2)
        let empty = try OrderTotals(currency: .usd, lines: [])
        #expect(empty.total == usd(0) && empty.lineCount == 0)
    }

    @Test func rejectsMixedCurrenciesAndOverflow() throws {
        let a = try LinePricing(quantity: qty("1"), unitPrice: irr(100))
        let b = try LinePricing(quantity: qty("1"), unitPrice: usd(100))
        #expect(rejection("currency") { () throws(ValidationError) in try OrderTotals(currency: .irr, lines: [a, b]) }
            == "line 2 is in USD but the order is in IRR")
        let big = try LinePricing(quantity: qty("1"), unitPrice: irr(.max))
        #expect(rejection("amount") { () throws(ValidationError) in try OrderTotals(currency: .irr, lines: [big, a]) } == "amount is too large")
    }
}
