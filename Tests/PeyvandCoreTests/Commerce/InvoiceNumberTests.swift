import Foundation
import Testing
@testable import PeyvandCore

func instant(_ iso: String) throws -> Date {
    try #require(ISO8601DateFormatter().date(from: iso))
}

@Suite struct InvoiceNumberTests {
    @Test func formatsAndParses() throws {
        let number = try InvoiceNumber(year: 1405, sequence: 42)
        #expect(number.description == "1405-000042")
        #expect(number.formatted() == "۱۴۰۵-۰۰۰۰۴۲")
        #expect(number.formatted(digits: .latin) == "1405-000042")
        #expect(try InvoiceNumber.parse("1405-000042") == number)
        #expect(try InvoiceNumber.parse(" ۱۴۰۵-۰۰۰۰۴۲ ") == number)
        #expect(try InvoiceNumber.parse("١٤٠٥-٠٠٠٠٤٢") == number)
        #expect(try InvoiceNumber(year: 1405, sequence: 999_999).description == "1405-999999")
        #expect(try InvoiceNumber(year: 1405, sequence: 1_000_000).description == "1405-1000000")
        #expect(try InvoiceNumber.parse("1405-1000000") == InvoiceNumber(year: 1405, sequence: 1_000_000))
        #expect(rejectedFields { () throws(ValidationError) in try InvoiceNumber.parse("1405-0000042") } == ["invoiceNumber"])
    }

    @Test func yearIsTheJalaliYearInTehran() throws {
        // 1 Farvardin 1405 = 21 March 2026. At 20:45 UTC on 20 March it is already 00:15 on 21 March in Tehran.
        let nowruzEve = try instant("2026-03-20T20:45:00Z")
        #expect(try InvoiceNumber(issuedAt: nowruzEve, sequence: 1).description == "1405-000001")
        #expect(JalaliDate(nowruzEve, timeZone: TimeZone(identifier: "UTC")!).year == 1404)
        let lastEvening = try instant("2026-03-20T20:29:59Z")   // 23:59:59 Tehran
        #expect(try InvoiceNumber(issuedAt: lastEvening, sequence: 7).description == "1404-000007")
        #expect(try InvoiceNumber(issuedOn: jday(1405, 9, 2), sequence: 3).year == 1405)
        #expect(Tehran.day(of: nowruzEve) == (try jday(1405, 1, 1)))
    }

    @Test func rejectsBadNumbers() {
        #expect(rejection("invoiceNumber") { () throws(ValidationError) in try InvoiceNumber(year: 999, sequence: 1) } == "year must have four digits")
        #expect(rejection("invoiceNumber") { () throws(ValidationError) in try InvoiceNumber(year: 10_000, sequence: 1) } == "year must have four digits")
        #expect(rejection("invoiceNumber") { () throws(ValidationError) in try InvoiceNumber(year: 1405, sequence: 0) } == "sequence must be between 1 and 999999999")
        #expect(rejection("invoiceNumber") { () throws(ValidationError) in try InvoiceNumber(year: 1405, sequence: 1_000_000_000) } == "sequence must be between 1 and 999999999")
        for bad in ["", "1405-42", "1405/000042", "1405-0000042", "14050-00042", "1405-00004x", "1405-000042-1", "+405-000042"] {
            #expect(rejection("invoiceNumber") { () throws(ValidationError) in try InvoiceNumber.parse(bad) } == "expected an invoice number like 1405-000042", "\(bad)")
        }
        #expect(rejection("invoiceNumber") { () throws(ValidationError) in try InvoiceNumber.parse("1405-000000") } == "sequence must be between 1 and 999999999")
        #expect(rejection("invoiceNumber") { () throws(ValidationError) in try InvoiceNumber(year: 1405, sequence: 999_999_999).next() } == "sequence must be between 1 and 999999999")
    }

    @Test func orderingNextAndGaps() throws {
        let a = try InvoiceNumber(year: 1404, sequence: 900)
        let b = try InvoiceNumber(year: 1405, sequence: 1)
        #expect(a < b)
        #expect(try b.next() == InvoiceNumber(year: 1405, sequence: 2))
        let issued = try [1, 2, 4, 6].map { try InvoiceNumber(year: 1405, sequence: $0) } + [InvoiceNumber(year: 1406, sequence: 1)]
        #expect(InvoiceNumber.gaps(in: issued) == [try InvoiceNumber(year: 1405, sequence: 3), try InvoiceNumber(year: 1405, sequence: 5)])
        #expect(InvoiceNumber.gaps(in: []) == [])
        #expect(InvoiceNumber.gaps(in: [try InvoiceNumber(year: 1406, sequence: 3)]).map(\.sequence) == [1, 2])
        #expect(InvoiceNumber.gaps(in: try (1...5).reversed().map { try InvoiceNumber(year: 1405, sequence: $0) }) == [])
    }

    @Test func codable() throws {
        let number = try InvoiceNumber(year: 1405, sequence: 42)
        #expect(try jsonText(number) == "\"1405-000042\"")
        #expect(try roundTrip(number) == number)
        #expect(throws: DecodingError.self) { try decodeJSON(InvoiceNumber.self, "\"1405-42\"") }
    }
}

@Suite struct PaymentTermsTests {
    @Test func dueDates() throws {
        let net30 = try PaymentTerms(netDays: 30)
        #expect(net30.dueDate(issuedOn: try jday(1405, 11, 25)) == (try jday(1405, 12, 25)))   // Bahman has 30 days
        let net10 = try PaymentTerms(netDays: 10)
        #expect(net10.dueDate(issuedOn: try jday(1405, 12, 20)) == (try jday(1406, 1, 1)))     // 1405 is not leap: Esfand has 29 days
        #expect(net10.dueDate(issuedOn: try jday(1403, 12, 20)) == (try jday(1403, 12, 30)))   // 1403 is leap
        #expect(PaymentTerms.dueOnReceipt.dueDate(issuedOn: try jday(1405, 5, 5)) == (try jday(1405, 5, 5)))
        #expect(try PaymentTerms(netDays: 365).dueDate(issuedOn: jday(1405, 1, 1)) == (try jday(1406, 1, 1)))
        // Issued at 00:15 Tehran time on 1 Farvardin 1405 (still 20 March in UTC).
        #expect(net10.dueDate(issuedAt: try instant("2026-03-20T20:45:00Z")) == (try jday(1405, 1, 11)))
        #expect(net30.description == "net 30")
        // Loyalty terms are just another value.
        let loyalty = try PaymentTerms(netDays: 60)
        #expect(loyalty != net30 && loyalty.netDays == 60)
    }

    @Test func rejectsOutOfRangeDays() {
        #expect(rejection("paymentTerms") { () throws(ValidationError) in try PaymentTerms(netDays: -1) } == "net days must be between 0 and 365")
        #expect(rejection("paymentTerms") { () throws(ValidationError) in try PaymentTerms(netDays: 366) } == "net days must be between 0 and 365")
    }

    @Test func codable() throws {
        #expect(try jsonText(PaymentTerms(netDays: 30)) == #"{"netDays":30}"#)
        #expect(try roundTrip(PaymentTerms(netDays: 45)) == PaymentTerms(netDays: 45))
        #expect(throws: DecodingError.self) { try decodeJSON(PaymentTerms.self, #"{"netDays":400}"#) }
    }
}

@Suite struct PaymentMethodTests {
    @Test func chequeNormalisesInput() throws {
        let cheque = try Cheque(number: " ۱۲۳۴-۵۶۷۸ ۹۰ ", bankName: "  بانک ملت ", dueDate: jday(1405, 10, 1))
        #expect(cheque.number == "1234567890")
        #expect(cheque.bankName == "بانک ملت")
        #expect(cheque.isPostDated(relativeTo: try jday(1405, 9, 30)))
        #expect(!cheque.isPostDated(relativeTo: try jday(1405, 10, 1)))
        #expect(try Cheque(number: String(repeating: "1", count: 20), bankName: "Saman", dueDate: jday(1405, 1, 1)).number.count == 20)
    }

    @Test func rejectsBadCheques() throws {
        let due = try jday(1405, 10, 1)
        #expect(rejection("chequeNumber") { () throws(ValidationError) in try Cheque(number: " - ", bankName: "Mellat", dueDate: due) } == "empty")
        #expect(rejection("chequeNumber") { () throws(ValidationError) in try Cheque(number: "12a4", bankName: "Mellat", dueDate: due) }
            == "cheque number must contain only digits")
        #expect(rejection("chequeNumber") { () throws(ValidationError) in try Cheque(number: String(repeating: "9", count: 21), bankName: "Mellat", dueDate: due) }
            == "cheque number must have at most 20 digits")
        #expect(rejection("bankName") { () throws(ValidationError) in try Cheque(number: "123", bankName: "  ", dueDate: due) } == "empty")
        #expect(rejection("bankName") { () throws(ValidationError) in try Cheque(number: "123", bankName: String(repeating: "ب", count: 101), dueDate: due) }
            == "bank name must be at most 100 characters")
        #expect(rejectedFields { () throws(ValidationError) in try Cheque(number: "", bankName: "", dueDate: due) } == ["chequeNumber", "bankName"])
    }

    @Test func codableWithKindDiscriminator() throws {
        #expect(try jsonText(PaymentMethod.cash) == #"{"kind":"cash"}"#)
        #expect(try jsonText(PaymentMethod.card) == #"{"kind":"card"}"#)
        #expect(try jsonText(PaymentMethod.bankTransfer) == #"{"kind":"bankTransfer"}"#)
        let cheque = PaymentMethod.cheque(try Cheque(number: "123456", bankName: "Mellat", dueDate: jday(1405, 10, 1)))
        #expect(try jsonText(cheque) == #"{"bankName":"Mellat","dueDate":"1405-10-01","kind":"cheque","number":"123456"}"#)
        for method in [PaymentMethod.cash, .card, .bankTransfer, cheque] {
            #expect(try roundTrip(method) == method)
        }
        #expect(cheque.kind == "cheque" && PaymentMethod.bankTransfer.kind == "bankTransfer")
        #expect(throws: DecodingError.self) { try decodeJSON(PaymentMethod.self, #"{"kind":"barter"}"#) }
        #expect(throws: DecodingError.self) {
            try decodeJSON(PaymentMethod.self, #"{"kind":"cheque","number":"12x","bankName":"Mellat","dueDate":"1405-10-01"}"#)
        }
        #expect(throws: DecodingError.self) { try decodeJSON(PaymentMethod.self, #"{"kind":"cheque","number":"12"}"#) }
    }
}
