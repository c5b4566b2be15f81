/// How an SMS text travels: in the GSM 03.38 7-bit alphabet when every character is in it (160
/// septets alone, 153 per part when concatenated, an extension character costing two), else in
/// UCS-2 (70 UTF-16 code units alone, 67 per part; an emoji is two units and never split). Persian
/// is always UCS-2. Linear in the text; pure.
public struct SMSText: Sendable, Hashable, Codable {
    public enum Encoding: String, Sendable, Hashable, Codable {
        case gsm7 = "gsm-7"
        case ucs2 = "ucs-2"
    }

    public let encoding: Encoding
    /// Septets (GSM-7) or UTF-16 code units (UCS-2): what the parts are filled with.
    public let characters: Int
    public let parts: Int
    /// What one part holds: 160 or 153 (GSM-7), 70 or 67 (UCS-2).
    public let perPart: Int

    /// The most parts a message may have: the common Iranian gateways refuse longer texts
    /// (Kavenegar: 612 Latin or 268 Persian characters, four parts).
    public static let maxParts = 4

    public init(_ text: String) {
        var septets: [Int] = []
        var gsm = true
        septets.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if Self.basic.contains(scalar) { septets.append(1) } else if Self.extended.contains(scalar) { septets.append(2) } else {
                gsm = false
                break
            }
        }
        if gsm {
            encoding = .gsm7
            (characters, parts, perPart) = Self.pack(septets, single: 160, multi: 153)
        } else {
            encoding = .ucs2
            (characters, parts, perPart) = Self.pack(text.unicodeScalars.map { $0.value > 0xFFFF ? 2 : 1 }, single: 70, multi: 67)
        }
    }

    /// Fills parts greedily, never splitting one character's units across two parts.
    static func pack(_ units: [Int], single: Int, multi: Int) -> (Int, Int, Int) {
        let total = units.reduce(0, +)
        if total == 0 { return (0, 0, single) }
        if total <= single { return (total, 1, single) }
        var parts = 1
        var used = 0
        for u in units {
            if used + u > multi {
                parts += 1
                used = 0
            }
            used += u
        }
        return (total, parts, multi)
    }

    /// Too many parts for a gateway to take.
    public var isTooLong: Bool { parts > Self.maxParts }

    /// The GSM 03.38 basic character set (one septet each).
    static let basic: Set<Unicode.Scalar> = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
            .unicodeScalars)
    /// The extension table, reached through an escape septet (two septets each).
    static let extended: Set<Unicode.Scalar> = Set("^{}\\[~]|€\u{0C}".unicodeScalars)
}

/// What one part of an SMS costs in each encoding, in the organisation's base currency; the cost
/// of a message is its parts times the price for its encoding.
public struct SMSPrices: Sendable, Hashable {
    /// A part of a UCS-2 (Persian) message.
    public var ucs2: Money
    /// A part of a GSM-7 (Latin) message.
    public var gsm7: Money

    public init(ucs2: Money, gsm7: Money) {
        self.ucs2 = ucs2
        self.gsm7 = gsm7
    }

    /// Nothing is priced: every message costs zero in `currency`.
    public static func free(_ currency: Currency) -> SMSPrices { SMSPrices(ucs2: .zero(currency), gsm7: .zero(currency)) }

    /// `parts` × the price of a part in the text's encoding; nil on overflow.
    public func cost(of text: SMSText) -> Money? {
        let price = text.encoding == .ucs2 ? ucs2 : gsm7
        let (total, overflow) = price.minorUnits.multipliedReportingOverflow(by: Int64(text.parts))
        return overflow ? nil : Money(minorUnits: total, currency: price.currency)
    }
}
