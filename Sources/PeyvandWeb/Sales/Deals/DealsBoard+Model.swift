import Foundation
import PeyvandCore
import PeyvandStore

/// What the board (`deals-board.mustache`) renders: the pipeline switcher, the filters as typed,
/// a column per stage with its count and total and its cards, each card with the other stages to
/// move it to (the form that works without the script, and by keyboard).
struct DealsBoardModel {
    struct StageChoice { let id: Int64, name: String }
    struct Card {
        let id: Int64, title: String, customerId: Int64, customer: String, amount: String, amountBase: Int64, close: String?, owner: String?
        let version: Int, stageId: Int64, moves: [StageChoice], overdue: Bool
    }
    struct Column {
        let stageId: Int64, name: String, position: String, probability: String, count: String, countValue: Int, total: String, totalMinor: Int64
        let cards: [Card], more: String?
    }

    let pipelineId: Int64?
    let pipelineName: String
    let pipelines: [Choice]
    let owners: [Choice]
    let closeFrom: String
    let closeTo: String
    let filtered: Bool
    let columns: [Column]
    let canWrite: Bool
    let canConfigure: Bool
    let notice: String?
    let errors: [FieldError]
    let query: String
    /// How the script writes a column's total after a move: the unit, whether Rials are shown as
    /// Toman, and the currency's decimal places.
    let unit: String
    let toman: Bool
    let places: Int
}

extension DealsBoardModel {
    init(_ data: DealsBoardData, principal: Principal, params: FormData, ownerId: Int64?, issues: [FieldIssue], notice: String?, text x: PageText) {
        let board = data.board
        pipelineId = board?.pipeline.id
        pipelineName = board?.pipeline.name ?? ""
        pipelines = data.pipelines.map { Choice(value: String($0.id), label: $0.name, selected: $0.id == board?.pipeline.id) }
        owners = data.staff.filter(\.active).map { Choice(value: String($0.id), label: $0.name, selected: $0.id == ownerId) }
        closeFrom = params.get("closeFrom") ?? ""
        closeTo = params.get("closeTo") ?? ""
        filtered = ownerId != nil || !closeFrom.isEmpty || !closeTo.isEmpty
        canWrite = principal.may(.dealsWrite)
        canConfigure = principal.may(.salesConfigure)
        self.notice = notice
        errors = x.dealErrors(issues)
        var kept = params.pairs.filter { ["owner", "closeFrom", "closeTo"].contains($0.0) && !$0.1.isEmpty }
        if let id = board?.pipeline.id { kept.append(("pipeline", String(id))) }
        var c = URLComponents()
        c.queryItems = kept.map { URLQueryItem(name: $0.0, value: $0.1) }
        query = c.percentEncodedQuery ?? ""
        let today = JalaliDate(Date(), timeZone: x.views.formatting.timeZone)
        let stages = board?.columns.map { StageChoice(id: $0.stage.id, name: $0.stage.name) } ?? []
        let listBase = "/deals/list?status=open" + (query.isEmpty ? "" : "&" + query)
        columns = (board?.columns ?? []).enumerated().map { n, column in
            Column(stageId: column.stage.id, name: column.stage.name, position: x.number(n + 1), probability: x.chance(column.stage.probability),
                   count: x.number(column.count), countValue: column.count, total: x.money(column.total), totalMinor: column.total.minorUnits,
                   cards: column.cards.map { d in
                       Card(id: d.id, title: d.title, customerId: d.customerId, customer: d.customerName, amount: x.money(d.amount),
                            amountBase: d.amountBase.minorUnits, close: d.expectedClose.map(x.dealDay), owner: d.ownerName, version: d.version,
                            stageId: d.stageId, moves: stages.filter { $0.id != d.stageId }, overdue: d.expectedClose.map { $0 < today } ?? false)
                   },
                   more: column.next == nil ? nil : listBase + "&stage=\(column.stage.id)")
        }
        let currency = board?.currency ?? .irr
        unit = x.unitLabel(currency)
        toman = x.toman && currency == .irr
        places = currency.minorUnitDigits
    }
}
