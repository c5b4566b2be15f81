import Foundation
import PeyvandCore
import PeyvandStore

/// What a ticket's page reads, at once: the ticket (first: it decides reach), its thread, its
/// assignment history, the teams and the staff (the hand-on form), the customer's other open
/// tickets (the merge form).
struct TicketData: Sendable {
    let ticket: Ticket
    let messages: [TicketMessage]
    let assignments: [TicketAssignment]
    /// The changed fields of the audit trail (status, priority, category, subject), newest first.
    var changes: [AuditEntry] = []
    let teams: [ServiceTeam]
    let staff: [User]
    let siblings: [Ticket]
    /// The service level: targets and escalations (nil when it could not be read).
    var serviceLevel: TicketServiceLevel? = nil
    /// The ticket's survey, once one was sent.
    var survey: Survey? = nil
    /// The reader may open the customer's documents (the thread's files link to them).
    var canOpenFiles = false
}

struct TicketQueryReader: Sendable {
    let tickets: Tickets
    let teams: ServiceTeams
    let users: UserRepository

    func read(_ id: Int64, by principal: Principal) async throws -> TicketData {
        let ticket = try await tickets.get(id, by: principal)
        async let messages = tickets.messages(id, by: principal)
        async let assignments = tickets.assignments(id, by: principal)
        async let teams = teams.list(by: principal)
        async let staff = users.list(limit: 500).items
        async let siblings = tickets.open(customerId: ticket.customerId, limit: 20, by: principal)
        async let level = tickets.serviceLevel(id, by: principal)
        async let survey = Surveys(tickets.database).forTicket(id, by: principal)
        async let reach = try? CustomerRepository(tickets.database).get(ticket.customerId, by: principal)
        async let history = tickets.history(id, by: principal, limit: 200)
        var data = TicketData(ticket: ticket, messages: try await messages, assignments: try await assignments, teams: try await teams,
                          staff: try await staff, siblings: try await siblings.filter { $0.id != id }, serviceLevel: try await level,
                          survey: try await survey, canOpenFiles: await reach != nil)
        data.changes = try await history.filter { $0.action == "update" && $0.field != nil }
        return data
    }
}

/// What `ticket.mustache` renders.
struct TicketModel {
    struct Fact { let label: String, value: String }
    struct Message {
        let id: Int64, kind: String, isNote: Bool, channel: String, channelIcon: String, author: String, body: String, when: String
        let delivery: String?, deliveryKey: String, mergedFrom: String?
        /// `auto` for what people wrote; the page's direction for the SLA watch's note (in the reader's language).
        var dir = "auto"
        var files: [TicketFile] = []
    }
    struct Assignment { let when: String, to: String, team: String, reason: String, by: String }
    /// A changed field: its label, and the values before and after (labelled; a subject as written).
    struct Change { let when: String, by: String, field: String, before: String, after: String, arrow: String }
    let id: Int64
    let number: String
    let subject: String
    let customer: String
    let customerId: Int64
    let status: String
    let statusKey: String
    let priority: String
    let priorityKey: String
    let facts: [Fact]
    let messages: [Message]
    let assignments: [Assignment]
    let changes: [Change]
    let statuses: [Choice]
    let priorities: [Choice]
    let categories: [Choice]
    let agents: [Choice]
    let teams: [Choice]
    let siblings: [Choice]
    let version: Int
    let mergedInto: String?
    let mergedIntoHref: String?
    let replyTo: String
    let canWrite: Bool
    let canAssign: Bool
    let acceptsMessages: Bool
    let errors: [FieldError]
    let flash: String?
    let body: String
    let noteChecked: Bool
    /// The reply form's limits in words, and in bytes for the page's early check.
    let filesHint: String
    let filesTooLarge: String
    let maxFileBytes = Tickets.maxFileBytes
    let sla: TicketSLABox?
    let survey: SurveyBox?
    /// No survey yet, and the reader may send one by hand.
    let canSendSurvey: Bool
}

extension TicketModel {
    init(_ d: TicketData, principal: Principal, form: FormData?, issues: [FieldIssue], saved: String?, text x: PageText) {
        let t = d.ticket
        id = t.id
        number = x.digits(t.number)
        subject = t.subject
        customer = t.customerName
        customerId = t.customerId
        status = x.label("ticket_status", t.status.rawValue)
        statusKey = t.status.rawValue
        priority = x.label("ticket_priority", t.priority.rawValue)
        priorityKey = t.priority.rawValue
        var facts = [
            Fact(label: x.t("ticket_f_channel"), value: TicketsListModel.icon(t.channel.rawValue) + " " + x.label("ticket_channel", t.channel.rawValue)),
            Fact(label: x.t("ticket_f_category"), value: x.label("ticket_category", t.category.rawValue)),
            Fact(label: x.t("ticket_f_team"), value: t.teamName ?? "—"),
            Fact(label: x.t("ticket_f_assignee"), value: t.assigneeName ?? x.t("tickets_unassigned")),
            Fact(label: x.t("ticket_f_language"), value: x.label("language", t.language.rawValue)),
            Fact(label: x.t("ticket_f_created"), value: x.when(t.createdAt)),
        ]
        if let f = t.firstResponseAt { facts.append(Fact(label: x.t("ticket_f_first_response"), value: x.when(f))) }
        if let r = t.resolvedAt { facts.append(Fact(label: x.t("ticket_f_resolved"), value: x.when(r))) }
        self.facts = facts
        messages = d.messages.map { m in
            // Notes the system writes in both languages: the SLA watch's, and a survey's answer.
            let survey = m.channel == "survey"
            let system = m.channel == "system" || survey
            let kind = survey ? "survey" : system ? "system" : m.isPublic ? (m.direction == .inbound ? "inbound" : "outbound") : "note"
            let channel = survey ? x.t("survey_box_title") : system ? x.t("ticket_channel_system")
                : m.isPublic ? x.label("ticket_channel", m.channel) : x.t("ticket_note_label")
            return Message(id: m.id, kind: kind, isNote: !m.isPublic, channel: channel,
                           channelIcon: TicketsListModel.icon(survey ? "survey" : system ? "system" : m.isPublic ? m.channel : "note"),
                           author: m.direction == .inbound ? t.customerName : (m.authorName ?? x.t("ticket_system")),
                           body: system ? Self.systemNote(m.body, x.lang) : m.body,
                           when: x.when(m.createdAt), delivery: m.deliveryStatus.map { x.label("delivery", $0) }, deliveryKey: m.deliveryStatus ?? "",
                           mergedFrom: m.mergedFromId.map { x.t("ticket_merged_from").replacingOccurrences(of: "{id}", with: x.number(Int($0))) },
                           dir: system ? (x.lang == .fa ? "rtl" : "ltr") : "auto",
                           files: m.attachments.map { TicketFile($0, canOpen: d.canOpenFiles, text: x) })
        }
        assignments = d.assignments.map { a in
            Assignment(when: x.when(a.at), to: a.toUserName ?? x.t("tickets_unassigned"), team: a.toTeamName ?? "",
                       reason: a.reason.hasPrefix("rule: ") ? x.t("ticket_by_rule") + " " + a.reason.dropFirst(6) : Self.reason(a.reason, x),
                       by: a.byName ?? x.t("ticket_system"))
        }
        changes = d.changes.map { e in
            let field = e.field ?? ""
            func value(_ v: String?) -> String {
                guard let v, !v.isEmpty else { return "—" }
                return ["status", "priority", "category"].contains(field) ? x.label("ticket_" + field, v) : v
            }
            return Change(when: x.when(e.at), by: e.actorName ?? x.t("ticket_system"), field: x.t("ticket_f_" + field),
                          before: value(e.before), after: value(e.after), arrow: x.lang == .fa ? "←" : "→")
        }
        statuses = TicketStatus.settable.map { x.choice($0.rawValue, "ticket_status", selected: t.status == $0) }
        priorities = TicketPriority.allCases.map { x.choice($0.rawValue, "ticket_priority", selected: t.priority == $0) }
        categories = TicketCategory.allCases.map { x.choice($0.rawValue, "ticket_category", selected: t.category == $0) }
        agents = [Choice(value: "", label: x.t("ticket_assign_by_team"), selected: false)]
            + d.staff.filter { $0.active && AccessPolicy.allows($0.role, .ticketsWrite) }
                .map { Choice(value: String($0.id), label: $0.name, selected: $0.id == t.assigneeId) }
        teams = [Choice(value: "", label: x.t("ticket_keep_team"), selected: false)]
            + d.teams.map { Choice(value: String($0.id), label: $0.name, selected: false) }
        siblings = d.siblings.map { Choice(value: String($0.id), label: x.digits($0.number) + " — " + $0.subject, selected: false) }
        version = t.version
        mergedInto = t.mergedIntoId.map { x.number(Int($0)) }
        mergedIntoHref = t.mergedIntoId.map { "/tickets/\($0)" }
        replyTo = t.channel.contactChannel.flatMap { [.email, .sms, .messenger].contains($0) ? x.label("ticket_channel", $0.rawValue) : nil }
            ?? x.t("ticket_reply_preferred")
        canWrite = principal.may(.ticketsWrite)
        canAssign = principal.may(.ticketsAssign)
        acceptsMessages = t.status != .merged && t.status != .closed
        errors = x.fieldErrorList(issues, labelled: true) { issue in
            // A refused file is named, isolated, so the agent knows which of several it was.
            issue.params?["filename"].map { "\u{2068}" + $0 + "\u{2069}: " + x.views.issueText(issue, x.lang) }
        }
        flash = saved.map { x.t("ticket_saved_\($0)") }
        body = form?["body"] ?? ""
        noteChecked = form?["visibility"] == "internal"
        filesHint = x.t("ticket_files_hint").replacingOccurrences(of: "{max}", with: x.number(Tickets.maxFiles))
            .replacingOccurrences(of: "{mb}", with: x.number(Tickets.maxFileBytes >> 20))
        filesTooLarge = x.views.issueText(TicketReplyForm.tooLarge, x.lang)
        sla = d.serviceLevel.flatMap { TicketSLABox($0, text: x) }
        survey = d.survey.map { SurveyBox($0, text: x) }
        canSendSurvey = d.survey == nil && canWrite && t.status != .merged
    }

    /// The SLA watch writes its note in Persian, then English on the next line: the reader's line.
    static func systemNote(_ body: String, _ lang: Language) -> String {
        let lines = body.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        guard lines.count == 2 else { return body }
        // The Persian line in Persian digits, as every number on a Persian page.
        return lang == .fa ? PersianText.persianDigits(String(lines[0])) : String(lines[1])
    }

    /// Reasons the system writes, in the reader's language; what a person typed, as typed.
    static func reason(_ reason: String, _ x: PageText) -> String {
        switch reason {
        case "chosen when opened": x.t("ticket_reason_opened")
        case "default team": x.t("ticket_reason_default")
        default: reason
        }
    }
}

/// The ticket page's service-level box: each target's due instant (the reader's calendar and
/// digits, Tehran time), its state in words and colour, and the escalations made.
struct TicketSLABox {
    struct Target { let key: String, name: String, due: String?, met: String?, state: String, stateKey: String }
    struct Escalation { let when: String, target: String, level: String, levelKey: String, to: String }
    let policy: String?
    let targets: [Target]
    let escalations: [Escalation]

    init?(_ level: TicketServiceLevel, text x: PageText) {
        guard level.policy != nil || !level.escalations.isEmpty else { return nil }
        policy = level.policy.map { ServiceLevelModel.policyName($0.name, x) + " · " + x.label("ticket_priority", $0.priority) }
        let zone = x.t("sla_tehran_time")
        targets = level.targets.map { t in
            let state: String = switch t.state {
            case .running: t.businessMinutesLeft.map { x.t("sla_state_running_left").replacingOccurrences(of: "{left}", with: x.workingTime(max(0, $0))) }
                ?? x.t("sla_state_running")
            default: x.t("sla_state_\(t.state.rawValue.replacingOccurrences(of: "-", with: "_"))")
            }
            return Target(key: t.target.rawValue, name: x.t("sla_target_\(t.target.rawValue.replacingOccurrences(of: "-", with: "_"))"),
                          due: t.dueAt.map { x.when($0) + " " + zone }, met: t.metAt.map(x.when), state: state, stateKey: t.state.rawValue)
        }
        escalations = level.escalations.map { e in
            Escalation(when: x.when(e.at), target: x.t("sla_target_\(e.target.rawValue.replacingOccurrences(of: "-", with: "_"))"),
                       level: x.t("sla_level_\(e.level.rawValue)"), levelKey: String(e.level.rawValue), to: e.toName ?? "—")
        }
    }
}


/// A survey as staff read it (the ticket page's box, the survey list's rows): when and how it
/// went out, and the answer with its scores — or that none came yet, or the link expired.
struct SurveyBox {
    let id: Int64
    let state: String
    let stateLabel: String
    let occasion: String
    let sent: String?
    let channel: String?
    let delivery: String?
    let deliveryKey: String
    let expires: String
    let answered: String?
    let csat: String?
    let nps: String?
    let csatKey: String
    let npsKey: String
    let comment: String?
    let customer: String
    let customerId: Int64
    let about: String?
    let aboutHref: String?

    init(_ s: Survey, text x: PageText) {
        id = s.id
        state = s.isAnswered ? "answered" : s.isExpired() ? "expired" : "waiting"
        stateLabel = x.t("survey_state_\(state)")
        occasion = x.t("survey_occasion_\(s.occasion.rawValue)")
        sent = s.sentAt.map(x.when)
        channel = s.channel.map { x.label("channel", $0.rawValue) }
        delivery = s.deliveryStatus.map { x.label("delivery", $0) }
        deliveryKey = s.deliveryStatus ?? ""
        expires = x.when(s.expiresAt)
        answered = s.answeredAt.map(x.when)
        csat = s.csat.map { Self.score($0, of: 5, x) }
        nps = s.nps.map { Self.score($0, of: 10, x) }
        csatKey = s.csat.map { $0 <= 2 ? "low" : $0 >= 4 ? "high" : "mid" } ?? ""
        npsKey = s.nps.map { $0 <= 6 ? "low" : $0 >= 9 ? "high" : "mid" } ?? ""
        comment = s.comment
        customer = s.customerName
        customerId = s.customerId
        about = s.ticketNumber.map(x.digits) ?? s.orderId.map { x.t("order") + " #" + x.number(Int($0)) }
        aboutHref = s.ticketId.map { "/tickets/\($0)" } ?? s.orderId.map { "/orders/\($0)" }
    }

    /// "2/5" in English, "۲ از ۵" in Persian (a slash between numbers reads backwards in a right-to-left line).
    static func score(_ score: Int, of max: Int, _ x: PageText) -> String {
        x.t("survey_score_of").replacingOccurrences(of: "{score}", with: x.number(score)).replacingOccurrences(of: "{max}", with: x.number(max))
    }
}
