import Foundation
import PeyvandCore

/// How the page's words, numbers and dates are written for one reader.
struct PageText {
    let views: Views
    let lang: Language
    let toman: Bool

    func t(_ key: String) -> String { views.catalogs.text(key, lang) }
    func label(_ group: String, _ value: String) -> String { views.catalogs.label(group, value, lang) }
    func number(_ n: Int) -> String { views.formatting.number(n, lang) }
    func when(_ date: Date) -> String { views.formatting.dateTime(date, lang) }
    func money(_ m: Money) -> String { m.formatted(language: lang.rawValue, toman: toman) }
    func percent(_ p: Double) -> String { number(Int((p * 100).rounded())) + (lang == .fa ? "٪" : "%") }
}
