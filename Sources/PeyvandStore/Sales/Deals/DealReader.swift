import Foundation
import PeyvandCore
import SQLKit

/// Reads deals: one query for the deals of a page, one for all their lines, one for all their
/// contacts, whatever the page's size.
enum DealReader {
    static let select = select(from: "deals d")

    /// The deals' columns, from `source` (the deals table as `d`, with an index hint when one is needed).
    static func select(from source: String) -> SQLQueryString {
        """
        SELECT d.id, d.pipeline_id, d.stage_id, s.name AS stage_name, s.probability AS stage_probability, d.status, d.title,
          d.customer_id, c.name AS customer_name, d.owner_id, u.name AS owner_name, d.currency, d.amount_minor, d.amount_base_minor,
          d.probability, d.expected_close_day, d.next_step, d.source, d.lost_reason, d.competitor, d.closed_at, d.stage_entered_at,
          d.version, d.created_at, d.updated_at, d.deleted_at
        FROM \(unsafeRaw: source) JOIN pipeline_stages s ON s.id = d.stage_id JOIN customers c ON c.id = d.customer_id
        LEFT JOIN users u ON u.id = d.owner_id
        """
    }

    /// The caller's reach among deals: every deal, or (owned-or-shared roles) the deals they own
    /// and the deals of customers they own or who are shared with them.
    static func reach(_ principal: Principal) -> SQLQueryString {
        switch principal.customerScope {
        case .all: return ""
        case .ownedOrShared:
            return """
                 AND (d.owner_id = \(bind: principal.userId) OR c.owner_id = \(bind: principal.userId) OR EXISTS (SELECT 1 FROM customer_shares cs
                   WHERE cs.customer_id = d.customer_id AND cs.user_id = \(bind: principal.userId)))
                """
        }
    }

    static func deal(_ row: any SQLRow, base: Currency) throws -> Deal {
        let currency = Currency(rawValue: try row.decode(column: "currency", as: String.self))
        return Deal(
            id: try row.decode(column: "id", as: Int64.self), pipelineId: try row.decode(column: "pipeline_id", as: Int64.self),
            stageId: try row.decode(column: "stage_id", as: Int64.self), stageName: try row.decode(column: "stage_name", as: String.self),
            stageProbability: Probability(clamping: try row.decode(column: "stage_probability", as: Int.self)),
            status: DealStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open,
            title: try row.decode(column: "title", as: String.self), customerId: try row.decode(column: "customer_id", as: Int64.self),
            customerName: try row.decode(column: "customer_name", as: String.self), ownerId: try row.decode(column: "owner_id", as: Int64?.self),
            ownerName: try row.decode(column: "owner_name", as: String?.self),
            amount: Money(minorUnits: try row.decode(column: "amount_minor", as: Int64.self), currency: currency),
            amountBase: Money(minorUnits: try row.decode(column: "amount_base_minor", as: Int64.self), currency: base),
            probabilityOverride: try row.decode(column: "probability", as: Int?.self).map(Probability.init(clamping:)),
            expectedClose: try row.decode(column: "expected_close_day", as: Int64?.self).flatMap { Int(exactly: $0) }.map(JalaliDate.init(daysSinceUnixEpoch:)),
            nextStep: try row.decode(column: "next_step", as: String?.self), source: try row.decode(column: "source", as: String?.self),
            reason: try row.decode(column: "lost_reason", as: String?.self), competitor: try row.decode(column: "competitor", as: String?.self),
            closedAt: try row.decode(column: "closed_at", as: Int64?.self).map(Clock.date),
            stageEnteredAt: Clock.date(try row.decode(column: "stage_entered_at", as: Int64.self)),
            version: try row.decode(column: "version", as: Int.self), createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Clock.date(try row.decode(column: "updated_at", as: Int64.self)),
            deletedAt: try row.decode(column: "deleted_at", as: Int64?.self).map(Clock.date), lines: [], contacts: [])
    }

    /// The deals of `rows` with their lines and contacts (two queries for the lot).
    static func deals(_ db: any SQLDatabase, _ rows: [any SQLRow], withDetails: Bool = true, base known: Currency? = nil) async throws -> [Deal] {
        guard !rows.isEmpty else { return [] }
        let base = if let known { known } else { try await Settings.baseCurrency(db) }
        var deals = try rows.map { try deal($0, base: base) }
        guard withDetails, !deals.isEmpty else { return deals }
        let ids = deals.map(\.id)
        var lines: [Int64: [DealLine]] = [:]
        for row in try await db.raw("""
            SELECT l.deal_id, l.line_no, l.product_id, p.sku, l.description, l.quantity_milli, l.unit_price_minor, d.currency
            FROM deal_lines l JOIN deals d ON d.id = l.deal_id LEFT JOIN products p ON p.id = l.product_id
            WHERE l.deal_id IN (\(binds: ids)) ORDER BY l.deal_id, l.line_no
            """).all() {
            let currency = Currency(rawValue: try row.decode(column: "currency", as: String.self))
            let quantity = Quantity(stored: try row.decode(column: "quantity_milli", as: Int64.self))
            let price = Money(minorUnits: try row.decode(column: "unit_price_minor", as: Int64.self), currency: currency)
            let total = (try? LinePricing(quantity: quantity, unitPrice: price).gross) ?? price
            lines[try row.decode(column: "deal_id", as: Int64.self), default: []].append(DealLine(
                lineNo: try row.decode(column: "line_no", as: Int.self), productId: try row.decode(column: "product_id", as: Int64?.self),
                sku: try row.decode(column: "sku", as: String?.self), description: try row.decode(column: "description", as: String.self),
                quantity: quantity, unitPrice: price, total: total))
        }
        var contacts: [Int64: [DealContact]] = [:]
        for row in try await db.raw("""
            SELECT dc.deal_id, c.id, c.name FROM deal_contacts dc JOIN customers c ON c.id = dc.contact_id
            WHERE dc.deal_id IN (\(binds: ids)) ORDER BY dc.deal_id, c.name, c.id
            """).all() {
            contacts[try row.decode(column: "deal_id", as: Int64.self), default: []].append(
                DealContact(id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self)))
        }
        for i in deals.indices {
            deals[i].lines = lines[deals[i].id] ?? []
            deals[i].contacts = contacts[deals[i].id] ?? []
        }
        return deals
    }
}
