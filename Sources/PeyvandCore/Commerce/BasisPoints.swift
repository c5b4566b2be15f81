import Foundation

/// A percentage in basis points (hundredths of a percent): 10% is `1000`,
/// 9.5% is `950`. Used for tax rates and percentage discounts.
///
/// * Range `0…10_000` (0% to 100%).
/// * ``init(percent:field:)`` parses `"10"`, `"9.5"`, `"۱۰"`, `"12.25%"`
///   (at most two decimal places; a trailing `%` or `٪` is allowed).
/// * JSON shape: the integer number of basis points, `1000`.
///
/// Errors use field `"rate"` unless the caller names another.
public struct BasisPoints: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Basis points in one hundred percent.
    public static let perHundredPercent: Int64 = 10_000

    public let value: Int64

    public static let zero = BasisPoints(unchecked: 0)
    public static let hundredPercent = BasisPoints(unchecked: 10_000)

    init(unchecked value: Int64) {
        self.value = value
    }

    /// Wraps a number of basis points, `0…10_000`.
    public init(_ value: Int64, field: String = "rate") throws(ValidationError) {
        guard (0...BasisPoints.perHundredPercent).contains(value) else {
            throw ValidationError(field: field, reason: "percentage must be between 0 and 100", code: "percent.range")
        }
        self.value = value
    }

    /// Parses a percentage: `"10"` → 1000, `"9.5"` → 950.
    public init(percent text: String, field: String = "rate") throws(ValidationError) {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if body.hasSuffix("%") || body.hasSuffix("\u{066A}") { body.removeLast() }
        let parsed = try DecimalText(body, field: field)
        guard !parsed.negative || parsed.isZero else {
            throw ValidationError(field: field, reason: "percentage must be between 0 and 100", code: "percent.range")
        }
        let magnitude = try parsed.scaledMagnitude(
            places: 2, field: field,
            tooManyPlaces: "percentage allows at most 2 decimal places", tooLarge: "percentage must be between 0 and 100",
            tooLargeCode: "percent.range")
        guard magnitude <= UInt64(BasisPoints.perHundredPercent) else {
            throw ValidationError(field: field, reason: "percentage must be between 0 and 100", code: "percent.range")
        }
        self.value = Int64(magnitude)
    }

    /// The percentage without trailing zeros: `"10"`, `"9.5"`, `"0.25"`.
    public var percentString: String { ExactArithmetic.trimmedDecimalString(value, places: 2) }

    /// `"9.5%"`.
    public var description: String { percentString + "%" }

    /// `money × self`, rounded half away from zero to the currency's minor
    /// unit. Cannot overflow: the result's magnitude is at most `money`'s.
    public func apply(to money: Money) -> Money {
        // value ≤ 10_000, so |money × value ÷ 10_000| ≤ |money| and always fits.
        let minor = ExactArithmetic.multiplyDivideRounded(money.minorUnits, value, dividingBy: UInt64(BasisPoints.perHundredPercent))!
        return Money(minorUnits: minor, currency: money.currency)
    }

    public static func < (lhs: BasisPoints, rhs: BasisPoints) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(Int64.self)
        do {
            try self.init(raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
