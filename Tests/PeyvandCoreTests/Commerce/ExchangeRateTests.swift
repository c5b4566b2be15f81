import Foundation
import Testing
@testable import PeyvandCore

@Suite struct ExchangeRateTests {
    @Test func parsesExactDecimals() throws {
        let rate = try ExchangeRate("1050000")
        #expect(rate.significand == 1_050_000 && rate.scale == 0)
        #expect(try ExchangeRate("1,050,000") == rate)
        #expect(try ExchangeRate("۱٬۰۵۰٬۰۰۰") == rate)
        #expect(try ExchangeRate("1050000.000") == rate)
        let small = try ExchangeRate("0.00000095238")
        #expect(small.significand == 95_238 && small.scale == 11)
        #expect(try ExchangeRate("1.50") == ExchangeRate("1.5"))
        #expect(try ExchangeRate(significand: 150, scale: 2) == ExchangeRate("1.5"))
        #expect(try ExchangeRate("0.000000000001").description == "0.000000000001")
        #expect(rate.description == "1050000" && small.description == "0.00000095238")
    }

    @Test func rejectsBadRates() {
        #expect(rejection("rate") { () throws(ValidationError) in try ExchangeRate("0") } == "rate must be greater than zero")
        #expect(rejection("rate") { () throws(ValidationError) in try ExchangeRate("0.000") } == "rate must be greater than zero")
        #expect(rejection("rate") { () throws(ValidationError) in try ExchangeRate("-1.5") } == "rate must be greater than zero")
        #expect(rejection("rate") { () throws(ValidationError) in try ExchangeRate("") } == "empty")
        #expect(rejection("rate") { () throws(ValidationError) in try ExchangeRate("1/3") } == "not a number")
        #expect(rejection("rate") { () throws(ValidationError) in try ExchangeRate("0.0000000000001") } == "rate allows at most 12 decimal places")
        #expect(rejection("rate") { () throws(ValidationError) in try ExchangeRate("99999999999999999999") } == "rate is too large")
        #expect(rejection("rate") { () throws(ValidationError) in try ExchangeRate("9223372036854775808") } == "rate is too large")
        #expect(rejection("rate") { () throws(ValidationError) in try ExchangeRate(significand: 0, scale: 0) } == "rate must be greater than zero")
        #expect(rejection("rate") { () throws(ValidationError) in try ExchangeRate(significand: 1, scale: 13) } == "rate allows at most 12 decimal places")
    }

    @Test func convertsBetweenMinorUnits() throws {
        #expect(try ExchangeRate("1050000").convert(usd(1_250), to: .irr) == irr(13_125_000))
        // 13 125 000 × 0.00000095238 = 12.4999875 USD → 1250 cents.
        #expect(try ExchangeRate("0.00000095238").convert(irr(13_125_000), to: .usd) == usd(1_250))
        #expect(try ExchangeRate("0.005").convert(irr(1), to: .usd) == usd(1))      // 0.5 cent
        #expect(try ExchangeRate("0.005").convert(irr(-1), to: .usd) == usd(-1))    // −0.5 cent
        #expect(try ExchangeRate("0.004").convert(irr(1), to: .usd) == usd(0))
        #expect(try ExchangeRate("1.0825").convert(Money(minorUnits: 10_000, currency: .eur), to: .usd) == usd(10_825))
        #expect(try ExchangeRate("1.5").convert(Money(minorUnits: 1, currency: .eur), to: .usd) == usd(2))
        #expect(try ExchangeRate("1.5").convert(Money(minorUnits: -1, currency: .eur), to: .usd) == usd(-2))
        let kwd = Currency(rawValue: "KWD")
        #expect(try ExchangeRate("2").convert(irr(5), to: kwd) == Money(minorUnits: 10_000, currency: kwd))   // 10.000 KWD
        #expect(try ExchangeRate("2").convert(irr(0), to: kwd) == Money.zero(kwd))
    }

    @Test func conversionOverflowIsAnError() throws {
        #expect(rejection("amount") { () throws(ValidationError) in try ExchangeRate("2").convert(irr(.max), to: .usd) } == "converted amount is too large")
        #expect(rejection("amount") { () throws(ValidationError) in try ExchangeRate("3").convert(irr(.max / 2), to: .irr) } == "converted amount is too large")
        #expect(rejection("amount") { () throws(ValidationError) in
            try ExchangeRate("100000000000000000").convert(irr(1), to: Currency(rawValue: "KWD"))
        } == "converted amount is too large")
    }

    @Test func codableAsString() throws {
        #expect(try jsonText(ExchangeRate("1.50")) == "\"1.5\"")
        #expect(try roundTrip(ExchangeRate("0.00000095238")) == ExchangeRate("0.00000095238"))
        #expect(throws: DecodingError.self) { try decodeJSON(ExchangeRate.self, "\"0\"") }
    }
}

@Suite struct ExchangeRateTableTests {
    func table() throws -> ExchangeRateTable {
        var table = ExchangeRateTable()
        try table.setRate(ExchangeRate("1000000"), from: .usd, to: .irr, effective: jday(1405, 1, 1))
        try table.setRate(ExchangeRate("1100000"), from: .usd, to: .irr, effective: jday(1405, 6, 1))
        try table.setRate(ExchangeRate("1.1"), from: .eur, to: .usd, effective: jday(1404, 1, 1))
        return table
    }

    @Test func usesLatestRateOnOrBeforeTheDay() throws {
        let table = try table()
        #expect(try table.convert(usd(100), to: .irr, on: jday(1405, 1, 1)) == irr(1_000_000))
        #expect(try table.convert(usd(100), to: .irr, on: jday(1405, 5, 31)) == irr(1_000_000))
        #expect(try table.convert(usd(100), to: .irr, on: jday(1405, 6, 1)) == irr(1_100_000))
        #expect(try table.convert(usd(250), to: .irr, on: jday(1410, 1, 1)) == irr(2_750_000))
        #expect(try table.rate(from: .usd, to: .irr, on: jday(1405, 3, 3)) == ExchangeRate("1000000"))
        #expect(try table.rate(from: .usd, to: .irr, on: jday(1404, 12, 29)) == nil)
        // At 00:15 on 1 Farvardin 1405 in Tehran (20 March in UTC) the new year's rate applies.
        #expect(try table.convert(usd(100), to: .irr, at: instant("2026-03-20T20:45:00Z")) == irr(1_000_000))
    }

    @Test func identityAndMissingRates() throws {
        let table = try table()
        #expect(try ExchangeRateTable().convert(irr(1_234), to: .irr, on: jday(1300, 1, 1)) == irr(1_234))
        #expect(try table.convert(usd(-7), to: .usd, on: jday(1300, 1, 1)) == usd(-7))
        #expect(rejection("rate") { () throws(ValidationError) in try table.convert(usd(100), to: .irr, on: jday(1404, 12, 29)) }
            == "no USD→IRR rate is effective on or before 1404-12-29")
        #expect(rejection("rate") { () throws(ValidationError) in try table.convert(irr(100), to: .usd, on: jday(1405, 7, 1)) }
            == "no IRR→USD rate is effective on or before 1405-07-01")
        #expect(rejection("rate") { () throws(ValidationError) in try table.convert(Money(minorUnits: 5, currency: .eur), to: .irr, on: jday(1405, 7, 1)) }
            == "no EUR→IRR rate is effective on or before 1405-07-01")
        var copy = table
        #expect(rejection("rate") { () throws(ValidationError) in try copy.setRate(ExchangeRate("1"), from: .irr, to: .irr, effective: jday(1405, 1, 1)) }
            == "a currency's rate to itself is always 1 (IRR)")
        #expect(copy == table)
        #expect(rejection("amount") { () throws(ValidationError) in try table.convert(usd(.max), to: .irr, on: jday(1405, 7, 1)) }
            == "converted amount is too large")
    }

    @Test func replacesSameDayAndRoundTrips() throws {
        var table = try table()
        try table.setRate(ExchangeRate("1050000"), from: .usd, to: .irr, effective: jday(1405, 1, 1))
        #expect(try table.convert(usd(100), to: .irr, on: jday(1405, 2, 1)) == irr(1_050_000))
        #expect(table.entries.count == 3)
        #expect(table.entries.map(\.from) == [.eur, .usd, .usd])
        #expect(try table.entries.map(\.effective) == [jday(1404, 1, 1), jday(1405, 1, 1), jday(1405, 6, 1)])
        #expect(try ExchangeRateTable(entries: table.entries.reversed()) == table)
        #expect(try roundTrip(table) == table)
        #expect(try jsonText(ExchangeRateTable(entries: [.init(from: .usd, to: .irr, effective: jday(1405, 1, 1), rate: ExchangeRate("1050000"))]))
            == #"{"entries":[{"effective":"1405-01-01","from":"USD","rate":"1050000","to":"IRR"}]}"#)
        #expect(rejection("rate") { () throws(ValidationError) in
            try ExchangeRateTable(entries: [.init(from: .usd, to: .usd, effective: jday(1405, 1, 1), rate: ExchangeRate("1"))])
        } == "a currency's rate to itself is always 1 (USD)")
        #expect(throws: DecodingError.self) {
            try decodeJSON(ExchangeRateTable.self, #"{"entries":[{"effective":"1405-01-01","from":"USD","rate":"1","to":"USD"}]}"#)
        }
    }
}

@Suite struct TomanTests {
    @Test func displaysRialsAsTomans() throws {
        #expect(try Toman.amountString(irr(1_250_000)) == "125000")
        #expect(try Toman.amountString(irr(125)) == "12.5")
        #expect(try Toman.amountString(irr(-5)) == "-0.5")
        #expect(try Toman.amountString(irr(0)) == "0")
        #expect(try Toman.formatted(irr(1_250_000), language: "fa") == "۱۲۵٬۰۰۰ تومان")
        #expect(try Toman.formatted(irr(1_250_000), language: "en") == "125,000 Toman")
        #expect(rejection("currency") { () throws(ValidationError) in try Toman.amountString(usd(100)) } == "tomans are only for IRR amounts, not USD")
        #expect(rejection("currency") { () throws(ValidationError) in try Toman.formatted(usd(100), language: "fa") } == "tomans are only for IRR amounts, not USD")
    }
}

@Suite struct CustomerValueTests {
    @Test func profit() throws {
        let value = try CustomerValue(revenue: irr(10_000_000), costOfGoods: irr(6_500_000), costToServe: irr(1_200_000))
        #expect(value.profit == irr(2_300_000))
        let loss = try CustomerValue(revenue: usd(1_000), costOfGoods: usd(900), costToServe: usd(250))
        #expect(loss.profit == usd(-150))
        #expect(try roundTrip(value) == value)
        #expect(try jsonText(loss) == #"{"costOfGoods":{"amount":"9.00","currency":"USD"},"costToServe":{"amount":"2.50","currency":"USD"},"revenue":{"amount":"10.00","currency":"USD"}}"#)
        #expect(throws: DecodingError.self) {
            try decodeJSON(CustomerValue.self, #"{"costOfGoods":{"amount":"-9","currency":"USD"},"costToServe":{"amount":"2.50","currency":"USD"},"revenue":{"amount":"10.00","currency":"USD"}}"#)
        }
    }

    @Test func rejectsBadInput() {
        #expect(rejection("currency") { () throws(ValidationError) in try CustomerValue(revenue: irr(1), costOfGoods: usd(1), costToServe: irr(1)) }
            == "revenue and costs must be in one currency")
        #expect(rejection("currency") { () throws(ValidationError) in try CustomerValue(revenue: irr(1), costOfGoods: irr(1), costToServe: usd(1)) }
            == "revenue and costs must be in one currency")
        #expect(rejectedFields { () throws(ValidationError) in try CustomerValue(revenue: irr(-1), costOfGoods: irr(-1), costToServe: irr(-1)) }
            == ["revenue", "costOfGoods", "costToServe"])
        #expect(rejection("costToServe") { () throws(ValidationError) in try CustomerValue(revenue: irr(1), costOfGoods: irr(1), costToServe: irr(-1)) }
            == "cost to serve must not be negative")
        #expect(rejection("amount") { () throws(ValidationError) in try CustomerValue(revenue: irr(0), costOfGoods: irr(.max), costToServe: irr(2)) }
            == "amount is too large")
    }

    @Test func repeatPurchaseInterval() {
        #expect(CustomerValue.repeatPurchaseInterval(orderDays: []) == nil)
        #expect(CustomerValue.repeatPurchaseInterval(orderDays: [5]) == nil)
        #expect(CustomerValue.repeatPurchaseInterval(orderDays: [5, 5, 5]) == nil)
        #expect(CustomerValue.repeatPurchaseInterval(orderDays: [10, 0, 20, 20]) == 10)
        #expect(CustomerValue.repeatPurchaseInterval(orderDays: [45, 0, 30]) == 22.5)
        #expect(CustomerValue.repeatPurchaseInterval(orderDays: [-3, 4]) == 7)
    }
}
