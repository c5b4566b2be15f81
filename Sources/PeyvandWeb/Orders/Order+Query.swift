import Foundation
import PeyvandCore
import PeyvandStore

/// What the order page reads: the order (it decides what the caller may see), then its customer.
struct OrderData: Sendable {
    let order: Order
    let customer: Customer
}

struct OrderQuery: Sendable {
    let orders: OrderRepository
    let customers: CustomerRepository

    func read(_ id: Int64, by principal: Principal) async throws -> OrderData {
        let order = try await orders.get(id, by: principal)
        return OrderData(order: order, customer: try await customers.get(order.customerId, by: principal))
    }
}
