import Foundation
import PeyvandCore
import SQLKit

/// Reads contracts with their owner's name, and their documents in one more query per page.
enum ContractReader {
    static let columns = """
        k.id, k.number, k.customer_id, c.name AS customer_name, k.deal_id, k.title, k.parties, k.currency, k.value_minor, k.start_day,
        k.end_day, k.terms, k.status, k.renewal_notice_days, k.renewal_reminded_at, k.renewed_from_id, k.renewed_to_id, k.owner_id,
        u.name AS owner_name, k.version, k.created_at, k.updated_at
        """
    static let from = "FROM contracts k JOIN customers c ON c.id = k.customer_id LEFT JOIN users u ON u.id = k.owner_id"

    static func contract(_ row: any SQLRow) throws -> Contract {
        Contract(
            id: try row.decode(column: "id", as: Int64.self), number: try row.decode(column: "number", as: String.self),
            customerId: try row.decode(column: "customer_id", as: Int64.self), customerName: try row.decode(column: "customer_name", as: String.self),
            dealId: try row.decode(column: "deal_id", as: Int64?.self), title: try row.decode(column: "title", as: String.self),
            parties: try row.decode(column: "parties", as: String?.self),
            value: Money(minorUnits: try row.decode(column: "value_minor", as: Int64.self),
                         currency: Currency(rawValue: try row.decode(column: "currency", as: String.self))),
            start: JalaliDate(daysSinceUnixEpoch: Int(try row.decode(column: "start_day", as: Int64.self))),
            end: JalaliDate(daysSinceUnixEpoch: Int(try row.decode(column: "end_day", as: Int64.self))),
            terms: try row.decode(column: "terms", as: String?.self),
            status: ContractStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
            renewalNoticeDays: Int(try row.decode(column: "renewal_notice_days", as: Int64.self)),
            renewalRemindedAt: try row.decode(column: "renewal_reminded_at", as: Int64?.self).map(Clock.date),
            renewedFromId: try row.decode(column: "renewed_from_id", as: Int64?.self), renewedToId: try row.decode(column: "renewed_to_id", as: Int64?.self),
            ownerId: try row.decode(column: "owner_id", as: Int64?.self), ownerName: try row.decode(column: "owner_name", as: String?.self),
            version: Int(try row.decode(column: "version", as: Int64.self)),
            createdAt: Clock.date(try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Clock.date(try row.decode(column: "updated_at", as: Int64.self)), documents: [])
    }

    static func contracts(_ db: any SQLDatabase, _ rows: [any SQLRow]) async throws -> [Contract] {
        var contracts = try rows.map(contract)
        guard !contracts.isEmpty else { return contracts }
        var docs: [Int64: [ContractDocument]] = [:]
        for row in try await db.raw("""
            SELECT cd.contract_id, d.id, d.filename, d.media_type, d.size FROM contract_documents cd JOIN documents d ON d.id = cd.document_id
            WHERE cd.contract_id IN (\(binds: contracts.map(\.id))) AND d.deleted_at IS NULL ORDER BY cd.contract_id, cd.added_at, d.id
            """).all() {
            docs[try row.decode(column: "contract_id", as: Int64.self), default: []].append(ContractDocument(
                id: try row.decode(column: "id", as: Int64.self), filename: try row.decode(column: "filename", as: String.self),
                mediaType: try row.decode(column: "media_type", as: String.self), size: Int(try row.decode(column: "size", as: Int64.self))))
        }
        for i in contracts.indices { contracts[i].documents = docs[contracts[i].id] ?? [] }
        return contracts
    }

    /// `C-1405-000042`.
    static func number(year: Int, sequence: Int) -> String {
        let digits = String(sequence)
        return "C-\(year)-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
