import Foundation
import PeyvandCore
import PeyvandStore

/// What the deal page (`deal.mustache`) renders: the deal's facts, its lines, every stage it went
/// through with how long it stayed, and the actions its status allows.
struct DealModel {
    struct Header {
        let id: Int64, number: String, title: String, status: String, statusLabel: String, pipeline: String, stage: String
        let customerId: Int64, customer: String, owner: String?, amount: String, amountBase: String?, probability: String, overridden: Bool
        let close: String?, overdue: Bool, nextStep: String?, source: String?, reason: String?, competitor: String?, closed: String?
        let version: Int, deleted: Bool, created: String
    }
    struct Contact { let id: Int64, name: String }
    struct Line { let no: String, description: String, sku: String?, quantity: String, unitPrice: String, total: String }
    struct Visit { let stage: String, statusLabel: String, status: String, entered: String, left: String, stay: String, who: String?, current: Bool }
    struct StageChoice { let id: Int64, name: String }

    let deal: Header
    let contacts: [Contact]
    let lines: [Line]
    let linesTotal: String?
    let history: [Visit]
    let moves: [StageChoice]
    let canWrite: Bool
    let isOpen: Bool
    let flash: String?
    let errors: [FieldError]
    let closeForm: CloseForm
    struct CloseForm { let reason: String, competitor: String, lost: Bool }
}

extension DealModel {
    init(_ data: DealData, principal: Principal, done: String?, issues: [FieldIssue], form: FormData?, text x: PageText) {
        let d = data.deal
        let today = JalaliDate(Date(), timeZone: x.views.formatting.timeZone)
        deal = Header(
            id: d.id, number: x.id(d.id), title: d.title, status: d.status.rawValue, statusLabel: x.dealStatus(d.status), pipeline: data.pipeline.name,
            stage: d.stageName, customerId: d.customerId, customer: d.customerName, owner: d.ownerName, amount: x.money(d.amount),
            amountBase: d.amount.currency == d.amountBase.currency ? nil : x.money(d.amountBase), probability: x.chance(d.probability),
            overridden: d.status == .open && d.probabilityOverride != nil, close: d.expectedClose.map(x.dealDay),
            overdue: d.status == .open && (d.expectedClose.map { $0 < today } ?? false), nextStep: d.nextStep, source: d.source,
            reason: d.reason, competitor: d.competitor, closed: d.closedAt.map(x.when), version: d.version, deleted: d.isDeleted, created: x.when(d.createdAt))
        contacts = d.contacts.map { Contact(id: $0.id, name: $0.name) }
        lines = d.lines.map { Line(no: x.number($0.lineNo), description: $0.description, sku: $0.sku, quantity: x.quantity($0.quantity),
                                   unitPrice: x.money($0.unitPrice), total: x.money($0.total)) }
        linesTotal = d.lines.isEmpty ? nil : (try? d.lines.reduce(Money.zero(d.amount.currency)) { try $0.adding($1.total) }).map(x.money)
        let now = Date()
        history = data.history.reversed().map { v in
            // A won or lost deal's last stay is its closing: no time runs there.
            let closing = v.status != .open && v.leftAt == nil
            return Visit(stage: v.stageName, statusLabel: x.dealStatus(v.status), status: v.status.rawValue, entered: x.when(v.enteredAt),
                         left: v.leftAt.map(x.when) ?? (closing ? "—" : x.t("deal_still_here")), stay: closing ? "—" : x.stay(v.duration(now: now)),
                         who: v.movedByName, current: v.leftAt == nil)
        }
        moves = data.pipeline.activeStages.filter { $0.id != d.stageId }.map { StageChoice(id: $0.id, name: $0.name) }
        canWrite = principal.may(.dealsWrite) && !d.isDeleted
        isOpen = d.status == .open
        flash = done.map { x.t("deal_done_\($0)") }
        errors = x.dealErrors(issues)
        closeForm = CloseForm(reason: form?["reason"] ?? "", competitor: form?["competitor"] ?? "", lost: form?["outcome"] == "lost")
    }
}
