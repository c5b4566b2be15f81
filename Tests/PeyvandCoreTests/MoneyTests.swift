import Foundation
import Testing
@testable import PeyvandCore

@Suite struct MoneyTests {
    @Test func currencyBasics() throws {
        #expect(Currency.irr.rawValue == "IRR")
        #expect(Currency.irr.minorUnitDigits == 0)
        #expect(Currency.usd.minorUnitDigits == 2)
        #expect(Currency.eur.minorUnitDigits == 2)
        #expect(Currency(rawValue: "KWD").minorUnitDigits == 3)
        #expect(try Currency(code: " usd ") == .usd)
        #expect(reason("currency") { () throws(ValidationError) in try Currency(code: "US") } == "currency must be a three-letter ISO 4217 code")
    }

    @Test func parsesMajorAmounts() throws {
        #expect(try Money(major: "1250000", currency: .irr).minorUnits == 1_250_000)
        #expect(try Money(major: "1,250,000", currency: .irr).minorUnits == 1_250_000)
        #expect(try Money(major: "۱٬۲۵۰٬۰۰۰", currency: .irr).minorUnits == 1_250_000)
        #expect(try Money(major: "١٢٥٠ ٠٠٠", currency: .irr).minorUnits == 1_250_000)
        #expect(try Money(major: "12.5", currency: .usd).minorUnits == 1_250)
        #expect(try Money(major: "12.50", currency: .usd).minorUnits == 1_250)
        #expect(try Money(major: "۱۲٫۵", currency: .eur).minorUnits == 1_250)
        #expect(try Money(major: "-0.05", currency: .usd).minorUnits == -5)
        #expect(try Money(major: " 7 ", currency: .usd).minorUnits == 700)
        #expect(try Money(major: "12.500", currency: .usd).minorUnits == 1_250)
        #expect(try Money(major: "1250000.00", currency: .irr).minorUnits == 1_250_000)
        #expect(try Money(major: "-0", currency: .irr).minorUnits == 0)
    }

    @Test func rejectsBadAmounts() {
        #expect(reason("amount") { () throws(ValidationError) in try Money(major: "", currency: .irr) } == "empty")
        #expect(reason("amount") { () throws(ValidationError) in try Money(major: "   ", currency: .irr) } == "empty")
        #expect(reason("amount") { () throws(ValidationError) in try Money(major: "12a", currency: .irr) } == "not a number")
        #expect(reason("amount") { () throws(ValidationError) in try Money(major: "-", currency: .irr) } == "not a number")
        #expect(reason("amount") { () throws(ValidationError) in try Money(major: "1.", currency: .usd) } == "not a number")
        #expect(reason("amount") { () throws(ValidationError) in try Money(major: ".5", currency: .usd) } == "not a number")
        #expect(reason("amount") { () throws(ValidationError) in try Money(major: "1.2.3", currency: .usd) } == "more than one decimal point")
        #expect(reason("amount") { () throws(ValidationError) in try Money(major: "1-2", currency: .usd) } == "'-' is only allowed at the start")
        #expect(reason("amount") { () throws(ValidationError) in try Money(major: "12.505", currency: .usd) }
            == "too many decimal places for USD (at most 2)")
        #expect(reason("amount") { () throws(ValidationError) in try Money(major: "100.5", currency: .irr) }
            == "too many decimal places for IRR (at most 0)")
    }

    @Test func overflowIsAnError() throws {
        #expect(try Money(major: "9223372036854775807", currency: .irr).minorUnits == Int64.max)
        #expect(try Money(major: "-9223372036854775808", currency: .irr).minorUnits == Int64.min)
        #expect(reason("amount") { () throws(ValidationError) in try Money(major: "9223372036854775808", currency: .irr) } == "amount is too large")
        #expect(reason("amount") { () throws(ValidationError) in try Money(major: "92233720368547758.08", currency: .usd) } == "amount is too large")
        #expect(reason("amount") { () throws(ValidationError) in try Money(major: "99999999999999999999999", currency: .irr) } == "amount is too large")
        let max = Money(minorUnits: .max, currency: .irr)
        #expect(reason("amount") { () throws(ValidationError) in try max.adding(Money(minorUnits: 1, currency: .irr)) } == "amount is too large")
        let min = Money(minorUnits: .min, currency: .irr)
        #expect(reason("amount") { () throws(ValidationError) in try min.subtracting(Money(minorUnits: 1, currency: .irr)) } == "amount is too large")
    }

    @Test func arithmetic() throws {
        let a = Money(minorUnits: 1_250, currency: .usd)
        let b = Money(minorUnits: 375, currency: .usd)
        #expect(try a.adding(b) == Money(minorUnits: 1_625, currency: .usd))
        #expect(try b.subtracting(a) == Money(minorUnits: -875, currency: .usd))
        #expect(reason("currency") { () throws(ValidationError) in try a.adding(Money(minorUnits: 1, currency: .irr)) }
            == "currency mismatch: USD and IRR")
        #expect(reason("currency") { () throws(ValidationError) in try a.subtracting(Money(minorUnits: 1, currency: .eur)) }
            == "currency mismatch: USD and EUR")
    }

    @Test func majorString() {
        #expect(Money(minorUnits: 1_250_000, currency: .irr).majorString == "1250000")
        #expect(Money(minorUnits: 1_250, currency: .usd).majorString == "12.50")
        #expect(Money(minorUnits: -5, currency: .usd).majorString == "-0.05")
        #expect(Money(minorUnits: 0, currency: .eur).majorString == "0.00")
        #expect(Money(minorUnits: 7, currency: .irr).majorString == "7")
        #expect(Money(minorUnits: -1_234, currency: Currency(rawValue: "KWD")).majorString == "-1.234")
        #expect(Money(minorUnits: .min, currency: .irr).majorString == "-9223372036854775808")
    }

    @Test func formatting() {
        let rial = Money(minorUnits: 1_250_000, currency: .irr)
        #expect(rial.formatted(language: "fa") == "۱٬۲۵۰٬۰۰۰ ریال")
        #expect(rial.formatted(language: "fa", toman: true) == "۱۲۵٬۰۰۰ تومان")
        #expect(rial.formatted(language: "en") == "1,250,000 IRR")
        #expect(rial.formatted(language: "en", toman: true) == "125,000 Toman")
        #expect(Money(minorUnits: 125_000, currency: .irr).formatted(language: "fa", toman: true) == "۱۲٬۵۰۰ تومان")
        #expect(Money(minorUnits: 125, currency: .irr).formatted(language: "en", toman: true) == "12.5 Toman")
        #expect(Money(minorUnits: 125, currency: .irr).formatted(language: "fa", toman: true) == "۱۲٫۵ تومان")
        #expect(Money(minorUnits: -12_345_675, currency: .irr).formatted(language: "en", toman: true) == "-1,234,567.5 Toman")
        #expect(Money(minorUnits: 5, currency: .irr).formatted(language: "en", toman: true) == "0.5 Toman")
        #expect(Money(minorUnits: 123_456_789, currency: .usd).formatted(language: "en") == "1,234,567.89 USD")
        #expect(Money(minorUnits: 1_250, currency: .usd).formatted(language: "fa") == "۱۲٫۵۰ دلار")
        #expect(Money(minorUnits: 1_250, currency: .eur).formatted(language: "fa") == "۱۲٫۵۰ یورو")
        // toman only applies to IRR
        #expect(Money(minorUnits: 1_250, currency: .usd).formatted(language: "en", toman: true) == "12.50 USD")
        #expect(Money(minorUnits: -5, currency: .usd).formatted(language: "en") == "-0.05 USD")
        #expect(Money(minorUnits: 100, currency: .irr).formatted(language: "en") == "100 IRR")
        #expect(Money(minorUnits: 0, currency: .irr).formatted(language: "fa") == "۰ ریال")
    }

    @Test func codableJSONShape() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let rial = Money(minorUnits: 1_250_000, currency: .irr)
        #expect(String(decoding: try encoder.encode(rial), as: UTF8.self) == #"{"amount":"1250000","currency":"IRR"}"#)
        let dollars = Money(minorUnits: -5, currency: .usd)
        #expect(String(decoding: try encoder.encode(dollars), as: UTF8.self) == #"{"amount":"-0.05","currency":"USD"}"#)

        let decoded = try JSONDecoder().decode(Money.self, from: Data(#"{"amount":"12.50","currency":"USD"}"#.utf8))
        #expect(decoded == Money(minorUnits: 1_250, currency: .usd))
        #expect(try JSONDecoder().decode(Money.self, from: try encoder.encode(rial)) == rial)

        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Money.self, from: Data(#"{"amount":"12.505","currency":"USD"}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Money.self, from: Data(#"{"amount":"1","currency":"dollars"}"#.utf8))
        }
    }
}
