/// An ISO 4217 currency code such as `IRR`, `USD` or `EUR`.
///
/// ``minorUnitDigits`` is the number of decimal places of the currency's
/// minor unit per ISO 4217 (IRR 0, USD/EUR 2, KWD 3, …); unknown codes
/// default to 2. Encodes as the bare code string.
public struct Currency: Sendable, Hashable, Codable, RawRepresentable, CustomStringConvertible {
    public let rawValue: String

    /// Wraps `rawValue` as given. Use ``init(code:)`` to validate user input.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Validates a three-letter code (case-insensitive) and upper-cases it.
    /// Throws with field `"currency"`.
    public init(code: String) throws(ValidationError) {
        let trimmed = code.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count == 3, trimmed.utf8.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) else {
            throw ValidationError(field: "currency", reason: "currency must be a three-letter ISO 4217 code", code: "currency.code")
        }
        self.rawValue = trimmed.uppercased()
    }

    public static let irr = Currency(rawValue: "IRR")
    public static let usd = Currency(rawValue: "USD")
    public static let eur = Currency(rawValue: "EUR")

    /// Decimal places of the minor unit.
    public var minorUnitDigits: Int {
        switch rawValue {
        case "IRR", "JPY", "KRW", "CLP", "ISK", "VND", "XAF", "XOF", "PYG", "UGX", "RWF", "KMF", "GNF", "DJF", "VUV", "XPF":
            return 0
        case "KWD", "BHD", "OMR", "IQD", "JOD", "LYD", "TND":
            return 3
        default:
            return 2
        }
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        do {
            try self.init(code: string)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
