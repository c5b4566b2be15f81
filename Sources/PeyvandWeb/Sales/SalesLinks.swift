import Foundation
import PeyvandCore
import PeyvandStore

/// The names of the customer and deal a form links to, for showing beside their ids: the
/// customer when the person reaches it, the deal's title when it exists.
struct SalesLinks {
    let database: Database

    func names(customerId: Int64?, dealId: Int64?, by principal: Principal) async throws -> (customer: (Int64, String)?, deal: (Int64, String)?) {
        var customer: (Int64, String)?
        if let customerId, let c = try? await CustomerRepository(database).get(customerId, by: principal), !c.isDeleted {
            customer = (c.id, c.fields.name)
        }
        var deal: (Int64, String)?
        if let dealId, let title = try await SalesDeals(database).title(of: dealId) { deal = (dealId, title) }
        return (customer, deal)
    }
}
