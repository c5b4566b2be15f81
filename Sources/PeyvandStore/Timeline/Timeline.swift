import Foundation
import PeyvandCore
import SQLKit

/// One item on a customer's timeline, whatever area it comes from.
public struct TimelineEntry: Sendable, Hashable {
    /// The area it comes from: "interaction", "document", "commerce", "agreement", "survey" (an
    /// answered survey); tickets and campaign messages add their own as those areas land.
    public let source: String
    public let id: Int64
    public let customerId: Int64
    public let at: Date
    /// A kind within the source (e.g. `call`, `email`), used for filters and icons.
    public let kind: String
    public let channel: ContactChannel?
    public let direction: Direction?
    public let staffId: Int64?
    public let staffName: String?
    public let title: String?
    public let detail: String?
    public let outcome: String?
    public let durationSeconds: Int?
    public let cost: Money?
    /// For a message that travelled on a channel: queued, sent, delivered, failed, bounced, received.
    public var deliveryStatus: ChannelMessageStatus? = nil
    /// For a survey answer: its scores and what it was about.
    public var survey: TimelineSurvey? = nil
}

/// A survey answer's scores on the timeline (source `survey`).
public struct TimelineSurvey: Sendable, Hashable {
    public let csat: Int?
    public let nps: Int?
    public let ticketId: Int64?
    public let ticketNumber: String?
    public let orderId: Int64?
    public let occasion: SurveyOccasion
}

/// Where the timeline resumes: entries strictly older than (at, id).
public struct TimelineCursor: Sendable, Hashable {
    public let at: Int64
    public let id: Int64

    public init(at: Int64, id: Int64) {
        self.at = at
        self.id = id
    }

    public init(after entry: TimelineEntry) {
        self.init(at: Clock.millis(entry.at), id: entry.id)
    }

    public var encoded: String { Cursor.encodeText("t:\(at):\(id)") }

    public static func decode(_ text: String) -> TimelineCursor? {
        guard let raw = Cursor.decodeText(text), raw.hasPrefix("t:") else { return nil }
        let parts = raw.dropFirst(2).split(separator: ":")
        guard parts.count == 2, let at = Int64(parts[0]), let id = Int64(parts[1]) else { return nil }
        return TimelineCursor(at: at, id: id)
    }
}

extension InteractionQuery {
    /// The part of a timeline query every source shares: who, the date window, the keyset cursor,
    /// newest first, the page size — over a source's own time, id and staff columns.
    /// The column names are constants of each source, never input.
    func window(time: String, id: String, staff: String) -> SQLQueryString {
        var sql: SQLQueryString = ""
        if let s = staffId { sql += " AND \(unsafeRaw: staff) = \(bind: s)" }
        if let from { sql += " AND \(unsafeRaw: time) >= \(bind: Clock.millis(from))" }
        if let to { sql += " AND \(unsafeRaw: time) < \(bind: Clock.millis(to))" }
        if let b = before {
            sql += " AND (\(unsafeRaw: time) < \(bind: b.at) OR (\(unsafeRaw: time) = \(bind: b.at) AND \(unsafeRaw: id) < \(bind: b.id)))"
        }
        sql += " ORDER BY \(unsafeRaw: time) DESC, \(unsafeRaw: id) DESC LIMIT \(bind: max(1, min(limit, 500)))"
        return sql
    }
}

/// The seam through which each area puts its records on the customer's timeline.
public protocol TimelineSource: Sendable {
    /// Up to `query.limit` entries of `customerIds`, newest first, older than `query.before`.
    func entries(customerIds: [Int64], _ query: InteractionQuery) async throws -> [TimelineEntry]
}

/// Merges every source into one newest-first, keyset-paginated timeline.
public struct Timeline: Sendable {
    let customers: CustomerRepository
    let sources: [any TimelineSource]

    public init(_ database: Database, sources: [any TimelineSource]? = nil) {
        self.customers = CustomerRepository(database)
        self.sources = sources ?? [InteractionRepository(database)]
    }

    /// The timeline of a customer; for an organisation it also rolls up its people's entries.
    public func page(of customerId: Int64, _ query: InteractionQuery, by principal: Principal) async throws -> Page<TimelineEntry> {
        try await page(of: try await customers.get(customerId, by: principal), query, by: principal)
    }

    /// The timeline of a customer already read (and so already checked against the person's scope).
    public func page(of customer: Customer, _ query: InteractionQuery, by principal: Principal) async throws -> Page<TimelineEntry> {
        let customerId = customer.id
        var ids = [customerId]
        if customer.fields.kind == .organisation {
            let people = try await customers.list(CustomerQuery(organisationId: customerId, includeDeleted: true, limit: 500), by: principal)
            ids += people.items.map(\.id)
        }
        var merged: [TimelineEntry] = []
        for source in sources {
            merged += try await source.entries(customerIds: ids, query)
        }
        merged.sort { ($0.at, $0.id) > ($1.at, $1.id) }
        let limit = max(1, min(query.limit, 500))
        let items = Array(merged.prefix(limit))
        let next = merged.count >= limit && items.count == limit ? items.last.map { TimelineCursor(after: $0).encoded } : nil
        return Page(items: items, next: next)
    }
}

extension InteractionRepository: TimelineSource {
    public func entries(customerIds: [Int64], _ query: InteractionQuery) async throws -> [TimelineEntry] {
        let interactions = try await list(customerIds: customerIds, query)
        let statuses = try await ChannelMessages.statuses(database.sql, interactionIds: interactions.map(\.id))
        return interactions.map { i in
            let f = i.fields
            return TimelineEntry(source: "interaction", id: i.id, customerId: i.customerId, at: f.occurredAt, kind: f.kind.rawValue,
                                 channel: f.channel, direction: f.direction, staffId: f.staffId, staffName: i.staffName,
                                 title: f.subject, detail: f.body, outcome: f.outcome, durationSeconds: f.durationSeconds, cost: f.cost,
                                 deliveryStatus: statuses[i.id])
        }
    }
}
