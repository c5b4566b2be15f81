/// An exact, non-negative quantity with three decimal places (thousandths),
/// e.g. 2 pieces, 1.5 kg or 0.125 m.
///
/// * Stored as an `Int64` count of thousandths; never floating point.
/// * Parsing (``init(_:)``) accepts ASCII, Persian and Arabic-Indic digits,
///   `.` or `٫` as decimal point and `,` `٬` as thousands separators. More
///   than three decimals is an error unless the extra digits are zeros.
/// * Zero is a valid quantity (nothing shipped yet); order lines require a
///   positive one (see ``isPositive``).
/// * ``description`` drops trailing zeros: `"2"`, `"1.5"`, `"0.125"`.
/// * JSON shape: the decimal string, `"1.5"`.
///
/// Errors use field `"quantity"`.
public struct Quantity: Sendable, Hashable, Comparable, TextCodable {
    /// Decimal places kept.
    public static let decimalPlaces = 3
    /// Thousandths per whole unit.
    public static let scale: Int64 = 1_000

    /// The quantity in thousandths of a unit (`1500` is 1.5). Never negative.
    public let thousandths: Int64

    public static let zero = Quantity(unchecked: 0)

    init(unchecked thousandths: Int64) {
        self.thousandths = thousandths
    }

    /// Wraps a count of thousandths. Throws if negative.
    public init(thousandths: Int64) throws(ValidationError) {
        guard thousandths >= 0 else { throw ValidationError(field: "quantity", reason: "quantity must not be negative", code: "amount.negative") }
        self.thousandths = thousandths
    }

    /// A whole number of units. Throws if negative or too large.
    public init(whole: Int64) throws(ValidationError) {
        let (value, overflow) = whole.multipliedReportingOverflow(by: Quantity.scale)
        guard !overflow else { throw ValidationError(field: "quantity", reason: "quantity is too large", code: "number.tooLarge") }
        try self.init(thousandths: value)
    }

    /// Parses a decimal string such as `"2"`, `"1.5"`, `"۱٫۲۵"`.
    public init(_ text: String) throws(ValidationError) {
        let parsed = try DecimalText(text, field: "quantity")
        guard !parsed.negative || parsed.isZero else {
            throw ValidationError(field: "quantity", reason: "quantity must not be negative", code: "amount.negative")
        }
        let magnitude = try parsed.scaledMagnitude(
            places: Quantity.decimalPlaces, field: "quantity",
            tooManyPlaces: "quantity allows at most 3 decimal places", tooLarge: "quantity is too large")
        guard magnitude <= UInt64(Int64.max) else { throw ValidationError(field: "quantity", reason: "quantity is too large", code: "number.tooLarge") }
        self.thousandths = Int64(magnitude)
    }

    /// Whether the quantity is greater than zero.
    public var isPositive: Bool { thousandths > 0 }
    public var isZero: Bool { thousandths == 0 }

    /// `self + other`; throws on overflow.
    public func adding(_ other: Quantity) throws(ValidationError) -> Quantity {
        let (sum, overflow) = thousandths.addingReportingOverflow(other.thousandths)
        guard !overflow else { throw ValidationError(field: "quantity", reason: "quantity is too large", code: "number.tooLarge") }
        return Quantity(unchecked: sum)
    }

    /// `self - other`; throws if the result would be negative.
    public func subtracting(_ other: Quantity) throws(ValidationError) -> Quantity {
        guard other.thousandths <= thousandths else {
            throw ValidationError(field: "quantity", reason: "quantity must not be negative", code: "amount.negative")
        }
        return Quantity(unchecked: thousandths - other.thousandths)
    }

    /// `"2"`, `"1.5"`, `"0.125"` — ASCII digits, no trailing zeros.
    public var description: String {
        ExactArithmetic.trimmedDecimalString(thousandths, places: Quantity.decimalPlaces)
    }

    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.thousandths < rhs.thousandths }

    public static func parseText(_ text: String) throws(ValidationError) -> Quantity { try Quantity(text) }
}
