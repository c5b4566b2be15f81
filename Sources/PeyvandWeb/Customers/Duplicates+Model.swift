import Foundation
import PeyvandCore
import PeyvandStore

/// What the duplicates page (`duplicates.mustache`) renders: candidate pairs with their score and
/// reasons, each side as the reader compares them.
struct DuplicatesModel {
    struct Phone { let text: String, href: String }
    struct Side { let id: Int64, name: String, phones: [Phone], emails: String, city: String, created: String }
    struct Pair { let first: Side, second: Side, score: String, reasons: String }

    let pairs: [Pair]
    let canMerge: Bool
}

extension DuplicatesModel {
    init(_ pairs: [DuplicatePair], principal: Principal, text x: PageText) {
        func side(_ c: Customer) -> Side {
            Side(id: c.id, name: c.fields.name, phones: c.fields.phones.map { Phone(text: x.phone($0), href: x.phoneLink($0)) }, emails: c.fields.emails.joined(separator: ", "),
                 city: c.fields.city ?? "", created: x.when(c.createdAt))
        }
        self.pairs = pairs.map { p in
            Pair(first: side(p.first), second: side(p.second), score: x.number(Int(p.score * 100)) + (x.lang == .fa ? "٪" : "%"),
                 reasons: p.reasons.map { x.label("dupreason", $0) }.joined(separator: "، "))
        }
        canMerge = principal.may(.customersDelete)
    }
}
