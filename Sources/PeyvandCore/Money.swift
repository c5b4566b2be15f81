import Foundation

/// An exact amount of money: an integer number of minor units of a currency.
///
/// * IRR has no minor unit, so `minorUnits` is Rials; USD/EUR use cents.
/// * Parsing (``init(major:currency:)``) accepts ASCII, Persian and
///   Arabic-Indic digits, an optional leading `-`, `.` or `٫` as decimal
///   point, and ignores `,` `٬` and spaces used as thousands separators.
///   More decimals than the currency allows is an error unless the extra
///   digits are zeros (`"12.500"` USD is fine, `"12.505"` is not).
/// * Arithmetic never silently overflows and never mixes currencies.
/// * JSON shape: `{"amount":"1250000","currency":"IRR"}` where `amount` is
///   ``majorString``.
public struct Money: Sendable, Hashable, Codable {
    public var minorUnits: Int64
    public var currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Zero in `currency`.
    public static func zero(_ currency: Currency) -> Money {
        Money(minorUnits: 0, currency: currency)
    }

    /// Parses a decimal amount in major units. Throws with field `"amount"`.
    public init(major: String, currency: Currency) throws(ValidationError) {
        let text = try DecimalText(major, field: "amount")
        let places = currency.minorUnitDigits
        let magnitude = try text.scaledMagnitude(places: places, field: "amount",
                                                 tooManyPlaces: "too many decimal places for \(currency.rawValue) (at most \(places))",
                                                 tooLarge: "amount is too large")
        if text.negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw ValidationError(field: "amount", reason: "amount is too large", code: "number.tooLarge") }
            self.minorUnits = magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        } else {
            guard magnitude <= UInt64(Int64.max) else { throw ValidationError(field: "amount", reason: "amount is too large", code: "number.tooLarge") }
            self.minorUnits = Int64(magnitude)
        }
        self.currency = currency
    }

    /// The amount in major units with exactly ``Currency/minorUnitDigits``
    /// decimals and ASCII digits: `"1250000"`, `"12.50"`, `"-0.05"`.
    public var majorString: String {
        Money.decimalString(minorUnits.magnitude, places: currency.minorUnitDigits, negative: minorUnits < 0, grouping: nil, point: ".")
    }

    public var isZero: Bool { minorUnits == 0 }
    public var isNegative: Bool { minorUnits < 0 }

    /// `self + other`; throws on currency mismatch (field `"currency"`) or
    /// overflow (field `"amount"`).
    public func adding(_ other: Money) throws(ValidationError) -> Money {
        try checkCurrency(other)
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        guard !overflow else { throw ValidationError(field: "amount", reason: "amount is too large", code: "number.tooLarge") }
        return Money(minorUnits: sum, currency: currency)
    }

    /// `self - other`; throws like ``adding(_:)``.
    public func subtracting(_ other: Money) throws(ValidationError) -> Money {
        try checkCurrency(other)
        let (difference, overflow) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        guard !overflow else { throw ValidationError(field: "amount", reason: "amount is too large", code: "number.tooLarge") }
        return Money(minorUnits: difference, currency: currency)
    }

    private func checkCurrency(_ other: Money) throws(ValidationError) {
        guard other.currency == currency else {
            throw ValidationError(field: "currency", reason: "currency mismatch: \(currency.rawValue) and \(other.currency.rawValue)", code: "currency.mismatch", params: ["a": currency.rawValue, "b": other.currency.rawValue])
        }
    }

    // MARK: Codable

    private enum CodingKeys: String, CodingKey { case amount, currency }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let currency = try container.decode(Currency.self, forKey: .currency)
        let amount = try container.decode(String.self, forKey: .amount)
        do {
            try self.init(major: amount, currency: currency)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .amount, in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(majorString, forKey: .amount)
        try container.encode(currency, forKey: .currency)
    }

    // MARK: Helpers

    /// Renders `magnitude / 10^places` exactly, optionally grouping the
    /// integer part in threes with `grouping`.
    static func decimalString(_ magnitude: UInt64, places: Int, negative: Bool, grouping: String?, point: String) -> String {
        var digits = String(magnitude)
        if digits.count <= places {
            digits = String(repeating: "0", count: places - digits.count + 1) + digits
        }
        let integerPart = digits.dropLast(places)
        let fractionPart = digits.suffix(places)
        var integer = String(integerPart)
        if let grouping {
            var groups: [Substring] = []
            var end = integerPart.endIndex
            while end > integerPart.startIndex {
                let start = integerPart.index(end, offsetBy: -3, limitedBy: integerPart.startIndex) ?? integerPart.startIndex
                groups.insert(integerPart[start..<end], at: 0)
                end = start
            }
            integer = groups.joined(separator: grouping)
        }
        let sign = negative && magnitude != 0 ? "-" : ""
        return places == 0 ? sign + integer : sign + integer + point + fractionPart
    }
}
