/// Integer-only helpers for exact money and quantity arithmetic.
///
/// Everything here works on 64-bit integers with 128-bit intermediate
/// products (`multipliedFullWidth` / `dividingFullWidth`), so no value ever
/// passes through floating point and nothing silently overflows: a result
/// that does not fit in `Int64` comes back as `nil`.
enum ExactArithmetic {
    /// `a × b ÷ divisor`, rounded half away from zero, or `nil` if the
    /// result does not fit in `Int64`. `divisor` must be positive.
    static func multiplyDivideRounded(_ a: Int64, _ b: Int64, dividingBy divisor: UInt64) -> Int64? {
        precondition(divisor > 0, "divisor must be positive")
        let negative = (a < 0) != (b < 0)
        let product = a.magnitude.multipliedFullWidth(by: b.magnitude)
        guard product.high < divisor else { return nil }
        let (quotient, remainder) = divisor.dividingFullWidth(product)
        var magnitude = quotient
        // Round up (away from zero) when 2 × remainder ≥ divisor, written so it cannot overflow.
        if remainder >= divisor - remainder {
            guard magnitude < UInt64.max else { return nil }
            magnitude += 1
        }
        return signed(magnitude, negative: negative)
    }

    /// `magnitude` with the given sign, or `nil` if it does not fit in `Int64`.
    static func signed(_ magnitude: UInt64, negative: Bool) -> Int64? {
        let limit = UInt64(Int64.max)
        if negative {
            guard magnitude <= limit + 1 else { return nil }
            return magnitude == limit + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= limit else { return nil }
        return Int64(magnitude)
    }

    /// `10^exponent` for `exponent` in `0...19`.
    static func powerOfTen(_ exponent: Int) -> UInt64 {
        precondition((0...19).contains(exponent), "10^\(exponent) does not fit in UInt64")
        var result: UInt64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    /// Renders `value ÷ 10^places` exactly with ASCII digits and `.`,
    /// dropping trailing fractional zeros: `1500, 3` → `"1.5"`, `2000, 3` → `"2"`.
    static func trimmedDecimalString(_ value: Int64, places: Int) -> String {
        let full = Money.decimalString(value.magnitude, places: places, negative: value < 0, grouping: nil, point: ".")
        guard places > 0 else { return full }
        var text = Substring(full)
        while text.last == "0" { text = text.dropLast() }
        if text.last == "." { text = text.dropLast() }
        return String(text)
    }
}
