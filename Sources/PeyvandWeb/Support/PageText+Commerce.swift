import Foundation
import PeyvandCore

/// Numbers of the transactions engine written for the reader: ids, quantities, percentages and
/// document numbers in Persian digits (and ٫ for the decimal point) on a Persian page.
extension PageText {
    /// A record's number (`#578`): the reader's digits.
    func id(_ n: Int64) -> String { digits(String(n)) }

    /// A quantity without needless zeros: `2`, `0.5` (`۰٫۵` in fa).
    func quantity(_ q: Quantity) -> String { decimal(q.description) }

    /// A rate such as VAT: `10%` / `۱۰٪`.
    func percent(_ rate: BasisPoints) -> String { decimal(rate.percentString) + (lang == .fa ? "٪" : "%") }

    /// A plain decimal (`12.5`) with the reader's digits and decimal point.
    func decimal(_ plain: String) -> String {
        lang == .fa ? PersianText.persianDigits(plain.replacingOccurrences(of: ".", with: "٫")) : plain
    }

    /// A unit of sale by its name in the reader's language (`piece` → عدد), or as typed when the
    /// catalogs do not know it (then isolated by the template).
    func unit(_ unit: String) -> String {
        let key = "unit_" + unit.lowercased()
        let text = views.catalogs.text(key, lang)
        return text == key ? unit : text
    }

    /// A calendar day in the reader's calendar: Jalali in fa, Gregorian in en.
    func day(_ date: Date) -> String { views.formatting.day(JalaliDate(date, timeZone: views.formatting.timeZone), lang) }
}
