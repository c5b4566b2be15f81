import Foundation
import Testing
@testable import PeyvandChannels

@Suite("MIME message writer")
struct MIMEMessageTests {
    let persian = MIMEMessage(
        from: MailAddress("shop@peyvand.example", name: "فروشگاه پیوند"),
        to: [MailAddress("sara@example.com", name: "سارا محمدی"), MailAddress("ali@example.com")],
        subject: "فاکتور شماره ۱۴۰۳ — سفارش شما آماده ارسال است و به زودی به دستتان می‌رسد",
        text: "سلام سارا،\nسفارش شما آماده است.\n.\nنقطه بالا تنهاست.",
        html: "<p>سلام <b>سارا</b>، سفارش شما آماده است.</p>",
        language: "fa",
        date: Date(timeIntervalSince1970: 1_765_000_000),
        inReplyTo: "<abc@customer.example>",
        attachments: [MIMEAttachment(
            filename: "فاکتور-" + String(repeating: "خیلی-طولانی-", count: 12) + ".pdf",
            contentType: "application/pdf", data: (0...255).map { UInt8($0) })]
    )

    @Test func everyLineEndsInCRLFAndStaysShort() {
        let text = persian.rendered()
        let bytes = Array(text.utf8)
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            #expect(i > 0 && bytes[i - 1] == UInt8(ascii: "\r"), "bare LF at byte \(i)")
        }
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 })
        #expect(lines.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }, "the message is 7-bit: every non-ASCII byte is encoded")
    }

    @Test func persianSubjectIsEncodedWordsOfAtMost75Characters() {
        let header = MIMEEncoding.headerText(persian.subject)
        let words = header.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        for w in words {
            #expect(w.hasPrefix("=?UTF-8?B?") && w.hasSuffix("?=") && w.count <= 75)
        }
        let decoded = words.map { w -> String in
            let b64 = String(w.dropFirst(10).dropLast(2))
            return String(decoding: Data(base64Encoded: b64)!, as: UTF8.self)
        }.joined()
        #expect(decoded == persian.subject)
        #expect(MIMEEncoding.headerText("Order 1403 ready") == "Order 1403 ready")
    }

    @Test func persianHTMLIsRightToLeft() throws {
        let doc = try #require(persian.htmlDocument)
        #expect(doc.contains("<html dir=\"rtl\" lang=\"fa\">"))
        #expect(doc.contains("<p>سلام <b>سارا</b>"))
        var english = persian
        english.language = "en"
        #expect(english.htmlDocument?.contains("<html dir=\"ltr\" lang=\"en\">") == true)
        english.html = "<html><body>given</body></html>"
        #expect(english.htmlDocument == "<html><body>given</body></html>")
    }

    @Test func headersCarryThreadingAndStructure() {
        let text = persian.rendered()
        #expect(text.contains("\r\nIn-Reply-To: <abc@customer.example>\r\n"))
        #expect(text.contains("\r\nMessage-ID: <"))
        #expect(text.contains("@peyvand.example>\r\n"))
        #expect(text.contains("\r\nDate: Sat, 06 Dec 2025 05:46:40 +0000\r\n"))
        #expect(text.contains("Content-Type: multipart/mixed"))
        #expect(text.contains("Content-Type: multipart/alternative"))
        #expect(text.contains("filename*0*=UTF-8''%D9%81"))
        #expect(text.hasPrefix("From: =?UTF-8?B?"))
    }

    @Test func aPlainTextBecomesRightToLeftHTML() {
        let html = EmailChannel.html(fromText: "مریم عزیز،\nسفارش <۱۲> آماده است & فرستاده شد.\n\n—\nلغو اشتراک: https://crm.example.ir/u/7.email.ab")
        #expect(html == "<p>مریم عزیز،<br>سفارش &lt;۱۲&gt; آماده است &amp; فرستاده شد.</p>\n"
                + "<p>—<br>لغو اشتراک: <a href=\"https://crm.example.ir/u/7.email.ab\">https://crm.example.ir/u/7.email.ab</a></p>")
        let mail = MIMEMessage(from: MailAddress("crm@peyvand.example"), to: [MailAddress("m@example.ir")], subject: "x", text: "x",
                               html: html, language: "fa")
        #expect(mail.htmlDocument?.contains("dir=\"rtl\"") == true)
        #expect(EmailChannel.html(fromText: "<script>x</script>\"") == "<p>&lt;script&gt;x&lt;/script&gt;&quot;</p>")
    }

    @Test func marketingCarriesOneClickUnsubscribe() {
        var offer = persian
        offer.listUnsubscribe = "https://crm.example.ir/u/7.email.abc"
        let text = offer.rendered()
        #expect(text.contains("\r\nList-Unsubscribe: <https://crm.example.ir/u/7.email.abc>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
        offer.listUnsubscribe = "https://x>\r\nBcc: victim@example.com"
        #expect(!offer.rendered().contains("List-Unsubscribe"), "a link that would break the header is left out")
        #expect(!persian.rendered().contains("List-Unsubscribe"))
    }

    @Test func asciiFilenameStaysPlain() {
        #expect(MIMEEncoding.filenameParameters("invoice.pdf") == ["filename=\"invoice.pdf\""])
        #expect(MIMEEncoding.filenameParameters("فاکتور.pdf") == ["filename*=UTF-8''%D9%81%D8%A7%DA%A9%D8%AA%D9%88%D8%B1.pdf"])
    }

    @Test func dotStuffingDoublesLeadingDotsAndEndsTheData() {
        #expect(SMTPClient.dotStuffed("a\n.\n..b\nc") == "a\r\n..\r\n...b\r\nc\r\n.\r\n")
        #expect(SMTPClient.dotStuffed("a\r\n") == "a\r\n.\r\n")
    }

    @Test func addressesThatWouldBreakACommandAreRefused() {
        #expect(throws: SMTPError.self) { try SMTPClient.checkAddress("a@b.c>\r\nRCPT TO:<x@y.z", stage: "RCPT TO", allowEmpty: false) }
        #expect(throws: SMTPError.self) { try SMTPClient.checkAddress("", stage: "RCPT TO", allowEmpty: false) }
        #expect(throws: Never.self) { try SMTPClient.checkAddress("", stage: "MAIL FROM", allowEmpty: true) }
    }
}
