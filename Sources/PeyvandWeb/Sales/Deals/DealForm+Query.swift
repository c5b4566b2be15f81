import Foundation
import PeyvandCore
import PeyvandStore

/// What the deal form reads: the deal (to edit), its customer or the customers a search found,
/// the customer's people (the contacts to choose from), the catalogue, the staff and the pipelines.
struct DealFormData: Sendable {
    let deal: Deal?
    let customer: Customer?
    let candidates: [Customer]
    let people: [Customer]
    let products: [Product]
    let staff: [User]
    let pipelines: [Pipeline]
}

struct DealFormQuery: Sendable {
    let deals: Deals
    let pipelines: Pipelines
    let customers: CustomerRepository
    let products: ProductRepository
    let users: UserRepository

    func read(dealId: Int64?, customerId: Int64?, search: String?, by principal: Principal) async throws -> DealFormData {
        let deal = try await dealId.asyncMap { try await deals.get($0, by: principal) }
        let customer: Customer? = try await (customerId ?? deal?.customerId).asyncMap { id in
            do { return try await customers.get(id, by: principal) } catch StoreError.notFound { return nil }
        } ?? nil
        async let candidates = search.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
            .asyncMap { try await customers.list(CustomerQuery(q: $0, limit: 20), by: principal).items } ?? []
        async let people = customer.flatMap { $0.fields.kind == .organisation ? $0.id : nil }
            .asyncMap { try await customers.list(CustomerQuery(organisationId: $0, limit: 200), by: principal).items } ?? []
        async let catalogue = products.list(limit: 500).items
        async let staff = users.list(limit: 500).items
        async let all = pipelines.list(by: principal)
        return DealFormData(deal: deal, customer: customer, candidates: try await candidates, people: try await people,
                            products: try await catalogue, staff: try await staff, pipelines: try await all)
    }
}
