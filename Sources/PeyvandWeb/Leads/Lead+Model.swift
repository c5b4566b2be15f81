import Foundation
import PeyvandCore
import PeyvandStore

/// What `lead.mustache` renders: the lead, its score with the rules that made it, the rep's
/// judgement (need, budget, authority, timing), the owner, the conversion form with the customer
/// it will find, the disqualify form, notes and history.
struct LeadModel {
    struct Option { let value: String, label: String, selected: Bool }
    struct Reason { let text: String, points: String }
    struct Flag { let name: String, label: String, checked: Bool }
    struct Note { let body: String, author: String, when: String }
    struct Entry { let when: String, who: String, what: String }
    let id: Int64
    let version: Int
    let leadName: String
    let company: String?
    let email: String?
    let phone: String?
    let phoneLink: String?
    let province: String?
    let city: String?
    let message: String?
    let source: String
    let campaign: String?
    let channel: String
    /// The channel beside the source, unless the source already is the channel.
    let showChannel: Bool
    let status: String
    let statusKey: String
    let owner: String
    let created: String
    let consent: String?
    let disqualifyReason: String?
    let customerLink: String?
    let dealId: String?
    let score: String
    let reasons: [Reason]
    let flags: [Flag]
    let statuses: [Option]
    let owners: [Option]
    let pipelines: [Option]
    /// The existing customers a conversion will join (none: new ones are made).
    let matchContact: String?
    let matchOrganisation: String?
    let matchNone: Bool
    let dealTitle: String
    let amount: String
    let reason: String
    let notes: [Note]
    /// Notes are shown while the lead is open, or when it has some.
    let showNotes: Bool
    let history: [Entry]
    let isOpen: Bool
    let canManage: Bool
    let errors: [FieldError]
    let saved: String?
}

extension LeadModel {
    init(_ d: LeadData, principal: Principal, form: FormData?, issues: [FieldIssue], saved: String?, text x: PageText) {
        let l = d.lead
        (id, version, leadName, company, email) = (l.id, l.version, l.name, l.company, l.email)
        phone = l.phone.map(x.phone)
        phoneLink = l.phone.map(x.phoneLink)
        (province, city, message, campaign) = (l.province, l.city, l.message, l.campaign)
        source = LeadModel.source(l, text: x)
        channel = x.label("lead_channel", l.channel.rawValue)
        showChannel = LeadChannel(rawValue: l.source) == nil
        status = x.label("lead_status", l.status.rawValue)
        statusKey = l.status.rawValue
        owner = l.ownerName ?? x.t("leads_unassigned")
        created = x.when(l.createdAt)
        consent = l.consent ? (l.consentText ?? x.t("lead_consent_given")) : nil
        disqualifyReason = l.disqualifyReason
        customerLink = l.customerId.map { "/customers/\($0)" }
        dealId = l.dealId.map { x.number(Int($0)) }
        score = x.number(l.score)
        let fields = LeadFields(name: l.name, company: l.company, email: l.email, emailKey: l.email?.lowercased(), phone: l.phone,
                                province: l.province, city: l.city, message: l.message, source: l.source, campaign: l.campaign,
                                ownerId: l.ownerId, need: l.need, budget: l.budget, authority: l.authority, timing: l.timing,
                                consent: l.consent, consentText: l.consentText)
        reasons = LeadModel.reasons(d.rules, fields, channel: l.channel, text: x)
        flags = [("need", l.need), ("budget", l.budget), ("authority", l.authority), ("timing", l.timing)].map { name, value in
            let checked = form.map { $0[name] == "yes" } ?? (value == true)
            return Flag(name: name, label: x.t("lead_f_\(name)"), checked: checked)
        }
        let chosenStatus = form?["status"] ?? l.status.rawValue
        statuses = [LeadStatus.new, .working, .qualified].map { Option(value: $0.rawValue, label: x.label("lead_status", $0.rawValue), selected: $0.rawValue == chosenStatus) }
        let chosenOwner = form?["ownerId"] ?? l.ownerId.map(String.init) ?? ""
        owners = [Option(value: "", label: x.t("leads_unassigned"), selected: chosenOwner.isEmpty)]
            + d.staff.filter(\.active).map { Option(value: String($0.id), label: $0.name, selected: String($0.id) == chosenOwner) }
        let chosenPipeline = form?["pipelineId"] ?? ""
        pipelines = d.pipelines.map { Option(value: String($0.id), label: $0.name, selected: String($0.id) == chosenPipeline) }
        matchContact = d.match.contactName
        matchOrganisation = d.match.organisationName
        matchNone = d.match.contactName == nil && d.match.organisationName == nil
        dealTitle = form?["dealTitle"] ?? (l.company ?? l.name)
        amount = form?["amount"] ?? ""
        reason = form?["reason"] ?? ""
        showNotes = l.status.isOpen || !d.notes.isEmpty
        notes = d.notes.map { Note(body: $0.body, author: $0.authorName ?? "", when: x.when($0.createdAt)) }
        history = d.history.map { e in
            Entry(when: x.when(e.at), who: e.actorName ?? "", what: x.t("lead_action_\(e.action)") + (e.field.map { " · " + x.t("lead_f_\($0)") } ?? ""))
        }
        isOpen = l.status.isOpen
        canManage = principal.may(.leadsManage)
        errors = issues.map { FieldError(field: $0.field, fieldLabel: x.t("lead_f_\($0.field)"), message: x.views.issueText($0, x.lang)) }
        self.saved = saved.map { x.t("lead_saved_\($0)") }
    }

    /// The source as typed, or the channel's name when the source is only the channel (`api`, `import`).
    static func source(_ l: Lead, text x: PageText) -> String {
        LeadChannel(rawValue: l.source) != nil ? x.label("lead_channel", l.source) : l.source
    }

    static func reasons(_ rules: [LeadScoringRule], _ f: LeadFields, channel: LeadChannel, text x: PageText) -> [Reason] {
        let keyed = rules.map { (rule: $0, key: $0.value.map(PersianText.searchKey)) }
        return LeadScoringView.matched(keyed, f, channel: channel).map { rule in
            Reason(text: LeadScoringView.describe(rule, text: x), points: (rule.points > 0 ? "+" : "") + x.number(rule.points))
        }
    }
}

/// Scoring rules as the pages say them.
enum LeadScoringView {
    static func matched(_ rules: [(rule: LeadScoringRule, key: String?)], _ f: LeadFields, channel: LeadChannel) -> [LeadScoringRule] {
        LeadScoring.explain(rules, f, channel: channel)
    }

    /// "Budget: given", "Source is «referral»", "Message contains «price»".
    static func describe(_ rule: LeadScoringRule, text x: PageText) -> String {
        let field = x.t("lead_f_\(rule.field.rawValue)")
        switch rule.condition {
        case .present: return field + ": " + x.t("lead_rule_present")
        case .equals, .contains:
            return x.t("lead_rule_\(rule.condition.rawValue)").replacingOccurrences(of: "{field}", with: field)
                .replacingOccurrences(of: "{value}", with: "\u{2068}\(rule.value ?? "")\u{2069}")
        }
    }
}
