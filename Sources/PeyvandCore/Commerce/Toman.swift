/// Display helpers for the toman, the everyday unit in Iran: 1 toman = 10
/// rials. Display only — amounts are always stored and computed in rials
/// (``Currency/irr``); 125 rials shows exactly as `12.5` tomans.
///
/// Errors use field `"currency"` for a non-IRR amount.
public enum Toman {
    /// The exact toman amount with ASCII digits: `"125000"`, `"12.5"`, `"-0.5"`.
    public static func amountString(_ rial: Money) throws(ValidationError) -> String {
        try requireRial(rial)
        return ExactArithmetic.trimmedDecimalString(rial.minorUnits, places: 1)
    }

    /// Localised display: `"۱۲۵٬۰۰۰ تومان"` (fa) or `"125,000 Toman"` (en).
    public static func formatted(_ rial: Money, language: String) throws(ValidationError) -> String {
        try requireRial(rial)
        return rial.formatted(language: language, toman: true)
    }

    private static func requireRial(_ money: Money) throws(ValidationError) {
        guard money.currency == .irr else {
            throw ValidationError(field: "currency", reason: "tomans are only for IRR amounts, not \(money.currency.rawValue)", code: "currency.toman")
        }
    }
}
