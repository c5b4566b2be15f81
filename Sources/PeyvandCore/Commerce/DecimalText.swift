import Foundation

/// The digits of a decimal number typed by a user, before scaling.
///
/// Accepts ASCII, Persian and Arabic-Indic digits, an optional leading `-`,
/// `.` or `٫` as the decimal point, and `,` `٬` or spaces as thousands
/// separators before the point — the same grammar as
/// ``Money/init(major:currency:)``. Errors use the caller's `field`.
struct DecimalText {
    var negative = false
    var integerDigits: [UInt8] = []
    var fractionDigits: [UInt8] = []

    init(_ text: String, field: String) throws(ValidationError) {
        func fail(_ reason: String) -> ValidationError { ValidationError(field: field, reason: reason, code: "number.invalid") }
        var seenPoint = false
        var seenDigit = false
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        for scalar in trimmed.unicodeScalars {
            if let d = PersianText.digitValue(scalar) {
                seenDigit = true
                if seenPoint { fractionDigits.append(UInt8(d)) } else { integerDigits.append(UInt8(d)) }
                continue
            }
            switch scalar {
            case "-", "\u{2212}":
                guard !negative, !seenDigit, !seenPoint else { throw fail("'-' is only allowed at the start") }
                negative = true
            case ".", "\u{066B}":
                guard !seenPoint else { throw fail("more than one decimal point") }
                seenPoint = true
            case ",", "\u{066C}", " ", "\u{00A0}", "\u{202F}", "\u{2009}":
                guard !seenPoint else { throw fail("thousands separator after the decimal point") }
            default:
                throw fail("not a number")
            }
        }
        guard seenDigit else { throw fail(trimmed.isEmpty ? "empty" : "not a number") }
        guard !integerDigits.isEmpty, !seenPoint || !fractionDigits.isEmpty else { throw fail("not a number") }
    }

    /// Whether every digit is zero.
    var isZero: Bool { integerDigits.allSatisfy { $0 == 0 } && fractionDigits.allSatisfy { $0 == 0 } }

    /// Fraction digits without trailing zeros.
    var significantFractionDigits: [UInt8] {
        var digits = fractionDigits
        while digits.last == 0 { digits.removeLast() }
        return digits
    }

    /// The magnitude × 10^`places`. Extra fraction digits must be zeros
    /// (`"1.500"` with 2 places is fine, `"1.505"` is not).
    func scaledMagnitude(places: Int, field: String, tooManyPlaces: String, tooLarge: String,
                         tooLargeCode: String = "number.tooLarge") throws(ValidationError) -> UInt64 {
        var fraction = significantFractionDigits
        guard fraction.count <= places else { throw ValidationError(field: field, reason: tooManyPlaces, code: "number.places", params: ["max": "\(places)"]) }
        fraction += Array(repeating: 0, count: places - fraction.count)
        var magnitude: UInt64 = 0
        for d in integerDigits + fraction {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(d))
            guard !o1, !o2 else { throw ValidationError(field: field, reason: tooLarge, code: tooLargeCode) }
            magnitude = sum
        }
        return magnitude
    }
}
