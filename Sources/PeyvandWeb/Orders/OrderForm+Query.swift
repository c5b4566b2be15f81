import Foundation
import PeyvandCore
import PeyvandStore

/// What the new-order form reads: the customer and the product catalogue, at once.
struct OrderFormData: Sendable {
    let customer: Customer
    let products: [Product]
    let defaults: OrderDefaults
}

struct OrderFormQuery: Sendable {
    let customers: CustomerRepository
    let products: ProductRepository

    func read(customerId: Int64, by principal: Principal) async throws -> OrderFormData {
        async let customer = customers.get(customerId, by: principal)
        async let catalogue = products.list(limit: 500).items
        async let defaults = products.orderDefaults()
        return OrderFormData(customer: try await customer, products: try await catalogue, defaults: try await defaults)
    }
}
