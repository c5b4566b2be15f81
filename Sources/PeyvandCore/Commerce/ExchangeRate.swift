/// An exact, positive exchange rate: how many major units of the target
/// currency one major unit of the source currency buys.
///
/// Stored as a decimal `significand × 10^−scale` with `scale` in 0…12 and
/// no trailing zeros (so `"1.50"` and `"1.5"` are equal). Twelve places
/// rather than a fixed 10^6 keep IRR→USD rates such as `0.00000095238`
/// exact.
///
/// ``init(_:)`` parses `"1050000"`, `"1,050,000"`, `"0.92"`, `"۱٬۰۵۰٬۰۰۰"`.
/// JSON shape: the decimal string. Errors use field `"rate"`.
public struct ExchangeRate: Sendable, Hashable, TextCodable {
    /// Most decimal places kept.
    public static let maxScale = 12

    public let significand: Int64
    public let scale: Int

    /// `significand × 10^−scale`; normalised by dropping trailing zeros.
    public init(significand: Int64, scale: Int) throws(ValidationError) {
        guard significand > 0 else { throw ValidationError(field: "rate", reason: "rate must be greater than zero", code: "amount.positive") }
        guard (0...ExchangeRate.maxScale).contains(scale) else {
            throw ValidationError(field: "rate", reason: "rate allows at most \(ExchangeRate.maxScale) decimal places", code: "number.places", params: ["max": "\(ExchangeRate.maxScale)"])
        }
        var significand = significand
        var scale = scale
        while scale > 0, significand % 10 == 0 {
            significand /= 10
            scale -= 1
        }
        self.significand = significand
        self.scale = scale
    }

    /// Parses a positive decimal string.
    public init(_ text: String) throws(ValidationError) {
        let parsed = try DecimalText(text, field: "rate")
        guard !parsed.negative, !parsed.isZero else {
            throw ValidationError(field: "rate", reason: "rate must be greater than zero", code: "amount.positive")
        }
        let places = parsed.significantFractionDigits.count
        let magnitude = try parsed.scaledMagnitude(
            places: min(places, ExchangeRate.maxScale), field: "rate",
            tooManyPlaces: "rate allows at most \(ExchangeRate.maxScale) decimal places", tooLarge: "rate is too large")
        guard magnitude <= UInt64(Int64.max) else { throw ValidationError(field: "rate", reason: "rate is too large", code: "number.tooLarge") }
        try self.init(significand: Int64(magnitude), scale: places)
    }

    /// `amount × rate`, converted from `amount`'s minor unit to `target`'s and
    /// rounded half away from zero. Throws with field `"amount"` on overflow.
    public func convert(_ amount: Money, to target: Currency) throws(ValidationError) -> Money {
        // target minor = amount minor × significand × 10^(targetDigits) ÷ 10^(scale + sourceDigits)
        let exponent = scale + amount.currency.minorUnitDigits - target.minorUnitDigits
        let tooLarge = ValidationError(field: "amount", reason: "converted amount is too large", code: "number.tooLarge")
        guard amount.minorUnits != 0 else { return .zero(target) }
        let result: Int64?
        if exponent >= 0 {
            result = ExactArithmetic.multiplyDivideRounded(amount.minorUnits, significand, dividingBy: ExactArithmetic.powerOfTen(exponent))
        } else {
            let (factor, overflow) = significand.multipliedReportingOverflow(by: Int64(ExactArithmetic.powerOfTen(-exponent)))
            // |amount| ≥ 1, so an overflowing factor means an overflowing result.
            guard !overflow else { throw tooLarge }
            result = ExactArithmetic.multiplyDivideRounded(amount.minorUnits, factor, dividingBy: 1)
        }
        guard let result else { throw tooLarge }
        return Money(minorUnits: result, currency: target)
    }

    /// `"1050000"`, `"0.92"`.
    public var description: String { ExactArithmetic.trimmedDecimalString(significand, places: scale) }

    public static func parseText(_ text: String) throws(ValidationError) -> ExchangeRate { try ExchangeRate(text) }
}
