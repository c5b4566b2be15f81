import Foundation
import PeyvandCore
import PeyvandStore

/// The 360 page's "Deals" box: the customer's open deals and links to start a deal, a quote or a
/// contract for them.
struct Customer360Deals {
    struct Row { let id: Int64, title: String, stage: String, amount: String, probability: String, close: String? }
    let rows: [Row]
    let canCreate: Bool
    let canQuote: Bool
    let canContract: Bool
    let customerId: Int64
}

extension Customer360Deals {
    /// The box, for those who read sales (nil for the others).
    static func read(_ database: Database, customer: Customer, by principal: Principal) async throws -> [Deal]? {
        guard principal.may(.salesRead) else { return nil }
        return try await Deals(database).open(customerId: customer.id, limit: 10, by: principal)
    }

    init?(_ deals: [Deal]?, customer: Customer, principal: Principal, text x: PageText) {
        guard let deals else { return nil }
        rows = deals.map { Row(id: $0.id, title: $0.title, stage: $0.stageName, amount: x.money($0.amount), probability: x.chance($0.probability),
                               close: $0.expectedClose.map(x.dealDay)) }
        canCreate = principal.may(.dealsWrite) && !customer.isDeleted
        canQuote = principal.may(.quotesWrite) && !customer.isDeleted
        canContract = principal.may(.contractsWrite) && !customer.isDeleted
        customerId = customer.id
    }
}
