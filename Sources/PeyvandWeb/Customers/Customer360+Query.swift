import Foundation
import PeyvandCore
import PeyvandStore

/// What the customer 360 page shows, read from the store: the customer first (it decides what
/// the caller may see), then every independent read at once.
struct Customer360Data: Sendable {
    let customer: Customer
    let audit: [AuditEntry]
    let staff: [User]
    let merges: [MergeRecord]
    let timeline: Page<TimelineEntry>
    let organisation: Customer?
    let people: [Customer]
    let relations: [CustomerRelation]
    let worth: CustomerValueReport
    let score: CustomerScore?
    /// How each behavioural segment stands on each feature (names the customer's segment).
    let segmentLevels: [Int: SegmentsResult.Levels]
    let recentOrders: [OrderRepository.Summary]
    /// Messenger bots: the customer's linked chats and waiting link code.
    var messenger: MessengerLinkState? = nil
    /// Bounces recorded against the customer's addresses, by lower-cased address.
    var bounces: [String: EmailBounce] = [:]
    /// Sales: the customer's open deals (nil for those who do not read sales).
    var openDeals: [Deal]? = nil
    /// Sales: the customer's open tasks and coming meetings.
    var sales: CustomerSalesActivity? = nil
    /// Service: the customer's open tickets (nil for those who do not read tickets).
    var openTickets: [Ticket]? = nil
    /// Service: the customer's recovery cases (nil for those who do not read tickets).
    var recoveryCases: [RecoveryCase]? = nil
    /// Satisfaction: the class, why, the recent changes and whether the customer is angry.
    var satisfaction: Customer360Satisfaction.Data? = nil
}

/// The reads of the 360 page: concurrent where independent.
struct Customer360Query: Sendable {
    let customers: CustomerRepository
    let users: UserRepository
    let timeline: Timeline

    func read(_ id: Int64, timeline filter: InteractionQuery, by principal: Principal) async throws -> Customer360Data {
        let customer = try await customers.get(id, by: principal)
        let database = customers.database
        let f = customer.fields
        async let audit = principal.may(.auditRead) ? customers.audit(of: customer, by: principal, limit: 50) : []
        async let staff = users.list(limit: 500).items
        async let merges = MergeService(database).merges(into: id)
        async let page = timeline.page(of: customer, filter, by: principal)
        async let organisation: Customer? = f.organisationId == nil ? nil : try? await customers.get(f.organisationId!, by: principal)
        async let people = f.kind == .organisation
            ? customers.list(CustomerQuery(organisationId: id, limit: 200), by: principal).items : []
        async let relations = CustomerRelations(database).list(of: id, by: principal)
        async let worth = CustomerValueQuery(database).value(of: customer)
        async let recentOrders = OrderRepository(database).summaries(of: customer, limit: 5)
        async let messenger = MessengerLinks(database).state(of: id, by: principal)  // messenger bots
        async let bounces = f.emails.isEmpty ? [:] : EmailBounces(database).bounces(of: f.emails)
        async let openDeals = Customer360Deals.read(database, customer: customer, by: principal)  // sales
        async let sales = CustomerSalesActivity.read(database, customerId: id, by: principal)  // sales: tasks and meetings
        async let openTickets = Customer360Tickets.read(database, customer: customer, by: principal)  // service
        async let recoveryCases = Customer360Recovery.read(database, customer: customer, by: principal)  // service recovery
        async let satisfaction = Customer360Satisfaction.read(database, customer: customer)  // satisfaction classes
        let scoring = CustomerScores(database)
        let score = try await scoring.score(of: customer)
        let segmentLevels = score?.segmentNumber == nil ? [:] : try await scoring.segmentLevels(by: principal)
        return Customer360Data(
            customer: customer, audit: try await audit, staff: try await staff, merges: try await merges.filter { $0.undoneAt == nil },
            timeline: try await page, organisation: await organisation, people: try await people, relations: try await relations,
            worth: try await worth, score: score, segmentLevels: segmentLevels, recentOrders: try await recentOrders,
            messenger: try await messenger,
            bounces: try await bounces, openDeals: try await openDeals, sales: try await sales,
            openTickets: try await openTickets, recoveryCases: try await recoveryCases, satisfaction: try await satisfaction)
    }
}
