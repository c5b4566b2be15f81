import Foundation
import Testing
@testable import PeyvandCore

@Suite struct BasisPointsTests {
    @Test func parsesPercentages() throws {
        #expect(try BasisPoints(percent: "10").value == 1_000)
        #expect(try BasisPoints(percent: "9.5").value == 950)
        #expect(try BasisPoints(percent: "۱۰").value == 1_000)
        #expect(try BasisPoints(percent: "٩٫٥").value == 950)
        #expect(try BasisPoints(percent: "12.25%").value == 1_225)
        #expect(try BasisPoints(percent: "۹٪").value == 900)
        #expect(try BasisPoints(percent: "100").value == 10_000)
        #expect(try BasisPoints(percent: "0").value == 0)
        #expect(try BasisPoints(percent: "0.01").value == 1)
        #expect(try BasisPoints(percent: "9.500").value == 950)
    }

    @Test func rejectsBadPercentages() {
        #expect(rejection("rate") { () throws(ValidationError) in try BasisPoints(percent: "100.01") } == "percentage must be between 0 and 100")
        #expect(rejection("rate") { () throws(ValidationError) in try BasisPoints(percent: "-1") } == "percentage must be between 0 and 100")
        #expect(rejection("rate") { () throws(ValidationError) in try BasisPoints(percent: "99999999999999999999") } == "percentage must be between 0 and 100")
        #expect(rejection("rate") { () throws(ValidationError) in try BasisPoints(percent: "9.555") } == "percentage allows at most 2 decimal places")
        #expect(rejection("rate") { () throws(ValidationError) in try BasisPoints(percent: "") } == "empty")
        #expect(rejection("rate") { () throws(ValidationError) in try BasisPoints(percent: "ten") } == "not a number")
        #expect(rejection("discount") { () throws(ValidationError) in try BasisPoints(percent: "101", field: "discount") } == "percentage must be between 0 and 100")
        #expect(rejection("rate") { () throws(ValidationError) in try BasisPoints(10_001) } == "percentage must be between 0 and 100")
        #expect(rejection("rate") { () throws(ValidationError) in try BasisPoints(-1) } == "percentage must be between 0 and 100")
    }

    @Test func rendersPercent() throws {
        #expect(try BasisPoints(950).percentString == "9.5")
        #expect(try BasisPoints(1_000).description == "10%")
        #expect(try BasisPoints(25).percentString == "0.25")
        #expect(BasisPoints.zero.percentString == "0")
        #expect(BasisPoints.hundredPercent.percentString == "100")
    }

    @Test func appliesWithHalfAwayFromZeroRounding() throws {
        let ten = try BasisPoints(1_000)
        #expect(ten.apply(to: irr(12_345)) == irr(1_235))     // 1234.5 → 1235
        #expect(ten.apply(to: irr(-12_345)) == irr(-1_235))   // −1234.5 → −1235
        #expect(ten.apply(to: irr(12_344)) == irr(1_234))     // 1234.4 → 1234
        #expect(try BasisPoints(1).apply(to: usd(4_999)) == usd(0))   // 0.4999 → 0
        #expect(try BasisPoints(1).apply(to: usd(5_000)) == usd(1))   // 0.5 → 1
        #expect(BasisPoints.hundredPercent.apply(to: irr(.min)) == irr(.min))
        #expect(BasisPoints.hundredPercent.apply(to: irr(.max)) == irr(.max))
        #expect(try BasisPoints(9_999).apply(to: irr(.max)) == irr(9_222_449_699_651_090_329))  // remainder 4193 < 5000: rounds down
    }

    @Test func codableAsInteger() throws {
        #expect(try jsonText(BasisPoints(950)) == "950")
        #expect(try decodeJSON(BasisPoints.self, "1000") == BasisPoints(1_000))
        #expect(throws: DecodingError.self) { try decodeJSON(BasisPoints.self, "10001") }
    }
}
