import Foundation
import PeyvandCore

/// Numbers that are measurements rather than counts (fitted parameters, means, shares), written
/// for reading: rounded, never in e-notation, with a true minus sign, and in Persian digits with
/// the Persian decimal and thousands separators (٫ ٬) in fa.
extension PageText {
    /// `x` to three significant figures: 0.0123456 → "0.0123", −1234.5 → "−1,230", 2.0 → "2".
    func figure(_ x: Double) -> String {
        guard x.isFinite else { return "—" }
        guard x != 0 else { return localized("0") }
        let magnitude = abs(x)
        var exponent = Int(floor(log10(magnitude)))
        var rounded = Self.round(magnitude, exponent)
        // 9.996 rounds to 10.0: one more digit before the point, one fewer after it.
        if rounded >= pow(10, Double(exponent + 1)) { exponent += 1; rounded = Self.round(magnitude, exponent) }
        let decimals = max(0, 2 - exponent)
        guard decimals <= 15 else { return localized("0") }
        var text = String(format: "%.\(decimals)f", rounded)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return (x < 0 ? "−" : "") + localized(text)
    }

    /// A share as a percentage with one decimal: 0.4567 → "45.7%" ("۴۵٫۷٪" in fa).
    func share(_ x: Double) -> String {
        guard x.isFinite else { return "—" }
        let text = String(format: "%.1f", abs(x) * 100)
        let sign = x < 0 && text != "0.0" ? "−" : ""
        return sign + localized(text) + (lang == .fa ? "٪" : "%")
    }

    private static func round(_ magnitude: Double, _ exponent: Int) -> Double {
        let step = pow(10, Double(exponent - 2))
        return (magnitude / step).rounded() * step
    }

    /// ASCII digits and "." of a plain decimal, grouped by thousands, in the reader's digits and separators.
    private func localized(_ plain: String) -> String {
        let parts = plain.split(separator: ".", maxSplits: 1).map(String.init)
        var whole = parts.first ?? "0"
        let groupSeparator = lang == .fa ? "٬" : ","
        var grouped = ""
        while whole.count > 3 {
            grouped = groupSeparator + String(whole.suffix(3)) + grouped
            whole.removeLast(3)
        }
        grouped = whole + grouped
        let text = parts.count > 1 ? grouped + (lang == .fa ? "٫" : ".") + parts[1] : grouped
        return lang == .fa ? PersianText.persianDigits(text) : text
    }
}

extension PageText {
    /// A file's size as a person reads it (a thread's files, a message's or a contract's
    /// documents), to the nearest: `12 KB` under a megabyte (never `0`),
    /// else `1.4 MB`; `۱٫۴ مگابایت` in Persian.
    func fileSize(_ bytes: Int) -> String {
        if bytes < 1 << 20 { return number(max(1, (bytes + 512) >> 10)) + " " + t("kilobytes") }
        let tenths = (bytes * 10 + (1 << 19)) >> 20
        return decimal("\(tenths / 10).\(tenths % 10)") + " " + t("megabytes")
    }
}
