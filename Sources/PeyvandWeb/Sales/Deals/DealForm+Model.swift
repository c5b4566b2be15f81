import Foundation
import PeyvandCore
import PeyvandStore

/// What the new-deal and edit-deal form (`deal-form.mustache`) renders: the customer (or a search
/// for one), the contacts to tick, owner, amount, chance, expected close day, next step, the stage
/// (new deals), and as many product lines as needed, each field as stored or as typed.
struct DealFormModel {
    struct CustomerLink { let id: Int64, name: String }
    struct Contact { let id: Int64, name: String, checked: Bool }
    struct StageGroup { let pipeline: String, stages: [Choice] }
    struct Product { let value: String, label: String, selected: Bool, price: String }
    struct Line { let n: Int, number: String, products: [Product], quantity: String, unitPrice: String, description: String }

    let isNew: Bool
    let action: String
    let dealId: Int64?
    let version: Int
    let heading: String
    let customer: CustomerLink?
    let search: String
    let candidates: [CustomerLink]
    let searched: Bool
    let contacts: [Contact]
    let owners: [Choice]
    let stageGroups: [StageGroup]
    let dealTitle: String
    let amount: String
    let currency: String
    let probability: String
    let expectedClose: String
    let nextStep: String
    let source: String
    let lines: [Line]
    let errors: [FieldError]
}

extension DealFormModel {
    static let maxLines = 100

    /// The line numbers a posted form used (`sku3`, `quantity3`, … → 3), in order.
    static func lineIndices(_ form: FormData) -> [Int] {
        var indices = Set<Int>()
        for (name, _) in form.pairs {
            for prefix in ["sku", "description", "quantity", "unitPrice"] where name.hasPrefix(prefix) {
                if let i = Int(name.dropFirst(prefix.count)), (0..<maxLines).contains(i) { indices.insert(i) }
            }
        }
        return indices.sorted()
    }

    init(_ data: DealFormData, me: Int64, form: FormData?, search: String?, stageId: Int64?, addLine: Bool, issues: [FieldIssue], text x: PageText) {
        let deal = data.deal
        isNew = deal == nil
        dealId = deal?.id
        action = deal.map { "/deals/\($0.id)" } ?? "/deals"
        version = deal?.version ?? 0
        heading = deal == nil ? x.t("deal_new") : x.t("deal_edit")
        customer = data.customer.map { CustomerLink(id: $0.id, name: $0.fields.name) }
        self.search = search ?? ""
        searched = !(search ?? "").trimmingCharacters(in: .whitespaces).isEmpty
        candidates = data.candidates.filter { !$0.isDeleted }.map { CustomerLink(id: $0.id, name: $0.fields.name) }
        let chosen = Set(form.map { $0.pairs.filter { $0.0 == "contact" }.compactMap { Int64($0.1) } } ?? deal?.contacts.map(\.id) ?? [])
        var people = data.people.filter { !$0.isDeleted }.map { Contact(id: $0.id, name: $0.fields.name, checked: chosen.contains($0.id)) }
        for c in deal?.contacts ?? [] where !people.contains(where: { $0.id == c.id }) { people.append(Contact(id: c.id, name: c.name, checked: chosen.contains(c.id))) }
        contacts = people
        let owner: Int64? = if let form { Int64(form["ownerId"] ?? "") } else if let deal { deal.ownerId } else { me }
        owners = data.staff.filter(\.active).map { Choice(value: String($0.id), label: $0.name, selected: $0.id == owner) }
        let stage = form.flatMap { Int64($0["stageId"] ?? "") } ?? stageId
        stageGroups = data.pipelines.map { p in
            StageGroup(pipeline: p.name, stages: p.activeStages.map {
                Choice(value: String($0.id), label: "\($0.name) (\(x.chance($0.probability)))", selected: $0.id == stage)
            })
        }
        dealTitle = form?["title"] ?? deal?.title ?? ""
        amount = form?["amount"] ?? deal.map { $0.amount.majorString } ?? ""
        currency = form?["currency"] ?? deal?.amount.currency.rawValue ?? "IRR"
        probability = form?["probability"] ?? deal?.probabilityOverride.map { String($0.percent) } ?? ""
        expectedClose = form?["expectedClose"] ?? x.dealDayField(deal?.expectedClose)
        nextStep = form?["nextStep"] ?? deal?.nextStep ?? ""
        source = form?["source"] ?? deal?.source ?? ""
        let used = form.map(Self.lineIndices) ?? []
        let stored = deal?.lines ?? []
        let count = min(Self.maxLines, max(1, form == nil ? stored.count : (used.last.map { $0 + 1 } ?? 0)) + (addLine ? 1 : 0))
        let catalogue = data.products.filter(\.active)
        lines = (0..<count).map { i in
            let line = form == nil && i < stored.count ? stored[i] : nil
            let sku = form?["sku\(i)"] ?? line?.sku ?? ""
            return Line(n: i, number: x.number(i + 1),
                        products: catalogue.map { p in
                            Product(value: p.sku, label: "\(p.sku) — \(p.name)", selected: p.sku == sku, price: p.prices.first?.unitPrice.majorString ?? "")
                        },
                        quantity: form?["quantity\(i)"] ?? line.map { x.quantity($0.quantity) } ?? "",
                        unitPrice: form?["unitPrice\(i)"] ?? line.map { $0.unitPrice.majorString } ?? "",
                        description: form?["description\(i)"] ?? (line?.productId == nil ? line?.description ?? "" : ""))
        }
        errors = x.dealErrors(issues)
    }
}
