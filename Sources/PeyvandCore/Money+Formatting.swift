extension Money {
    /// Display string for `language` `"fa"` or `"en"` (anything else is
    /// treated as English).
    ///
    /// * fa: Persian digits, `٬` grouping, `٫` decimal point and the unit name:
    ///   `"۱٬۲۵۰٬۰۰۰ ریال"`, `"۱۲۵٬۰۰۰ تومان"`, `"۱۲٫۵۰ دلار"`.
    /// * en: `"1,250,000 IRR"`, `"125,000 Toman"`, `"12.50 USD"`.
    ///
    /// `toman` applies only to IRR: the amount is divided by ten exactly, so
    /// 125 Rial shows as `12.5` Toman.
    public func formatted(language: String, toman: Bool = false) -> String {
        let parts = formattedParts(language: language, toman: toman)
        return parts.number + " " + parts.unit
    }

    /// The number and the unit of ``formatted(language:toman:)`` apart, for tables that name the
    /// unit once in their heading.
    public func formattedParts(language: String, toman: Bool = false) -> (number: String, unit: String) {
        let persian = language.lowercased().hasPrefix("fa")
        let magnitude = minorUnits.magnitude
        let negative = minorUnits < 0
        let grouping = persian ? "\u{066C}" : ","
        let point = persian ? "\u{066B}" : "."
        let number: String
        let unit: String
        if toman && currency == .irr {
            let places = magnitude % 10 == 0 ? 0 : 1
            let value = places == 0 ? magnitude / 10 : magnitude
            number = Money.decimalString(value, places: places, negative: negative, grouping: grouping, point: point)
            unit = persian ? "تومان" : "Toman"
        } else {
            number = Money.decimalString(magnitude, places: currency.minorUnitDigits, negative: negative, grouping: grouping, point: point)
            unit = persian ? Money.persianUnitNames[currency.rawValue] ?? currency.rawValue : currency.rawValue
        }
        return (persian ? PersianText.persianDigits(number) : number, unit)
    }

    static let persianUnitNames: [String: String] = [
        "IRR": "ریال",
        "USD": "دلار",
        "EUR": "یورو",
        "GBP": "پوند",
        "AED": "درهم",
        "TRY": "لیر",
        "CNY": "یوآن",
    ]
}
