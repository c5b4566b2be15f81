import Foundation
import Testing
@testable import PeyvandCore

@Suite struct QuantityTests {
    @Test func parsesDecimalStrings() throws {
        #expect(try Quantity("2").thousandths == 2_000)
        #expect(try Quantity("1.5").thousandths == 1_500)
        #expect(try Quantity("0.125").thousandths == 125)
        #expect(try Quantity("۱٫۲۵").thousandths == 1_250)
        #expect(try Quantity("٣").thousandths == 3_000)
        #expect(try Quantity("1,000").thousandths == 1_000_000)
        #expect(try Quantity("2.500").thousandths == 2_500)
        #expect(try Quantity("1.2300000").thousandths == 1_230)
        #expect(try Quantity(" 7 ").thousandths == 7_000)
        #expect(try Quantity("0") == .zero)
        #expect(try Quantity("-0") == .zero)
        #expect(try Quantity("9223372036854775.807").thousandths == Int64.max)
    }

    @Test func rejectsBadText() {
        #expect(rejection("quantity") { () throws(ValidationError) in try Quantity("") } == "empty")
        #expect(rejection("quantity") { () throws(ValidationError) in try Quantity("abc") } == "not a number")
        #expect(rejection("quantity") { () throws(ValidationError) in try Quantity("1.") } == "not a number")
        #expect(rejection("quantity") { () throws(ValidationError) in try Quantity("1.2.3") } == "more than one decimal point")
        #expect(rejection("quantity") { () throws(ValidationError) in try Quantity("1-2") } == "'-' is only allowed at the start")
        #expect(rejection("quantity") { () throws(ValidationError) in try Quantity("1.2,3") } == "thousands separator after the decimal point")
        #expect(rejection("quantity") { () throws(ValidationError) in try Quantity("-1") } == "quantity must not be negative")
        #expect(rejection("quantity") { () throws(ValidationError) in try Quantity("1.2345") } == "quantity allows at most 3 decimal places")
        #expect(rejection("quantity") { () throws(ValidationError) in try Quantity("9223372036854775.808") } == "quantity is too large")
        #expect(rejection("quantity") { () throws(ValidationError) in try Quantity("99999999999999999999") } == "quantity is too large")
    }

    @Test func describesWithoutTrailingZeros() throws {
        #expect(try Quantity(thousandths: 2_000).description == "2")
        #expect(try Quantity(thousandths: 1_500).description == "1.5")
        #expect(try Quantity(thousandths: 125).description == "0.125")
        #expect(try Quantity(thousandths: 10).description == "0.01")
        #expect(try Quantity(thousandths: 1_000_000).description == "1000")
        #expect(Quantity.zero.description == "0")
    }

    @Test func constructionAndArithmetic() throws {
        #expect(try Quantity(whole: 4).thousandths == 4_000)
        #expect(rejection("quantity") { () throws(ValidationError) in try Quantity(thousandths: -1) } == "quantity must not be negative")
        #expect(rejection("quantity") { () throws(ValidationError) in try Quantity(whole: -1) } == "quantity must not be negative")
        #expect(rejection("quantity") { () throws(ValidationError) in try Quantity(whole: Int64.max / 999) } == "quantity is too large")
        let a = try qty("1.5"), b = try qty("0.75")
        #expect(try a.adding(b).thousandths == 2_250)
        #expect(try a.subtracting(b).thousandths == 750)
        #expect(try a.subtracting(a) == .zero)
        #expect(rejection("quantity") { () throws(ValidationError) in try b.subtracting(a) } == "quantity must not be negative")
        let max = try Quantity(thousandths: .max)
        #expect(rejection("quantity") { () throws(ValidationError) in try max.adding(Quantity(thousandths: 1)) } == "quantity is too large")
        #expect(b < a)
        #expect(a.isPositive && !Quantity.zero.isPositive && Quantity.zero.isZero)
    }

    @Test func codableAsDecimalString() throws {
        #expect(try jsonText(qty("1.5")) == "\"1.5\"")
        #expect(try jsonText([qty("2")]) == "[\"2\"]")
        #expect(try decodeJSON(Quantity.self, "\"۲٫۵\"").thousandths == 2_500)
        #expect(try roundTrip(qty("0.001")) == qty("0.001"))
        #expect(throws: DecodingError.self) { try decodeJSON(Quantity.self, "\"-1\"") }
        #expect(throws: DecodingError.self) { try decodeJSON(Quantity.self, "\"1.2345\"") }
        #expect(throws: DecodingError.self) { try decodeJSON(Quantity.self, "1.5") }
    }
}
