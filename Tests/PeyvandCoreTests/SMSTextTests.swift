import PeyvandCore
import Testing

@Suite("SMS parts and cost")
struct SMSTextTests {
    @Test("Persian is UCS-2: 70 characters alone, 67 per part after that", arguments: [(70, 1), (71, 2), (134, 2), (135, 3), (268, 4), (269, 5)])
    func persian(length: Int, parts: Int) {
        let text = SMSText(String(repeating: "س", count: length))
        #expect(text.encoding == .ucs2)
        #expect(text.characters == length)
        #expect(text.parts == parts)
        #expect(text.perPart == (length <= 70 ? 70 : 67))
    }

    @Test("Latin in the GSM alphabet is GSM-7: 160 alone, 153 per part", arguments: [(160, 1), (161, 2), (306, 2), (307, 3)])
    func latin(length: Int, parts: Int) {
        let text = SMSText(String(repeating: "a", count: length))
        #expect(text.encoding == .gsm7 && text.parts == parts)
    }

    @Test("extension characters count two septets and are never split; one character outside GSM makes it UCS-2")
    func extensionAndEmoji() {
        #expect(SMSText(String(repeating: "€", count: 80)).characters == 160)
        #expect(SMSText(String(repeating: "€", count: 80)).parts == 1)
        #expect(SMSText(String(repeating: "€", count: 81)).parts == 2)
        // 152 'a' then a '{': the escape pair does not fit the first part's last septet.
        let edge = SMSText(String(repeating: "a", count: 152) + "{" + String(repeating: "a", count: 10))
        #expect(edge.characters == 164 && edge.parts == 2)
        let split = SMSText(String(repeating: "a", count: 152) + "{" + String(repeating: "a", count: 152))
        #expect(split.characters == 306 && split.parts == 3, "153 + 153 would fit only by splitting the pair")
        #expect(SMSText("Hello ç").encoding == .ucs2, "ç is not in GSM-7 (only Ç is)")
        #expect(SMSText("🙂").characters == 2)
        #expect(SMSText(String(repeating: "🙂", count: 35)).parts == 1)
        #expect(SMSText(String(repeating: "🙂", count: 36)).parts == 2)
        #expect(SMSText("").parts == 0)
    }

    @Test("the cost is parts times the price for the encoding, in the base currency")
    func cost() throws {
        let prices = SMSPrices(ucs2: Money(minorUnits: 1_200, currency: .irr), gsm7: Money(minorUnits: 500, currency: .irr))
        #expect(prices.cost(of: SMSText(String(repeating: "س", count: 71))) == Money(minorUnits: 2_400, currency: .irr))
        #expect(prices.cost(of: SMSText("hi")) == Money(minorUnits: 500, currency: .irr))
        #expect(SMSPrices(ucs2: Money(minorUnits: .max, currency: .irr), gsm7: .zero(.irr)).cost(of: SMSText(String(repeating: "س", count: 80))) == nil)
    }

    @Test("an unsubscribe is the whole text being a keyword, in any spelling of it")
    func keywords() {
        for yes in ["لغو", " لغو ", "لغو۱۱", "لغو 11", "لغو١١", "STOP", "Stop.", "unsubscribe", "ل‌غو"] {
            #expect(UnsubscribeKeyword.matches(yes), "\(yes)")
        }
        for no in ["لغو سفارش", "stop it", "11", "", "سلام", String(repeating: "لغو", count: 200)] {
            #expect(!UnsubscribeKeyword.matches(no), "\(no)")
        }
    }
}
