import Foundation
import PeyvandCore
import PeyvandStore

/// A recovery case as the API gives it.
struct RecoveryCaseDTO: Encodable {
    let id: String
    let number: String
    let customerId: String
    let customerName: String
    let ticketId: String?
    let ticketNumber: String?
    let changeId: String?
    let status: String
    let priority: String
    let ownerId: String?
    let ownerName: String?
    let classBefore: String?
    let classAfter: String?
    let cause: String?
    let remedy: String?
    let compensationKind: String
    let compensationAmount: MoneyDTO?
    let compensationPoints: Int64?
    let returnId: String?
    let replacementOrderId: String?
    let outcome: String?
    let openedAt: Date
    let closedAt: Date?
    let measuredAt: Date?
    let version: Int
    let updatedAt: Date

    init(_ c: RecoveryCase) {
        id = String(c.id); number = c.number; customerId = String(c.customerId); customerName = c.customerName
        ticketId = c.ticketId.map(String.init); ticketNumber = c.ticketNumber; changeId = c.changeId.map(String.init)
        status = c.status.rawValue; priority = c.priority; ownerId = c.ownerId.map(String.init); ownerName = c.ownerName
        classBefore = c.classBefore?.rawValue; classAfter = c.classAfter?.rawValue; cause = c.cause; remedy = c.remedy
        compensationKind = c.compensationKind.rawValue; compensationAmount = c.compensationAmount.map(MoneyDTO.init)
        compensationPoints = c.compensationPoints; returnId = c.returnId.map(String.init)
        replacementOrderId = c.replacementOrderId.map(String.init); outcome = c.outcome
        openedAt = c.openedAt; closedAt = c.closedAt; measuredAt = c.measuredAt; version = c.version; updatedAt = c.updatedAt
    }
}
