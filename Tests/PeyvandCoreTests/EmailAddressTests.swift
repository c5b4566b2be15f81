import Foundation
import Testing
@testable import PeyvandCore

@Suite struct EmailAddressTests {
    @Test func acceptsAndNormalises() throws {
        let email = try EmailAddress(parsing: "  Ali.Rezaei+crm@Example.CO.ir ")
        #expect(email.value == "Ali.Rezaei+crm@example.co.ir")
        #expect(email.key == "ali.rezaei+crm@example.co.ir")
        #expect(email.domain == "example.co.ir")
        #expect(email.description == email.value)
        #expect(try EmailAddress(parsing: "a@b.io").value == "a@b.io")
        #expect(try EmailAddress(parsing: "o'brien_x-y@mail-server.example.com").value == "o'brien_x-y@mail-server.example.com")
        #expect(try EmailAddress(parsing: "user@xn--mgbai9azgqp6j.xn--mgba3a4f16a").value == "user@xn--mgbai9azgqp6j.xn--mgba3a4f16a")
    }

    @Test func duplicatesShareKey() throws {
        let a = try EmailAddress(parsing: "Sara@Example.com")
        let b = try EmailAddress(parsing: "sara@example.COM")
        #expect(a != b)
        #expect(a.key == b.key)
    }

    @Test func rejectionsCarrySpecificReasons() {
        func why(_ raw: String) -> String? { reason("email") { () throws(ValidationError) in try EmailAddress(parsing: raw) } }
        #expect(why("") == "empty")
        #expect(why("  ") == "empty")
        #expect(why("ali rezaei@example.com") == "contains spaces")
        #expect(why("ali.example.com") == "missing '@'")
        #expect(why("a@b@example.com") == "more than one '@'")
        #expect(why("@example.com") == "missing the part before '@'")
        #expect(why("ali@") == "missing the domain after '@'")
        #expect(why("ali@localhost") == "the domain must contain a dot")
        #expect(why("ali@example..com") == "the domain has an empty label")
        #expect(why("ali@.example.com") == "the domain has an empty label")
        #expect(why("ali@exa_mple.com") == "the domain contains invalid characters")
        #expect(why("ali@-example.com") == "a domain label cannot start or end with '-'")
        #expect(why("ali@example.c") == "the top-level domain is invalid")
        #expect(why("ali@1.2.3.4") == "the top-level domain is invalid")
        #expect(why("ali@[1.2.3.4]") == "the domain contains invalid characters")
        #expect(why(".ali@example.com") == "the part before '@' cannot start or end with '.' or contain '..'")
        #expect(why("a..li@example.com") == "the part before '@' cannot start or end with '.' or contain '..'")
        #expect(why("ali(x)@example.com") == "the part before '@' contains invalid characters")
        #expect(why("علی@example.com") == "the part before '@' contains invalid characters")
        #expect(why(String(repeating: "a", count: 65) + "@example.com") == "the part before '@' is longer than 64 characters")
        #expect(why("a@" + String(repeating: "b", count: 64) + ".com") == "a domain label is longer than 63 characters")
        let longDomain = Array(repeating: String(repeating: "d", count: 60), count: 4).joined(separator: ".") + ".com"
        #expect(why("abcdefghij@" + longDomain) == "longer than 254 characters")
    }

    @Test func exactLimitsAccepted() throws {
        let local = String(repeating: "a", count: 64)
        #expect(try EmailAddress(parsing: local + "@example.com").value.count == 76)
        #expect(try EmailAddress(parsing: "a@" + String(repeating: "b", count: 63) + ".com").value.count == 69)
    }

    @Test func codableAsString() throws {
        let email = try EmailAddress(parsing: "Info@Peyvand.IR")
        let data = try JSONEncoder().encode([email])
        #expect(String(decoding: data, as: UTF8.self) == #"["Info@peyvand.ir"]"#)
        #expect(try JSONDecoder().decode([EmailAddress].self, from: data) == [email])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([EmailAddress].self, from: Data(#"["nope"]"#.utf8)) }
    }
}
