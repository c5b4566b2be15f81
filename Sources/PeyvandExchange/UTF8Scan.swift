/// Low-level UTF-8 checks shared by the decoders.
enum UTF8Scan {
    /// The length of the sequence a lead byte announces, or `nil` if `byte`
    /// cannot start a sequence (a continuation byte or `C0`, `C1`, `F5`–`FF`).
    static func sequenceLength(lead byte: UInt8) -> Int? {
        switch byte {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return nil
        }
    }

    /// How many bytes at the end of `bytes` are the beginning of a multi-byte
    /// sequence that the next chunk may complete (0 if none).
    static func incompleteSuffixLength(_ bytes: ArraySlice<UInt8>) -> Int {
        var index = bytes.endIndex
        var seen = 0
        while index > bytes.startIndex && seen < 3 {
            index -= 1
            seen += 1
            let byte = bytes[index]
            if byte & 0xC0 == 0x80 { continue }  // continuation: keep looking for the lead
            guard let length = sequenceLength(lead: byte), length > 1 else { return 0 }
            return length > seen ? seen : 0
        }
        return 0
    }

    /// Whether `bytes` is well-formed UTF-8 (no overlongs, surrogates or
    /// values above U+10FFFF). With `allowTruncatedEnd`, a sequence cut off
    /// by the end of `bytes` is accepted if it is well-formed so far.
    static func isValid(_ bytes: ArraySlice<UInt8>, allowTruncatedEnd: Bool = false) -> Bool {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let lead = bytes[i]
            if lead < 0x80 { i += 1; continue }
            guard let length = sequenceLength(lead: lead) else { return false }
            for k in 1..<length {
                guard i + k < end else { return allowTruncatedEnd }
                let byte = bytes[i + k]
                var low: UInt8 = 0x80, high: UInt8 = 0xBF
                if k == 1 {
                    switch lead {
                    case 0xE0: low = 0xA0
                    case 0xED: high = 0x9F
                    case 0xF0: low = 0x90
                    case 0xF4: high = 0x8F
                    default: break
                    }
                }
                guard byte >= low && byte <= high else { return false }
            }
            i += length
        }
        return true
    }
}
