import Foundation
import PeyvandCore
import PeyvandStore

struct PipelineStageDTO: Encodable {
    let id: String
    let name: String
    let position: Int
    let probability: Int
    let archived: Bool

    init(_ s: PipelineStage) {
        id = String(s.id); name = s.name; position = s.position; probability = s.probability.percent; archived = s.archived
    }
}

struct PipelineDTO: Encodable {
    let id: String
    let name: String
    let position: Int
    let archived: Bool
    let version: Int
    let stages: [PipelineStageDTO]

    init(_ p: Pipeline) {
        id = String(p.id); name = p.name; position = p.position; archived = p.archived; version = p.version
        stages = p.stages.map(PipelineStageDTO.init)
    }
}

struct DealLineDTO: Encodable {
    let lineNo: Int
    let productId: String?
    let sku: String?
    let description: String
    let quantity: String
    let unitPrice: Money
    let total: Money
}

struct DealContactDTO: Encodable {
    let id: String
    let name: String
}

struct DealDTO: Encodable {
    let id: String
    let pipelineId: String
    let stageId: String
    let stageName: String
    let status: String
    let title: String
    let customerId: String
    let customerName: String
    let ownerId: String?
    let ownerName: String?
    let amount: Money
    let amountBase: Money
    /// The chance the forecast uses; `probabilityOverride` is the deal's own, when set.
    let probability: Int
    let probabilityOverride: Int?
    let expectedCloseDate: String?
    let nextStep: String?
    let source: String?
    let reason: String?
    let competitor: String?
    let closedAt: Date?
    let stageEnteredAt: Date
    let version: Int
    let createdAt: Date
    let updatedAt: Date
    let deletedAt: Date?
    let lines: [DealLineDTO]
    let contacts: [DealContactDTO]

    init(_ d: Deal) {
        id = String(d.id); pipelineId = String(d.pipelineId); stageId = String(d.stageId); stageName = d.stageName; status = d.status.rawValue
        title = d.title; customerId = String(d.customerId); customerName = d.customerName; ownerId = d.ownerId.map(String.init); ownerName = d.ownerName
        amount = d.amount; amountBase = d.amountBase; probability = d.probability.percent; probabilityOverride = d.probabilityOverride?.percent
        expectedCloseDate = d.expectedClose.map(DealDates.iso); nextStep = d.nextStep; source = d.source; reason = d.reason; competitor = d.competitor
        closedAt = d.closedAt; stageEnteredAt = d.stageEnteredAt; version = d.version; createdAt = d.createdAt; updatedAt = d.updatedAt; deletedAt = d.deletedAt
        lines = d.lines.map { l in
            DealLineDTO(lineNo: l.lineNo, productId: l.productId.map(String.init), sku: l.sku, description: l.description,
                        quantity: l.quantity.description, unitPrice: l.unitPrice, total: l.total)
        }
        contacts = d.contacts.map { DealContactDTO(id: String($0.id), name: $0.name) }
    }
}

struct DealStageVisitDTO: Encodable {
    let stageId: String
    let stageName: String
    let status: String
    let enteredAt: Date
    let leftAt: Date?
    let movedById: String?
    let movedByName: String?
    /// Whole seconds spent in the stage (so far, while it is still there).
    let seconds: Int64

    init(_ v: DealStageVisit, now: Date) {
        stageId = String(v.stageId); stageName = v.stageName; status = v.status.rawValue; enteredAt = v.enteredAt; leftAt = v.leftAt
        movedById = v.movedById.map(String.init); movedByName = v.movedByName; seconds = Int64(v.duration(now: now).rounded(.down))
    }
}

struct BoardColumnDTO: Encodable {
    let stage: PipelineStageDTO
    let count: Int
    let total: Money
    let items: [DealDTO]
    let next: String?

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(stage, forKey: .stage)
        try c.encode(count, forKey: .count)
        try c.encode(total, forKey: .total)
        try c.encode(items, forKey: .items)
        try c.encode(next, forKey: .next)
    }

    enum CodingKeys: String, CodingKey { case stage, count, total, items, next }
}

struct BoardDTO: Encodable {
    let pipeline: PipelineDTO
    let currency: String
    let columns: [BoardColumnDTO]

    init(_ b: DealBoard) {
        pipeline = PipelineDTO(b.pipeline)
        currency = b.currency.rawValue
        columns = b.columns.map { BoardColumnDTO(stage: PipelineStageDTO($0.stage), count: $0.count, total: $0.total, items: $0.cards.map(DealDTO.init), next: $0.next) }
    }
}

/// Calendar days of deals as the API writes and reads them: ISO `YYYY-MM-DD` (Gregorian).
enum DealDates {
    static func iso(_ day: JalaliDate) -> String {
        let g = day.gregorian
        return String(format: "%04d-%02d-%02d", g.year, g.month, g.day)
    }

    static func parse(_ text: String) -> JalaliDate? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1700...2300).contains(y) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        guard DateComponents(year: y, month: m, day: d).isValidDate(in: calendar) else { return nil }
        return JalaliDate(gregorianYear: y, month: m, day: d)
    }
}
