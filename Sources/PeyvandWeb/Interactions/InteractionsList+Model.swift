import Foundation
import PeyvandCore
import PeyvandStore

/// What the interactions list (`interactions-list.mustache`) renders: one page of interactions,
/// newest first, each linking to its customer's page, and the filters that the next page keeps.
struct InteractionsListModel {
    struct Row {
        let id: Int64, when: String, customerId: Int64, customer: String, kind: String, kindLabel: String
        let channelLabel: String?, directionLabel: String?, subject: String?, staff: String?, outcome: String?
    }

    let rows: [Row]
    let next: String?
    let kinds: [Choice]
    let channels: [Choice]
    let staff: [Choice]
    let from: String
    let to: String
    let active: Bool
    let error: FieldError?
}

extension InteractionsListModel {
    init(_ data: InteractionsListData, filter: InteractionQuery, filterError: String?, params: FormData, text x: PageText) {
        rows = data.page.items.map { item in
            let f = item.interaction.fields
            return Row(id: item.interaction.id, when: x.when(f.occurredAt), customerId: item.interaction.customerId, customer: item.customerName,
                       kind: f.kind.rawValue, kindLabel: x.label("ikind", f.kind.rawValue), channelLabel: f.channel.map { x.label("channel", $0.rawValue) },
                       directionLabel: f.direction.map { x.label("direction", $0.rawValue) }, subject: f.subject.flatMap { $0.isEmpty ? nil : $0 },
                       staff: item.interaction.staffName, outcome: f.outcome.flatMap { $0.isEmpty ? nil : $0 })
        }
        let kept = params.pairs.filter { ["kind", "channel", "staff", "from", "to", "lang"].contains($0.0) && !$0.1.isEmpty }
        if let after = data.page.next {
            var c = URLComponents()
            c.queryItems = (kept + [("after", after)]).map { URLQueryItem(name: $0.0, value: $0.1) }
            next = "/interactions?" + (c.percentEncodedQuery ?? "")
        } else {
            next = nil
        }
        kinds = InteractionKind.allCases.map { x.choice($0.rawValue, "ikind", selected: $0 == filter.kind) }
        channels = ContactChannel.allCases.map { x.choice($0.rawValue, "channel", selected: $0 == filter.channel) }
        staff = data.staff.map { Choice(value: String($0.id), label: $0.name, selected: $0.id == filter.staffId) }
        from = params.get("from") ?? ""
        to = params.get("to") ?? ""
        active = filter.kind != nil || filter.channel != nil || filter.staffId != nil || filter.from != nil || filter.to != nil
        error = filterError.map { FieldError(field: "filters", fieldLabel: nil, message: $0) }
    }
}
