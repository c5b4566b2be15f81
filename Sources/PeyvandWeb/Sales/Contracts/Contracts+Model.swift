import Foundation
import PeyvandCore
import PeyvandStore

/// What the contracts list (`contracts-list.mustache`) renders: every contract newest first, or
/// the active ones ending within N days, soonest first, with the days left.
struct ContractsListModel {
    struct Row {
        let id: Int64, number: String, title: String, customerId: Int64, customer: String, status: String, statusLabel: String, value: String
        let start: String, end: String, daysLeft: String?, soon: Bool
    }

    let contracts: [Row]
    let statuses: [Choice]
    let endings: [Choice]
    let ending: String?
    let canWrite: Bool
    let next: String?
}

extension ContractsListModel {
    init(_ page: Page<Contract>, status: ContractStatus?, ending: Int?, canWrite: Bool, text x: PageText) {
        let today = Tehran.day(of: Date())
        contracts = page.items.map { c in
            let left = c.daysLeft(today: today)
            return Row(id: c.id, number: x.digits(c.number), title: c.title, customerId: c.customerId, customer: c.customerName, status: c.status.rawValue,
                       statusLabel: x.label("contract_status", c.status.rawValue), value: x.money(c.value),
                       start: x.views.formatting.day(c.start, x.lang), end: x.views.formatting.day(c.end, x.lang),
                       daysLeft: c.status == .active && left >= 0 ? x.t("contract_days_left").replacingOccurrences(of: "{n}", with: x.number(left)) : nil,
                       soon: c.status == .active && left >= 0 && left <= c.renewalNoticeDays)
        }
        statuses = ContractStatus.allCases.map { x.choice($0.rawValue, "contract_status", selected: $0 == status) }
        endings = [30, 60, 90].map { Choice(value: String($0), label: x.t("contracts_ending_within").replacingOccurrences(of: "{n}", with: x.number($0)),
                                            selected: $0 == ending) }
        self.ending = ending.map { x.t("contracts_ending_within").replacingOccurrences(of: "{n}", with: x.number($0)) }
        self.canWrite = canWrite
        var query = ""
        if let status { query += "&status=\(status.rawValue)" }
        if let ending { query += "&ending=\(ending)" }
        next = page.next.map { "/contracts?after=\($0)" + query }
    }
}

/// What the contract page (`contract.mustache`) renders: the contract, its documents, and what may be done now.
struct ContractModel {
    struct Header {
        let id: Int64, number: String, title: String, status: String, statusLabel: String, customerId: Int64, customerName: String
        let parties: String?, value: String, start: String, end: String, daysLeft: String?, terms: String?, notice: String, reminded: String?
        let owner: String?, renewedFromId: Int64?, renewedToId: Int64?, dealId: Int64?, version: Int
    }
    struct Doc { let id: Int64, filename: String, size: String }
    struct Option { let value: String, label: String }

    let contract: Header
    let documents: [Doc]
    let customerDocuments: [Option]
    let canEdit: Bool
    let canActivate: Bool
    let canEnd: Bool
    let canRenew: Bool
    let canCancel: Bool
    let renewStart: String
    let renewEnd: String
    let renewValue: String
    let flash: String?
    let errors: [FieldError]
}

extension ContractModel {
    init(_ c: Contract, customerDocuments docs: [Document], principal: Principal, done: String?, issues: [FieldIssue], text x: PageText) {
        let day = { (d: JalaliDate) in x.views.formatting.day(d, x.lang) }
        let today = Tehran.day(of: Date())
        let left = c.daysLeft(today: today)
        contract = Header(
            id: c.id, number: x.digits(c.number), title: c.title, status: c.status.rawValue, statusLabel: x.label("contract_status", c.status.rawValue),
            customerId: c.customerId, customerName: c.customerName, parties: c.parties, value: x.money(c.value), start: day(c.start), end: day(c.end),
            daysLeft: c.status == .active && left >= 0 ? x.t("contract_days_left").replacingOccurrences(of: "{n}", with: x.number(left)) : nil,
            terms: c.terms, notice: x.t("contract_notice_days").replacingOccurrences(of: "{n}", with: x.number(c.renewalNoticeDays)),
            reminded: c.renewalRemindedAt.map { x.when($0) }, owner: c.ownerName, renewedFromId: c.renewedFromId, renewedToId: c.renewedToId,
            dealId: c.dealId, version: c.version)
        documents = c.documents.map { Doc(id: $0.id, filename: $0.filename, size: x.fileSize($0.size)) }
        let kept = Set(c.documents.map(\.id))
        customerDocuments = docs.filter { !kept.contains($0.id) }.map { Option(value: String($0.id), label: $0.filename) }
        let writer = principal.may(.contractsWrite)
        canEdit = writer && (c.status == .draft || c.status == .active)
        canActivate = writer && c.status == .draft
        canEnd = writer && c.status == .active
        canRenew = writer && (c.status == .active || c.status == .ended)
        canCancel = writer && (c.status == .draft || c.status == .active)
        let nextStart = c.end.adding(days: 1)
        renewStart = day(nextStart)
        renewEnd = day(nextStart.adding(days: c.end.daysSinceUnixEpoch - c.start.daysSinceUnixEpoch))
        renewValue = c.value.majorString
        flash = done.flatMap { ["created", "updated", "activated", "ended", "renewed", "cancelled", "attached", "detached"].contains($0) ? x.t("contract_done_\($0)") : nil }
        errors = x.fieldErrorList(issues, labelled: true)
    }
}

/// What the contract form (`contract-form.mustache`) renders, new or changed, as typed on a problem.
struct ContractFormModel {
    let action: String
    let heading: String
    let customerId: Int64
    let customerName: String
    let dealId: String
    let version: String
    let title: String
    let parties: String
    let value: String
    let currency: String
    /// The currency as the reader names it (ریال, IRR).
    var currencyLabel: String = ""
    let start: String
    let end: String
    let terms: String
    let notice: String
    let isNew: Bool
    let activate: Bool
    let errors: [FieldError]
}
