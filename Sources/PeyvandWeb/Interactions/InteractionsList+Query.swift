import Foundation
import PeyvandCore
import PeyvandStore

/// What the interactions list reads: one page of interactions across the customers in reach and
/// the staff to filter by, at once.
struct InteractionsListData: Sendable {
    let page: Page<InteractionListItem>
    let staff: [User]
}

struct InteractionsListQuery: Sendable {
    let interactions: InteractionRepository
    let users: UserRepository

    func read(_ filter: InteractionQuery, by principal: Principal) async throws -> InteractionsListData {
        async let page = interactions.recent(filter, by: principal)
        async let staff = users.list(limit: 500).items
        return InteractionsListData(page: try await page, staff: try await staff)
    }
}
