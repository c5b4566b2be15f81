import Foundation
import Testing
@testable import PeyvandExchange

@Suite struct VCardParserTests {
    @Test func vcard3QuotedPrintablePersianName() {
        // As exported by Android phones: QP with a soft line break after "=".
        let text = """
            BEGIN:VCARD\r
            VERSION:3.0\r
            N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D8=B1=D8=B6=D8=A7=DB=8C=DB=8C;=D8=B9=D9=84=DB=8C;;;\r
            FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D8=B9=D9=84=DB=8C =D8=B1=D8=B6=\r
            =D8=A7=DB=8C=DB=8C\r
            TEL;TYPE=CELL:09121234567\r
            item1.TEL;TYPE=HOME,VOICE:+98 21 8888 7777\r
            ADR;TYPE=HOME;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;;;=D8=AA=D9=87=D8=B1=D8=A7=D9=86;;;\r
            END:VCARD\r

            """
        let result = VCardParser.parse(text)
        #expect(result.issues.isEmpty)
        #expect(result.entries.map(\.line) == [1])
        #expect(result.contacts == [VCardContact(
            formattedName: "علی رضایی",
            givenName: "علی",
            familyName: "رضایی",
            phones: ["09121234567", "+98 21 8888 7777"],
            city: "تهران"
        )])
    }

    @Test func vcard21BareParametersAndCP1256Charset() throws {
        let text = "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=WINDOWS-1256;QUOTED-PRINTABLE:=D1=D6=C7=ED=ED;=DA=E1=ED\nTEL;CELL;VOICE;PREF:+989121234567\nTEL;WORK:021-1234\nEND:VCARD\n"
        let result = VCardParser.parse(text)
        #expect(result.issues.isEmpty)
        let contact = try #require(result.contacts.first)
        #expect(contact.familyName == "رضايي")
        #expect(contact.givenName == "علي")
        #expect(contact.phones == ["+989121234567", "021-1234"])
    }

    @Test func vcard4FoldedLinesMultipleTelEmailAndEscapes() {
        let text = """
            BEGIN:VCARD
            VERSION:4.0
            FN:Sara Ahmadi\\, PhD
            N:Ahmadi;Sara;;Dr.;
            ORG:Peyvand Co.;Sales
            TITLE:Head of\\nSales
            TEL;TYPE="cell,voice";VALUE=uri:tel:+989351112233
            TEL;TYPE=work;PREF=1:+982188887777
            EMAIL;TYPE=work:sara@example.com
            EMAIL:sara.
             ahmadi@example.org
            NOTE:This is a long note that was folded by the exporting program at sev
             enty-five octets\\; it has a semicolon\\, a comma and a backslash \\\\ in it.
            CATEGORIES:VIP,Customer\\,Gold, Tehran
            END:VCARD
            """
        let result = VCardParser.parse(text)
        #expect(result.issues.isEmpty)
        #expect(result.contacts == [VCardContact(
            formattedName: "Sara Ahmadi, PhD",
            givenName: "Sara",
            familyName: "Ahmadi",
            organisation: "Peyvand Co., Sales",
            title: "Head of\nSales",
            phones: ["+982188887777", "+989351112233"],
            emails: ["sara@example.com", "sara.ahmadi@example.org"],
            note: "This is a long note that was folded by the exporting program at seventy-five octets; it has a semicolon, a comma and a backslash \\ in it.",
            categories: ["VIP", "Customer,Gold", "Tehran"]
        )])
    }

    @Test func foldInsideUTF8SequenceIsRestored() {
        let name = Array("FN:علی".utf8)
        // Fold between the two bytes of "ل".
        let bytes = Array("BEGIN:VCARD\r\nVERSION:4.0\r\n".utf8) + Array(name[0..<6]) + Array("\r\n ".utf8)
            + Array(name[6...]) + Array("\r\nEND:VCARD\r\n".utf8)
        let result = VCardParser.parse(bytes: bytes)
        #expect(result.contacts.map(\.formattedName) == ["علی"])
    }

    @Test func malformedCardsAreReportedAndOthersRead() {
        let text = """
            junk before
            more junk
            BEGIN:VCARD
            VERSION:3.0
            FN:Good One
            END:VCARD
            BEGIN:VCARD
            VERSION:3.0
            FN:No End
            BEGIN:VCARD
            VERSION:3.0
            FN:Broken
            this line has no colon
            END:VCARD
            END:VCARD
            BEGIN:VCARD
            VERSION:4.0
            NOTE:nothing useful
            END:VCARD
            BEGIN:VCARD
            FN:Last
            TEL:0912
            """
        let result = VCardParser.parse(text)
        #expect(result.entries.map(\.line) == [3])
        #expect(result.contacts.map(\.formattedName) == ["Good One"])
        #expect(result.issues == [
            VCardIssue(line: 1, reason: .textOutsideCard),
            VCardIssue(line: 7, reason: .missingEnd),
            VCardIssue(line: 13, reason: .malformedLine),
            VCardIssue(line: 15, reason: .unexpectedEnd),
            VCardIssue(line: 16, reason: .emptyCard),
            VCardIssue(line: 20, reason: .missingEnd),
        ])
        #expect(result.issues[1].description == "line 7: BEGIN:VCARD without END:VCARD")
    }

    @Test func utf16FileAndIgnoredPhoto() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:رضا\r\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\r\n SkZJRg==\r\nEMAIL;TYPE=INTERNET:reza@example.ir\r\nEND:VCARD\r\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let result = VCardParser.parse(bytes: bytes)
        #expect(result.issues.isEmpty)
        #expect(result.contacts == [VCardContact(formattedName: "رضا", emails: ["reza@example.ir"])])
    }
}
