import Foundation
import PeyvandCore
import PeyvandStore

/// What the customers list reads: one page of customers, the staff (owner names) and the saved
/// views, all at once.
struct CustomersListData: Sendable {
    let page: Page<Customer>
    let staff: [User]
    let savedViews: [SavedView]
    /// Satisfaction: the class of each customer on the page that has one.
    var classes: [Int64: (value: SatisfactionClass, since: Date)] = [:]
}

struct CustomersListQuery: Sendable {
    let customers: CustomerRepository
    let users: UserRepository

    func read(_ query: CustomerQuery, by principal: Principal) async throws -> CustomersListData {
        async let page = customers.list(query, by: principal)
        async let staff = users.list(limit: 500).items
        async let saved = SavedViewRepository(customers.database).list(by: principal)
        let items = try await page
        let classes = try await Satisfaction(customers.database).classes(of: items.items.map(\.id))  // satisfaction classes
        return CustomersListData(page: items, staff: try await staff, savedViews: try await saved, classes: classes)
    }
}
