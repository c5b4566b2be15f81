import Foundation
import Testing
@testable import PeyvandChannels

/// The parser on real-shaped messages (fixtures made by Python's codecs) and on broken and
/// hostile ones: every malformed input is a `MailParseError` with a clear reason, never a crash,
/// and costs time linear in its size.
@Suite("reading received email")
struct MailParserTests {
    @Test("Gmail's UTF-8 base64 Persian message: body, encoded-word subject and sender name")
    func persianUTF8() throws {
        let mail = try MailParser.parse(try MailFixtures.bytes("persian-utf8-base64"))
        #expect(mail.from.address == "Sara.Ahmadi@example.com", "the domain lower-cased, the local part kept")
        #expect(mail.from.name == "سارا احمدی")
        #expect(mail.subject == "درخواست پیش‌فاکتور فرش")
        #expect(mail.text == "سلام،\nلطفاً پیش‌فاکتور ۱۲ عدد فرش دستباف را برای ما بفرستید.\nبا سپاس، سارا احمدی")
        #expect(mail.messageID == "<CAF=persian-utf8-1@mail.gmail.com>")
        #expect(mail.inReplyTo.isEmpty && mail.threadToken == nil && mail.attachments.isEmpty && !mail.isBounce)
        // Sat, 5 Dec 2026 10:15:00 +0330 = 06:45 UTC
        #expect(mail.date == Date(timeIntervalSince1970: 1_796_453_100))
    }

    @Test("Outlook's Windows-1256 quoted-printable Persian, Q encoded-words folded over two lines")
    func persianCP1256() throws {
        let mail = try MailParser.parse(try MailFixtures.bytes("persian-cp1256-qp"))
        #expect(mail.from.address == "maryam@example.net")
        #expect(mail.from.name == "مريم کريمي")
        #expect(mail.subject == "پيگيري سفارش شماره 512")
        #expect(mail.text == "با سلام\nسفارش شماره 512 هنوز نرسيده است. لطفا پيگيري کنيد.\nمريم کريمي")
    }

    @Test("multipart/alternative with only HTML: the HTML's text, without its style, title and script")
    func htmlOnly() throws {
        let mail = try MailParser.parse(try MailFixtures.bytes("html-only-alternative"))
        #expect(mail.from.name == "Reza Tehrani")
        #expect(mail.text == "سلام\u{200C}ها،\nقیمت را تأیید می\u{200C}کنیم & منتظر فاکتوریم.\n• مورد یک\n• مورد دو\nاف")
        #expect(!mail.text.contains("alert") && !mail.text.contains("color") && !mail.text.contains("<"))
    }

    @Test("attachments: an RFC 2231 Persian filename, an encoded-word name; the plain alternative is the text")
    func attachments() throws {
        let mail = try MailParser.parse(try MailFixtures.bytes("attachment"))
        #expect(mail.text.hasPrefix("قرارداد امضا شده پیوست است.\nAli"))
        #expect(!mail.text.contains("HTML copy"))
        #expect(mail.attachments.map(\.filename) == ["قرارداد.pdf", "عکس.png"])
        #expect(mail.attachments.map(\.contentType) == ["application/pdf", "image/png"])
        #expect(mail.attachments[0].bytes.starts(with: Array("%PDF-1.4".utf8)))
        #expect(mail.attachments[1].bytes.count == 32)
        #expect(mail.text.contains("قرارداد.pdf (application/pdf"), "the files are listed in the text")
    }

    @Test("a reply: In-Reply-To then References newest first; a [#thread] token in the subject")
    func threading() throws {
        let reply = try MailParser.parse(try MailFixtures.bytes("reply", replacing: ["OUTGOING-ID": "abc@crm.example"]))
        #expect(reply.inReplyTo == ["<abc@crm.example>", "<older-1@example.ir>"])
        #expect(reply.subject == "Re: پیش‌فاکتور")
        #expect(reply.text == "ممنون، دریافت شد.\n\n> پیش‌فاکتور پیوست است")
        let token = try MailParser.parse(try MailFixtures.bytes("subject-token", replacing: ["THREAD": "4711"]))
        #expect(token.threadToken == 4711)
        #expect(token.subject == "Réponse [#4711]")
        #expect(token.from.name == "José Müller")
    }

    @Test("a Postfix DSN: the failed recipient, its status and diagnostic, the original Message-ID")
    func bounce() throws {
        let mail = try MailParser.parse(try MailFixtures.bytes("dsn-bounce", replacing: ["OUTGOING-ID": "out-9@crm.example", "THREAD": "7"]))
        let report = try #require(mail.deliveryReport)
        #expect(report.originalMessageID == "<out-9@crm.example>")
        #expect(report.reportingMTA == "mail.example.ir")
        #expect(report.recipients.count == 1)
        let r = report.recipients[0]
        #expect(r.address == "Nobody@Customer.example" && r.action == "failed" && r.status == "5.1.1" && r.isHard)
        #expect(r.diagnostic == "550 5.1.1 <nobody@customer.example>: Recipient address rejected: User unknown")
        #expect(mail.attachments.isEmpty, "the returned headers are the report's, not a file")
    }

    @Test("addresses: quoted names with commas, comments, groups, routes, bare addresses")
    func addresses() {
        func first(_ s: String) -> MailAddress? { AddressParsing.mailboxes(s).first }
        #expect(first(#""Ahmadi, Sara" <sara@example.com>"#) == MailAddress("sara@example.com", name: "Ahmadi, Sara"))
        #expect(first("sara@example.com (Sara A.)") == MailAddress("sara@example.com", name: "Sara A."))
        #expect(first("Team: a@example.com, b@example.com;") == MailAddress("a@example.com"))
        #expect(first("<@relay.example:user@example.com>") == MailAddress("user@example.com"))
        #expect(first("=?UTF-8?B?2LPYp9ix2Kc=?= <s@example.com>")?.name == "سارا")
        #expect(first(#""=?UTF-8?B?2LPYp9ix2Kc=?=" <s@example.com>"#)?.name == "سارا", "Outlook quotes encoded-words")
        #expect(AddressParsing.mailboxes("undisclosed-recipients:;").isEmpty)
        #expect(AddressParsing.mailboxes("a@x.example, \"B\" <b@x.example>").map(\.address) == ["a@x.example", "b@x.example"])
    }

    @Test("encoded-words: B and Q, adjacent words joined, a character split across two words, ISO-8859-1, malformed kept")
    func encodedWords() {
        #expect(EncodedWords.decode("=?UTF-8?B?2LPZhNin2YU=?= =?UTF-8?B?INiv2YbbjNin?=") == "سلام دنیا")
        #expect(EncodedWords.decode("=?utf-8?q?caf=C3=A9_au_lait?=") == "café au lait")
        // "س" (D8 B3) cut between two words.
        #expect(EncodedWords.decode("=?UTF-8?Q?=D8?= =?UTF-8?Q?=B3?=") == "س")
        #expect(EncodedWords.decode("=?ISO-8859-1?Q?Andr=E9?= Pirard") == "André Pirard")
        #expect(EncodedWords.decode("a =?UTF-8?B?###?= b") == "a =?UTF-8?B?###?= b")
        #expect(EncodedWords.decode("=?windows-1256?B?0+HH4w==?=") == "سلام")
        #expect(EncodedWords.decode("=?UTF-8*fa?B?2LPZhNin2YU=?=") == "سلام", "an RFC 2231 language suffix")
    }

    @Test("Windows-1256 decoding covers the Persian letters (پ چ ژ گ ک) and ZWNJ")
    func windows1256() {
        // 0x81 پ, 0x8D چ, 0x8E ژ, 0x90 گ, 0x98 ک, 0x9D ZWNJ, 0xED ي
        #expect(Charsets.decode([0x81, 0x8D, 0x8E, 0x90, 0x98, 0x9D, 0xED], charset: "windows-1256") == "پچژگک\u{200C}ي")
        #expect(Charsets.decode([0xD3, 0xE1, 0xC7, 0xE3], charset: nil) == "سلام", "invalid UTF-8 without a label reads as Windows-1256")
        #expect(Charsets.decode([0xE9], charset: "iso-8859-1") == "é")
        #expect(Charsets.decode([0x80, 0xE9], charset: "windows-1252") == "€é")
        #expect(Charsets.decode([0xC7, 0xD2], charset: "iso-8859-6") == "از")
    }

    @Test("quoted-printable: soft breaks, both hex cases, transport white space removed, =20 kept, a stray = kept")
    func quotedPrintable() {
        let qp = Array("a=3Db=3db=\r\nc  \r\nd=20\r\ne=zz".utf8)
        #expect(String(decoding: TransferEncoding.quotedPrintable(qp[...]), as: UTF8.self) == "a=b=bc\r\nd \r\ne=zz")
    }

    @Test("base64: line breaks ignored, missing padding tolerated, junk refused")
    func base64() {
        #expect(TransferEncoding.base64(Array("2LPZ\r\nhNin2YU=".utf8)[...]) == Array("سلام".utf8))
        #expect(TransferEncoding.base64(Array("2LPZhNin2YU".utf8)[...]) == Array("سلام".utf8))
        #expect(TransferEncoding.base64(Array("2LPZ*hNin".utf8)[...]) == nil)
        #expect(TransferEncoding.base64(Array("QQ==QQ==".utf8)[...]) == nil, "data after the padding")
        #expect(TransferEncoding.base64(Array("QUJDR".utf8)[...]) == nil, "a lone trailing character")
    }

    @Test("dates: with and without the day name, obsolete zones, comments")
    func dates() {
        #expect(MailDate.parse("Sun, 06 Dec 2026 17:02:15 +0000") == Date(timeIntervalSince1970: 1_796_576_535))
        #expect(MailDate.parse("6 Dec 2026 20:32:15 +0330 (IRST)") == Date(timeIntervalSince1970: 1_796_576_535))
        #expect(MailDate.parse("Sun, 6 Dec 2026 12:02:15 EST") == Date(timeIntervalSince1970: 1_796_576_535))
        #expect(MailDate.parse("yesterday") == nil)
    }

    // MARK: - Malformed input

    static let header = ["From: a@example.com", "Subject: x"]

    @Test("malformed messages give a clear error, not a crash", arguments: [
        ("empty", [UInt8](), MailParseError.empty),
        ("blank lines", Array("\r\n\r\n  \r\n".utf8), .empty),
        ("no headers", Array("Hello, this is just text.\r\nNo headers at all.\r\n".utf8), .noHeaders),
        ("body first", Array("\r\nFrom: a@example.com\r\n".utf8), .noHeaders),
        ("no sender", MailFixtures.message(["Subject: hi", "", "text"]), .noSender),
        ("no boundary parameter", MailFixtures.message(header + ["Content-Type: multipart/mixed", "", "--x", "", "a", "--x--"]),
         .missingBoundary(part: "")),
        ("broken boundary", MailFixtures.message(header + ["Content-Type: multipart/mixed; boundary=\"right\"", "", "--wrong", "",
                                                           "a", "--wrong--"]), .boundaryNotFound(boundary: "right", part: "")),
        ("invalid base64", MailFixtures.message(header + ["Content-Transfer-Encoding: base64", "", "2LPZ hNin !!! 2YU="]),
         .invalidBase64(part: "")),
        ("invalid base64 in a part", MailFixtures.message(header + ["Content-Type: multipart/mixed; boundary=b", "", "--b",
                                                                    "Content-Type: application/pdf", "Content-Transfer-Encoding: base64", "",
                                                                    "JVBERi0x%%%", "--b--"]), .invalidBase64(part: "1")),
    ] as [(String, [UInt8], MailParseError)])
    func malformed(name: String, bytes: [UInt8], expected: MailParseError) {
        #expect(throws: expected, "\(name)") { try MailParser.parse(bytes) }
        #expect(!expected.description.isEmpty)
    }

    @Test("endless nesting stops at depth 10")
    func endlessNesting() {
        var lines = Self.header
        for level in 0..<1000 {
            lines += ["Content-Type: multipart/mixed; boundary=\"b\(level)\"", "", "--b\(level)"]
        }
        lines += ["", "deep", ""]
        let started = ContinuousClock.now
        #expect(throws: MailParseError.nestedTooDeep(limit: 10)) { try MailParser.parse(MailFixtures.message(lines)) }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("a 10 MB header line is refused quickly, naming the field")
    func hugeHeaderLine() {
        var bytes = Array("From: a@example.com\r\nSubject: ".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 10 << 20)
        bytes += Array("\r\n\r\nbody".utf8)
        let started = ContinuousClock.now
        #expect(throws: MailParseError.headerFieldTooLong(name: "subject", limit: 128 << 10)) { try MailParser.parse(bytes) }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("limits: size, header fields, parts")
    func limits() {
        #expect(throws: MailParseError.tooLarge(limit: 1000)) {
            try MailParser.parse(MailFixtures.message(Self.header + ["", String(repeating: "x", count: 2000)]), limits: MailLimits(maxMessageBytes: 1000))
        }
        let many = Self.header + (0..<1001).map { "X-H\($0): v" } + ["", "b"]
        #expect(throws: MailParseError.tooManyHeaderFields(limit: 1000)) { try MailParser.parse(MailFixtures.message(many)) }
        var parts = Self.header + ["Content-Type: multipart/mixed; boundary=b", ""]
        for _ in 0..<1200 { parts += ["--b", "", "x"] }
        parts.append("--b--")
        #expect(throws: MailParseError.tooManyParts(limit: 1000)) { try MailParser.parse(MailFixtures.message(parts)) }
        #expect(MailParseError.tooLarge(limit: 25 << 20).description == "the message is larger than 25 MiB")
    }

    @Test("hostile shapes stay linear: 8 MB of boundary-like lines, encoded-word starts, angle brackets")
    func linearTime() throws {
        let boundary = String(repeating: "q", count: 60)
        var lines = Self.header + ["References: " + String(repeating: "<", count: 100_000),
                                   "Subject: " + String(repeating: "=?", count: 50_000),
                                   "Content-Type: multipart/mixed; boundary=\"\(boundary)\"", "", "--\(boundary)", "", ""]
        let dashes = "--" + String(repeating: "q", count: 59) + "x"
        lines += [String](repeating: dashes, count: 120_000)
        lines += ["--\(boundary)--"]
        let bytes = MailFixtures.message(lines)
        #expect(bytes.count > 7_000_000)
        let started = ContinuousClock.now
        let mail = try MailParser.parse(bytes)
        #expect(mail.text.count > 7_000_000)
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test("a thousand mutations of each fixture never crash the parser")
    func mutations() throws {
        var random = SplitMix(seed: 1405)
        let inserts = ["\r\n", "\r\n\r\n", "--", "=?", "?=", "=?UTF-8?B?", "<", ">", "\"", "(", ")", "=", "=\r\n", ";", ":",
                       "\r\n--------------mixed0123\r\n", "boundary=", "Content-Type: multipart/mixed; boundary=z\r\n", "&#", "<script"]
        for name in ["persian-utf8-base64", "persian-cp1256-qp", "html-only-alternative", "attachment", "reply", "subject-token", "dsn-bounce"] {
            let original = try MailFixtures.bytes(name)
            for _ in 0..<1000 {
                var bytes = original
                for _ in 0..<(1 + random.next(4)) {
                    let at = random.next(bytes.count)
                    switch random.next(4) {
                    case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next(256))
                    case 1: bytes.insert(contentsOf: Array(inserts[random.next(inserts.count)].utf8), at: at)
                    case 2: bytes.removeSubrange(at..<min(bytes.count, at + random.next(40)))
                    default: bytes = Array(bytes.prefix(at))
                    }
                    if bytes.isEmpty { break }
                }
                do { _ = try MailParser.parse(bytes) } catch {
                    #expect(!error.description.isEmpty)
                }
            }
        }
    }
}

/// A small deterministic generator for the mutation test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        guard bound > 0 else { return 0 }
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
