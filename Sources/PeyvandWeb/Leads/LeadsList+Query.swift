import Foundation
import PeyvandCore
import PeyvandStore

/// What the leads list reads, at once: one page of leads, the staff (owner filter and names) and
/// how many new leads wait for the reader.
struct LeadsListData: Sendable {
    let page: Page<Lead>
    let staff: [User]
    let newForMe: Int
}

struct LeadsListQuery: Sendable {
    let leads: Leads
    let users: UserRepository

    func read(_ query: LeadQuery, by principal: Principal) async throws -> LeadsListData {
        async let page = leads.list(query, by: principal)
        async let staff = users.list(limit: 500).items
        async let mine = leads.newCount(for: principal)
        return LeadsListData(page: try await page, staff: try await staff, newForMe: try await mine)
    }
}
