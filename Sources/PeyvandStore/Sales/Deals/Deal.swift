import Foundation
import PeyvandCore

/// A sales opportunity: a customer, what may be sold to them and for how much, who works it, and
/// where it stands in its pipeline.
public struct Deal: Sendable, Hashable {
    public let id: Int64
    public let pipelineId: Int64
    public let stageId: Int64
    public let stageName: String
    public let stageProbability: Probability
    public let status: DealStatus
    public let title: String
    public let customerId: Int64
    public let customerName: String
    public let ownerId: Int64?
    public let ownerName: String?
    /// In the deal's currency, and in the organisation's (board totals add these).
    public let amount: Money
    public let amountBase: Money
    /// The deal's own estimate, when it overrides the stage's default.
    public let probabilityOverride: Probability?
    public let expectedClose: JalaliDate?
    public let nextStep: String?
    public let source: String?
    /// Why it was won or lost, and to whom it was lost.
    public let reason: String?
    public let competitor: String?
    public let closedAt: Date?
    public let stageEnteredAt: Date
    public let version: Int
    public let createdAt: Date
    public let updatedAt: Date
    public let deletedAt: Date?
    public var lines: [DealLine]
    public var contacts: [DealContact]

    public var isDeleted: Bool { deletedAt != nil }

    /// The chance the forecast uses: 100 when won, 0 when lost, else the override or the stage's.
    public var probability: Probability {
        switch status {
        case .won: Probability(clamping: 100)
        case .lost: Probability(clamping: 0)
        case .open: probabilityOverride ?? stageProbability
        }
    }
}

/// A product line of a deal: what from the catalogue, how many, at what unit price.
public struct DealLine: Sendable, Hashable {
    public let lineNo: Int
    public let productId: Int64?
    public let sku: String?
    public let description: String
    public let quantity: Quantity
    public let unitPrice: Money
    public let total: Money
}

/// A person involved in a deal on the customer's side.
public struct DealContact: Sendable, Hashable {
    public let id: Int64
    public let name: String
}

/// One stay of a deal in a stage: when it came and left (nil while it is still there), with what
/// status (a won or lost deal's last stay says so), and who moved it there.
public struct DealStageVisit: Sendable, Hashable {
    public let stageId: Int64
    public let stageName: String
    public let status: DealStatus
    public let enteredAt: Date
    public let leftAt: Date?
    public let movedById: Int64?
    public let movedByName: String?

    /// How long it stayed, up to `now` while it is still there.
    public func duration(now: Date = Date()) -> TimeInterval {
        max(0, (leftAt ?? now).timeIntervalSince(enteredAt))
    }
}

/// What a deal is created or changed with, as typed (the store checks it). Absent members of an
/// update keep their stored value; `clearing` names optional members set back to empty.
public struct DealInput: Sendable, Hashable {
    public var title: String?
    public var pipelineId: Int64?
    public var stageId: Int64?
    public var customerId: Int64?
    public var ownerId: Int64?
    public var amount: String?
    public var currency: String?
    public var probability: Int?
    public var expectedClose: JalaliDate?
    public var nextStep: String?
    public var source: String?
    public var contactIds: [Int64]?
    public var lines: [DealLineInput]?
    /// Optional members to empty on update: `ownerId`, `probability`, `expectedClose`, `nextStep`, `source`.
    public var clearing: Set<String>

    public init(title: String? = nil, pipelineId: Int64? = nil, stageId: Int64? = nil, customerId: Int64? = nil, ownerId: Int64? = nil,
                amount: String? = nil, currency: String? = nil, probability: Int? = nil, expectedClose: JalaliDate? = nil,
                nextStep: String? = nil, source: String? = nil, contactIds: [Int64]? = nil, lines: [DealLineInput]? = nil,
                clearing: Set<String> = []) {
        self.title = title
        self.pipelineId = pipelineId
        self.stageId = stageId
        self.customerId = customerId
        self.ownerId = ownerId
        self.amount = amount
        self.currency = currency
        self.probability = probability
        self.expectedClose = expectedClose
        self.nextStep = nextStep
        self.source = source
        self.contactIds = contactIds
        self.lines = lines
        self.clearing = clearing
    }
}

/// A product line as typed: a product by id or SKU (its name and price come from the
/// catalogue unless given), a quantity above zero, a unit price not below zero.
public struct DealLineInput: Sendable, Hashable {
    public var productId: Int64?
    public var sku: String?
    public var description: String?
    public var quantity: String
    public var unitPrice: String?

    public init(productId: Int64? = nil, sku: String? = nil, description: String? = nil, quantity: String, unitPrice: String? = nil) {
        self.productId = productId
        self.sku = sku
        self.description = description
        self.quantity = quantity
        self.unitPrice = unitPrice
    }
}

/// Which deals a list or the board shows. Days are the organisation's civil days (inclusive).
public struct DealFilter: Sendable, Hashable {
    public var pipelineId: Int64?
    public var stageId: Int64?
    public var status: DealStatus?
    public var ownerId: Int64?
    public var customerId: Int64?
    public var closeFrom: JalaliDate?
    public var closeTo: JalaliDate?
    public var q: String?
    public var deleted: Bool

    public init(pipelineId: Int64? = nil, stageId: Int64? = nil, status: DealStatus? = nil, ownerId: Int64? = nil, customerId: Int64? = nil,
                closeFrom: JalaliDate? = nil, closeTo: JalaliDate? = nil, q: String? = nil, deleted: Bool = false) {
        self.pipelineId = pipelineId
        self.stageId = stageId
        self.status = status
        self.ownerId = ownerId
        self.customerId = customerId
        self.closeFrom = closeFrom
        self.closeTo = closeTo
        self.q = q
        self.deleted = deleted
    }
}
