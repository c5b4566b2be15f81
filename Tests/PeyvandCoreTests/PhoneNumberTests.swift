import Foundation
import Testing
@testable import PeyvandCore

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        "09121234567", "9121234567", "+989121234567", "00989121234567", "989121234567",
        "+98 912 123 4567", "0912-123-4567", "0912.123.4567", "(0912) 123 4567", "+98 (0) 912 123 4567",
        "۰۹۱۲۱۲۳۴۵۶۷", "٠٩١٢١٢٣٤٥٦٧", "+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷", "  0912 123 4567  ",
    ])
    func iranianMobileForms(_ raw: String) throws {
        let phone = try PhoneNumber(parsing: raw)
        #expect(phone.e164 == "+989121234567")
        #expect(phone.kind == .mobile)
    }

    @Test(arguments: [
        "(021) 8888 7777", "021-88887777", "+982188887777", "02188887777", "00982188887777",
        "982188887777", "2188887777", "+98 21 8888 7777", "۰۲۱ ۸۸۸۸ ۷۷۷۷",
    ])
    func tehranLandlineForms(_ raw: String) throws {
        let phone = try PhoneNumber(parsing: raw)
        #expect(phone.e164 == "+982188887777")
        #expect(phone.kind == .landline)
    }

    @Test func otherProvincesAndMobilePrefixes() throws {
        #expect(try PhoneNumber(parsing: "031-3222 1234").e164 == "+983132221234")
        #expect(try PhoneNumber(parsing: "051 3800 1234").e164 == "+985138001234")
        #expect(try PhoneNumber(parsing: "071-3623-1234").e164 == "+987136231234")
        #expect(try PhoneNumber(parsing: "026 3456 7890").kind == .landline)
        #expect(try PhoneNumber(parsing: "0935 123 4567").e164 == "+989351234567")
        #expect(try PhoneNumber(parsing: "0901 123 4567").kind == .mobile)
        #expect(try PhoneNumber(parsing: "0990 123 4567").kind == .mobile)
    }

    @Test func internationalNumbers() throws {
        let us = try PhoneNumber(parsing: "+1 (202) 555-0123")
        #expect(us.e164 == "+12025550123")
        #expect(us.kind == .international)
        let de = try PhoneNumber(parsing: "0049 30 123456")
        #expect(de.e164 == "+4930123456")
        #expect(de.kind == .international)
        #expect(try PhoneNumber(parsing: "+44 20 7946 0958").e164 == "+442079460958")
        #expect(reason("phone") { () throws(ValidationError) in try PhoneNumber(parsing: "+44 123") }
            == "too short: international numbers have 8 to 15 digits including the country code")
        #expect(reason("phone") { () throws(ValidationError) in try PhoneNumber(parsing: "+1 2345 6789 0123 4567") }
            == "too long: international numbers have at most 15 digits including the country code")
        #expect(reason("phone") { () throws(ValidationError) in try PhoneNumber(parsing: "+0123456789") } == "country code cannot start with 0")
    }

    @Test func rejectionsCarrySpecificReasons() {
        func why(_ raw: String) -> String? { reason("phone") { () throws(ValidationError) in try PhoneNumber(parsing: raw) } }
        #expect(why("") == "empty")
        #expect(why("   ") == "empty")
        #expect(why("0912abc4567") == "contains letters")
        #expect(why("تلفن ندارد") == "contains letters")
        #expect(why("0912*123") == "contains invalid characters")
        #expect(why("0912+1234567") == "'+' is only allowed at the start")
        #expect(why("()-") == "contains no digits")
        #expect(why("0912123456") == "too short: Iranian mobile numbers have 10 digits after the country code (9xx…)")
        #expect(why("+98912123456") == "too short: Iranian mobile numbers have 10 digits after the country code (9xx…)")
        #expect(why("091212345678") == "too long: Iranian mobile numbers have 10 digits after the country code (9xx…)")
        #expect(why("02988887777") == "unknown Iranian area code 029")
        #expect(why("+981088887777") == "unknown Iranian area code 010")
        #expect(why("021888877") == "too short: Iranian landline numbers have a 2-digit area code and an 8-digit subscriber number")
        #expect(why("0218888777712") == "too long: Iranian landline numbers have a 2-digit area code and an 8-digit subscriber number")
        #expect(why("88887777") == "too short: Iranian landline numbers have a 2-digit area code and an 8-digit subscriber number")
        #expect(why("+98 0") == "too short")
    }

    @Test func shortServiceNumbersAreRejected() {
        let found = issues { () throws(ValidationError) in try PhoneNumber(parsing: "1100") }
        #expect(found?.count == 1)
        #expect(found?.first?.field == "phone")
        #expect(found?.first?.reason.hasPrefix("too short") == true)
    }

    @Test func formattedNationally() throws {
        let mobile = try PhoneNumber(parsing: "+989121234567")
        #expect(mobile.formatted(language: "en") == "0912 123 4567")
        #expect(mobile.formatted(language: "fa") == "۰۹۱۲ ۱۲۳ ۴۵۶۷")
        #expect(mobile.description == "+989121234567")
        let landline = try PhoneNumber(parsing: "02188887777")
        #expect(landline.formatted(language: "en") == "021 8888 7777")
        #expect(landline.formatted(language: "fa") == "۰۲۱ ۸۸۸۸ ۷۷۷۷")
        let us = try PhoneNumber(parsing: "+12025550123")
        #expect(us.formatted(language: "en") == "+12025550123")
        #expect(us.formatted(language: "fa") == "+۱۲۰۲۵۵۵۰۱۲۳")
    }

    @Test func codableAsE164String() throws {
        let phone = try PhoneNumber(parsing: "0912 123 4567")
        let data = try JSONEncoder().encode([phone])
        #expect(String(decoding: data, as: UTF8.self) == #"["+989121234567"]"#)
        #expect(try JSONDecoder().decode([PhoneNumber].self, from: data) == [phone])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([PhoneNumber].self, from: Data(#"["12"]"#.utf8)) }
        #expect(PhoneNumber.Kind(rawValue: "landline") == .landline)
    }

    @Test func areaCodeTableIsTheProvincialList() {
        #expect(PhoneNumber.iranianAreaCodes.count == 31)
        #expect(PhoneNumber.iranianAreaCodes["21"] == "Tehran")
        #expect(PhoneNumber.iranianAreaCodes["26"] == "Alborz")
        #expect(PhoneNumber.iranianAreaCodes["31"] == "Isfahan")
        #expect(PhoneNumber.iranianAreaCodes["41"] == "East Azerbaijan")
        #expect(PhoneNumber.iranianAreaCodes["51"] == "Razavi Khorasan")
        #expect(PhoneNumber.iranianAreaCodes["71"] == "Fars")
        #expect(PhoneNumber.iranianAreaCodes.keys.allSatisfy { Int($0)! >= 11 && Int($0)! <= 87 })
    }
}
