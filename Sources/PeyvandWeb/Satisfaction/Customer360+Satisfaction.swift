import Foundation
import PeyvandCore
import PeyvandStore

/// The 360 page's "Satisfaction" box: the class as a coloured badge, since when, "why this class"
/// (each reason a sentence with a link to its evidence), the handling of the class, and the
/// recent changes. "Not enough evidence yet" when there is no class.
struct Customer360Satisfaction {
    struct Reason { let text: String; let href: String?; let linkLabel: String? }
    struct Change { let when: String; let text: String; let toKey: String; let cause: String }
    let classKey: String?
    let label: String?
    let since: String?
    let assessed: String?
    let reasons: [Reason]
    let handling: [String]
    let changes: [Change]
    let canAssess: Bool
    let customerId: Int64
}

extension Customer360Satisfaction {
    struct Data: Sendable {
        let current: CustomerSatisfaction?
        let changes: [SatisfactionChange]
        let angry: AngryCustomer?
    }

    static func read(_ database: Database, customer: Customer) async throws -> Data {
        let s = Satisfaction(database)
        async let current = Satisfaction.current(database.sql, customer.id)
        async let changes = s.changesUnchecked(of: customer.id, limit: 5)
        async let angry = s.angry(customer.id)
        return Data(current: try await current, changes: try await changes, angry: try await angry)
    }

    init(_ data: Data?, customer: Customer, principal: Principal, text x: PageText) {
        let current = data?.current
        let c = current?.class
        classKey = c?.rawValue
        label = c.map { x.satisfactionLabel($0) }
        since = c == nil ? nil : current.map { x.t("satisfaction_since").replacingOccurrences(of: "{when}", with: x.when($0.since)) }
        assessed = current.map { x.when($0.assessedAt) }
        reasons = c == nil ? [] : (current?.reasons ?? []).map { r in
            let link = x.satisfactionEvidence(r, customerId: customer.id)
            return Reason(text: x.satisfactionSentence(r), href: link?.href, linkLabel: link?.label)
        }
        handling = c?.handling.map { x.lang == .fa ? $0.persianLabel : $0.englishLabel } ?? []
        changes = (data?.changes ?? []).map {
            Change(when: x.when($0.at), text: x.satisfactionChange(from: $0.from, to: $0.to), toKey: $0.to?.rawValue ?? "none",
                   cause: x.label("satisfaction_cause", $0.cause))
        }
        canAssess = principal.may(.customersWrite) && !customer.isDeleted
        customerId = customer.id
    }
}

extension Customer360Model {
    /// A change of satisfaction class on the timeline, in the reader's language: "Class changed
    /// from Satisfied to Angry", and what made the store look again.
    static func satisfactionEntry(_ e: TimelineEntry, customerId: Int64, _ x: PageText) -> Entry {
        let from = e.detail.flatMap(SatisfactionClass.init(rawValue:))
        let to = SatisfactionClass(rawValue: e.kind)
        let title = x.satisfactionChange(from: from, to: to)
        return Entry(
            id: e.id, source: e.source, kind: "satisfaction-" + e.kind, kindLabel: x.t("satisfaction_title"), isDocument: false,
            orderHref: "/customers/\(e.customerId)#satisfaction", when: x.when(e.at), staff: "", channelLabel: nil, directionLabel: nil,
            title: title, detail: e.outcome.map { x.t("satisfaction_cause") + ": " + x.label("satisfaction_cause", $0) }, outcome: nil,
            duration: nil, cost: nil, otherCustomer: e.customerId != customerId ? e.customerId : nil, reference: nil)
    }
}
