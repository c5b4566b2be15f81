import Foundation
import PeyvandCore
import PeyvandStore

/// What the send-a-message page shows: the customer, where a message would go (each channel
/// allowed or refused, and why), the templates that can be sent, and the quiet hours.
struct SendMessageData: Sendable {
    let customer: Customer
    let routes: [CustomerMessaging.Route]
    let templates: [MessageTemplate]
    let rules: ChannelRules
    /// The customer's documents, which an email may attach.
    let documents: [Document]
}

struct SendMessageQuery: Sendable {
    let customers: CustomerRepository
    let messaging: CustomerMessaging
    let templates: MessageTemplates
    let documents: DocumentRepository

    func read(_ id: Int64, by principal: Principal) async throws -> SendMessageData {
        let customer = try await customers.get(id, by: principal)
        async let routes = messaging.routes(of: id, by: principal)
        async let templates = templates.list(by: principal)
        async let rules = ChannelRules.read(customers.database)
        async let documents = documents.list(customerId: id, by: principal)
        return SendMessageData(customer: customer, routes: try await routes,
                               templates: try await templates.filter { ChannelRules.sendable.contains($0.channel) }, rules: try await rules,
                               documents: try await documents)
    }
}
