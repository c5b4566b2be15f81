import Foundation
import Testing
@testable import PeyvandExchange

@Suite struct VCardWriterTests {
    let persian = VCardContact(
        formattedName: "علی رضایی",
        givenName: "علی",
        familyName: "رضایی",
        organisation: "شرکت پیوند; واحد فروش, تهران",
        title: "مدیر فروش",
        phones: ["+989121234567", "+982188887777"],
        emails: ["ali@example.ir"],
        city: "تهران",
        note: "یادداشت بلند دربارهٔ این مشتری که باید در چند خط تا شود، با ویرگول, نقطه‌ویرگول; و بک‌اسلش \\ و\nخط جدید.",
        categories: ["VIP", "مشتری, طلایی"]
    )

    @Test func writesVCard4() {
        let out = VCardWriter().string(for: VCardContact(formattedName: "Sara, PhD", givenName: "Sara", phones: ["+989351112233"]))
        #expect(out == "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Sara\\, PhD\r\nN:;Sara;;;\r\nTEL:+989351112233\r\nEND:VCARD\r\n")
    }

    @Test func vcard3AlwaysHasN() {
        let out = VCardWriter(version: .v3).string(for: VCardContact(organisation: "Acme", emails: ["a@b.io"]))
        #expect(out == "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Acme\r\nN:;;;;\r\nORG:Acme\r\nEMAIL:a@b.io\r\nEND:VCARD\r\n")
    }

    @Test func foldsAt75OctetsWithoutSplittingUTF8() {
        let out = VCardWriter().string(for: persian)
        let lines = out.components(separatedBy: "\r\n").dropLast()
        #expect(lines.count > 12)  // the long NOTE was folded
        for line in lines {
            #expect(line.utf8.count <= 75, "\(line)")
            #expect(!line.utf8.contains(0x0A) && !line.utf8.contains(0x0D))
        }
        // Every physical line is valid UTF-8 on its own: no sequence was split.
        #expect(lines.allSatisfy { String(validating: Array($0.utf8), as: UTF8.self) != nil })
        #expect(lines.contains { $0.hasPrefix(" ") })
        #expect(VCardWriter.fold(String(repeating: "ی", count: 40)) == "ی" + String(repeating: "ی", count: 36) + "\r\n " + String(repeating: "ی", count: 3) + "\r\n")
    }

    @Test(arguments: [VCardWriter.Version.v4, .v3])
    func roundTrip(version: VCardWriter.Version) {
        let minimal = VCardContact(formattedName: "=HYPERLINK()", phones: ["0912"])
        let text = VCardWriter(version: version).string(for: [persian, minimal])
        let result = VCardParser.parse(text)
        #expect(result.issues.isEmpty)
        #expect(result.entries.map(\.line).first == 1)
        #expect(result.contacts == [persian, minimal])
    }
}
