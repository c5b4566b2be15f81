import Foundation
import PeyvandCore
import PeyvandStore

/// What the case page reads at once: the case, why the customer was angry, the customer's returns
/// (the replacement's choices), who may own it and what the classes' handling did.
struct RecoveryCaseData: Sendable {
    let recoveryCase: RecoveryCase
    let reasons: [SatisfactionReason]
    let returns: [RecoveryCases.ReturnChoice]
    let owners: [(id: Int64, name: String)]
    let actions: [RecoveryCases.Action]

    static func read(_ cases: RecoveryCases, id: Int64, by principal: Principal) async throws -> RecoveryCaseData {
        let c = try await cases.get(id, by: principal)
        async let reasons = cases.reasons(of: c)
        async let returns = cases.returns(customerId: c.customerId)
        async let owners = cases.owners()
        async let actions = cases.actions(customerId: c.customerId)
        return RecoveryCaseData(recoveryCase: c, reasons: try await reasons, returns: try await returns, owners: try await owners,
                                actions: try await actions)
    }
}

/// What `recovery-case.mustache` renders.
struct RecoveryCaseModel {
    struct Line { let label: String, value: String }
    let id: Int64
    let number: String
    let status: String
    let statusKey: String
    let isOpen: Bool
    let canManage: Bool
    let urgent: Bool
    let customer: String
    let customerId: Int64
    let ticketId: Int64?
    let ticket: String?
    let classBefore: String
    let classBeforeKey: String
    let classAfter: String?
    let classAfterKey: String
    let facts: [Line]
    let reasons: [String]
    let cause: String
    let remedy: String
    let outcome: String
    let kinds: [Choice]
    let amount: String
    let currency: String
    let points: String
    let returns: [Choice]
    let replacementOrderId: Int64?
    let owners: [Choice]
    let actions: [Line]
    let version: Int
    let errors: [FieldError]
    let flash: String?
}

extension RecoveryCaseModel {
    init(_ data: RecoveryCaseData, principal: Principal, form: FormData?, issues: [FieldIssue], saved: String?, baseCurrency: String, text x: PageText) {
        let c = data.recoveryCase
        let lang = x.lang.rawValue
        id = c.id; number = x.digits(c.number); status = x.t("recovery_status_\(c.status.rawValue)"); statusKey = c.status.rawValue
        isOpen = c.status == .open; canManage = principal.may(.recoveryManage) && c.status == .open; urgent = c.priority == "urgent"
        customer = c.customerName; customerId = c.customerId; ticketId = c.ticketId
        ticket = c.ticketNumber.map { x.digits($0) + (c.ticketSubject.map { " · " + $0 } ?? "") }
        classBefore = c.classBefore?.label(language: lang) ?? x.t("recovery_no_class"); classBeforeKey = c.classBefore?.rawValue ?? "none"
        classAfter = c.measuredAt == nil ? nil : (c.classAfter?.label(language: lang) ?? x.t("recovery_no_class"))
        classAfterKey = c.classAfter?.rawValue ?? "none"
        var facts = [Line(label: x.t("recovery_f_opened"), value: x.when(c.openedAt)),
                     Line(label: x.t("recovery_f_owner"), value: c.ownerName ?? x.t("recovery_no_owner")),
                     Line(label: x.t("recovery_f_priority"), value: x.t("recovery_priority_\(c.priority == "urgent" ? "urgent" : "normal")"))]
        if let closed = c.closedAt { facts.append(Line(label: x.t("recovery_f_closed"), value: x.when(closed))) }
        if let measured = c.measuredAt { facts.append(Line(label: x.t("recovery_f_measured"), value: x.when(measured))) }
        if c.status != .open {
            if let comp = Self.compensation(c, text: x) { facts.append(Line(label: x.t("recovery_f_compensation"), value: comp)) }
            if let outcome = c.outcome { facts.append(Line(label: x.t("recovery_f_outcome"), value: outcome)) }
        }
        self.facts = facts
        reasons = data.reasons.map { Self.reason($0, text: x) }
        cause = form?["cause"] ?? c.cause ?? ""
        remedy = form?["remedy"] ?? c.remedy ?? ""
        outcome = form?["outcome"] ?? c.outcome ?? ""
        let kind = form?["compensationKind"] ?? c.compensationKind.rawValue
        kinds = CompensationKind.allCases.map { Choice(value: $0.rawValue, label: x.t("recovery_comp_\($0.rawValue)"), selected: $0.rawValue == kind) }
        amount = form?["compensationAmount"] ?? c.compensationAmount.map { x.digits($0.majorString) } ?? ""
        let named = x.t("recovery_currency_\(baseCurrency)")
        currency = named == "recovery_currency_\(baseCurrency)" ? baseCurrency : named
        points = form?["compensationPoints"] ?? c.compensationPoints.map { x.digits(String($0)) } ?? ""
        let chosenReturn = form?["returnId"] ?? c.returnId.map(String.init) ?? ""
        returns = [Choice(value: "", label: x.t("recovery_choose_return"), selected: chosenReturn.isEmpty)] + data.returns.map { r in
            let qty = x.digits(String(r.quantityMilli / 1000) + (r.quantityMilli % 1000 == 0 ? "" : "." + String(String(r.quantityMilli % 1000 + 1000).dropFirst())))
            return Choice(value: String(r.id), label: "#\(x.digits(String(r.id))) · \(r.description) × \(qty) · \(x.when(r.returnedAt))",
                          selected: String(r.id) == chosenReturn)
        }
        replacementOrderId = c.replacementOrderId
        let owner = form?["ownerId"] ?? c.ownerId.map(String.init) ?? ""
        owners = data.owners.map { Choice(value: String($0.id), label: $0.name, selected: String($0.id) == owner) }
        actions = data.actions.map { a in
            Line(label: x.when(a.at), value: x.t("recovery_action_\(a.action)") + (a.status == "skipped"
                ? " — " + x.t("recovery_skipped") + (a.detail.map { ": " + x.t("recovery_skip_\($0)") } ?? "") : ""))
        }
        version = c.version
        errors = x.fieldErrorList(issues, labelled: true)
        flash = saved.map { x.t("recovery_saved_\($0)") }
    }

    static func compensation(_ c: RecoveryCase, text x: PageText) -> String? {
        switch c.compensationKind {
        case .none: return nil
        case .discount: return x.t("recovery_comp_discount") + (c.compensationAmount.map { ": " + x.money($0) } ?? "")
        case .points: return x.t("recovery_comp_points") + (c.compensationPoints.map { ": " + x.digits(String($0)) } ?? "")
        case .replacement: return x.t("recovery_comp_replacement") + (c.replacementOrderId.map { ": #" + x.digits(String($0)) } ?? "")
        }
    }

    /// A reason in the reader's words: the rule, then the scores and the date it matched on.
    static func reason(_ r: SatisfactionReason, text x: PageText) -> String {
        var parts: [String] = []
        if let csat = r.params["csat"] { parts.append(x.t("recovery_csat") + " " + x.digits(csat)) }
        if let nps = r.params["nps"] { parts.append(x.t("recovery_nps") + " " + x.digits(nps)) }
        if let count = r.params["count"] { parts.append(x.t("recovery_reason_count") + " " + x.digits(count)) }
        if let at = r.params["at"].flatMap(ListQuery.parseInstant) { parts.append(x.when(at)) }
        let label = x.t("recovery_rule_" + r.code.replacingOccurrences(of: ".", with: "_"))
        return parts.isEmpty ? label : label + " (" + parts.joined(separator: " · ") + ")"
    }
}
