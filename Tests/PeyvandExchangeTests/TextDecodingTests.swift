import Foundation
import Testing
@testable import PeyvandExchange

@Suite struct TextDecodingTests {
    @Test func detectsByteOrderMarksAndUTF8() {
        #expect(TextDecoding.detect([0xEF, 0xBB, 0xBF, 0x61]) == .utf8)
        #expect(TextDecoding.detect([0xFF, 0xFE, 0x61, 0x00]) == .utf16le)
        #expect(TextDecoding.detect([0xFE, 0xFF, 0x00, 0x61]) == .utf16be)
        #expect(TextDecoding.detect(Array("name,phone".utf8)) == .utf8)
        #expect(TextDecoding.detect(Array("علی".utf8)) == .utf8)
        #expect(TextDecoding.detect([]) == .utf8)
        // "علی" cut in the middle of its last character is still UTF-8.
        #expect(TextDecoding.detect(Array(Array("علی".utf8).dropLast())) == .utf8)
        // Windows-1256 "علي" is not valid UTF-8.
        #expect(TextDecoding.detect([0xDA, 0xE1, 0xED]) == .windows1256)
        // Overlong and surrogate encodings are not UTF-8.
        #expect(TextDecoding.detect([0xC0, 0xAF]) == .windows1256)
        #expect(TextDecoding.detect([0xED, 0xA0, 0x80]) == .windows1256)
    }

    @Test func windows1256TableMatchesPython() {
        // Spot checks against Python's codecs cp1256.
        #expect(TextDecoding.decode([0x81, 0x8D, 0x8E, 0x90, 0x98], encoding: .windows1256) == "پچژگک")
        #expect(TextDecoding.decode([0xC7, 0xED, 0xDF, 0xA1, 0x80], encoding: .windows1256) == "\u{0627}\u{064A}\u{0643}\u{060C}€")
        #expect(TextDecoding.decode([0x9D, 0x41], encoding: .windows1256) == "\u{200C}A")  // ZWNJ
        #expect(windows1256UpperHalf.count == 128)
    }

    @Test func decodesCP1256FixtureExactly() throws {
        let bytes = try fixtureBytes("customers-cp1256", "csv")
        #expect(TextDecoding.detect(bytes) == .windows1256)
        let text = TextDecoding.decode(bytes)
        // Windows-1256 has no Persian yeh or digits: Excel writes Arabic yeh (U+064A) and ASCII digits.
        #expect(text == "نام,تلفن,شهر\r\nعلي رضايي,09121234567,تهران\r\nکيوان گلچين,+989351112233,\"اصفهان، ايران\"\r\n")
    }

    @Test func utf8SplitAcrossChunks() {
        let bytes = Array("\u{FEFF}سلام 👋 dünya".utf8)
        for split in 0...bytes.count {
            var decoder = TextDecoding(detectingFrom: Array(bytes.prefix(max(split, 1))))
            let text = decoder.decode(bytes[..<split]) + decoder.decode(bytes[split...]) + decoder.finish()
            #expect(text == "سلام 👋 dünya", "split at \(split)")
        }
    }

    @Test func utf16WithBOMInOddChunks() {
        let text = "نام\tتلفن 😀\r\n"
        var le: [UInt8] = [0xFF, 0xFE], be: [UInt8] = [0xFE, 0xFF]
        for unit in text.utf16 {
            le += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            be += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        for bytes in [le, be] {
            var decoder = TextDecoding(detectingFrom: bytes)
            var out = ""
            var index = 0
            while index < bytes.count {
                let end = min(bytes.count, index + 3)  // odd size: splits units and surrogate pairs
                out += decoder.decode(bytes[index..<end])
                index = end
            }
            out += decoder.finish()
            #expect(out == text)
        }
    }

    @Test func asciiPrefixThenCP1256SwitchesEncoding() {
        var decoder = TextDecoding(detectingFrom: Array("name,phone\r\n".utf8))
        #expect(decoder.encoding == .utf8)
        var text = decoder.decode(Array("name,phone\r\n".utf8))
        text += decoder.decode([0xDA, 0xE1, 0xED, 0x2C, 0x31])
        text += decoder.finish()
        #expect(decoder.encoding == .windows1256)
        #expect(text == "name,phone\r\nعلي,1")
    }

    @Test func invalidUTF8AfterRealUTF8BecomesReplacement() {
        var decoder = TextDecoding(detectingFrom: Array("é".utf8))
        let text = decoder.decode(Array("é".utf8) + [0xFF]) + decoder.finish()
        #expect(decoder.encoding == .utf8)
        #expect(text == "é\u{FFFD}")
    }
}
