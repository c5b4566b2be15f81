import Foundation
import Testing
@testable import PeyvandCore

@Suite("PersianText fast path")
struct PersianTextFastPathTests {
    /// Every scalar the fast path handles itself, plus spaces and the composed letters NFKD would split.
    static let pool: [Unicode.Scalar] = {
        var scalars = (0x20...0x7E).map { Unicode.Scalar($0)! }
        scalars += (0x0600...0x06FF).filter { !(0x0675...0x0678).contains($0) }.compactMap { Unicode.Scalar($0) }
        scalars += [0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF, 0x09, 0x0A].map { Unicode.Scalar($0)! }
        return scalars
    }()

    @Test("gives exactly what the general path gives, for 20,000 random strings of ASCII and Arabic-block text")
    func sameAsGeneralPath() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...12, using: &generator)
            var view = String.UnicodeScalarView()
            for _ in 0..<length { view.append(Self.pool.randomElement(using: &generator)!) }
            let text = String(view)
            #expect(!PersianText.needsCompatibilityMapping(text))
            #expect(PersianText.searchKey(text) == PersianText.compatibilityKey(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test("other scripts and forms still take the general path")
    func generalPathWhenNeeded() {
        #expect(PersianText.needsCompatibilityMapping("Café"))
        #expect(PersianText.searchKey("\u{0678}") == "\u{06CC}\u{0674}")
        #expect(PersianText.searchKey("Café ＡＢＣ") == "cafe abc")
        #expect(PersianText.searchKey("ﻋﻠﻲ") == "علی")  // presentation forms
    }
}
