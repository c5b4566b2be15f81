import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/tickets` (the queues: mine, my team's, unassigned, all, with filters), `/tickets/new` (an
/// agent logs a call or a visit, the customer found by name), `/tickets/{id}` (the thread with
/// each message's files, the reply or internal note with files, status, hand-on with a reason, merge).
struct TicketPages {
    let views: Views
    let tickets: Tickets
    let teams: ServiceTeams
    let customers: CustomerRepository
    let users: UserRepository
    /// Where the files of replies and notes are kept (the customer's documents).
    let documents: DocumentRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("tickets", use: list)
        group.get("tickets/new", use: newForm)
        group.post("tickets", use: create)
        group.get("tickets/:id", use: show)
        group.post("tickets/:id/messages", use: addMessage)
        group.post("tickets/:id/status", use: changeStatus)
        group.post("tickets/:id/assignment", use: assign)
        group.post("tickets/:id/merge", use: merge)
        group.post("tickets/:id/survey", use: sendSurvey)
    }

    func text(_ context: AppRequestContext) -> PageText { PageText(views: views, lang: context.language, toman: context.toman) }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        var query: TicketQuery
        do { query = try TicketsController.query(request, strict: false) } catch let problem as Problem {
            throw HTTPError(.badRequest, message: problem.detail)
        }
        // An agent starts on their own queue; "all" is asked for with an empty queue.
        let params = FormData.query(request)
        if !params.has("queue"), principal.may(.ticketsWrite) { query.queue = .mine }
        // `sort=due`: the nearest running due first, paged by its own cursor (`dueAfter`).
        if params.get("sort") == "due" {
            query.sort = .due
            query.after = nil
            if let raw = params.get("dueAfter"), !raw.isEmpty {
                guard let cursor = TicketDueCursor(raw) else { throw HTTPError(.badRequest, message: "dueAfter is not a cursor from this list") }
                query.afterDue = cursor
            }
        }
        let data = try await TicketsListQuery(tickets: tickets, teams: teams).read(query, by: principal)
        var model = TicketsListModel(data, query: query, principal: principal, text: text(context))
        // Satisfaction: an angry customer's tickets are marked.
        if let classes = try? await views.satisfaction?.classes(of: data.page.items.map(\.customerId)) {
            for i in model.rows.indices where classes[model.rows[i].customerId]?.value == .angry { model.rows[i].angry = true }
        }
        return views.page("tickets-list", request, context, title: views.t("tickets_title", context), current: "service", model: model)
    }

    @Sendable func newForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.principal().require(.ticketsWrite, to: "open tickets")
        return try await renderNew(request, context, form: nil, issues: [])
    }

    func renderNew(_ request: Request, _ context: AppRequestContext, form: FormData?, issues: [FieldIssue],
                   status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let query = FormData.query(request)
        var customer: Customer?
        if let raw = form?["customerId"] ?? query.get("customer"), let id = Int64(PersianText.latinDigits(raw)) {
            customer = try? await customers.get(id, by: principal)
        }
        var found: [Customer] = []
        var search = ""
        if customer == nil, let q = query.get("q")?.trimmingCharacters(in: .whitespaces), !q.isEmpty, q.count <= 100 {
            search = q
            found = try await customers.list(CustomerQuery(q: q, limit: 10), by: principal).items
        }
        let model = TicketFormModel(customer: customer, found: found, search: search, form: form, issues: issues, text: text(context))
        return views.page("ticket-form", request, context, title: views.t("ticket_new_title", context), current: "service", status: status, model: model)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let input = TicketInput(customerId: form["customerId"].map(PersianText.latinDigits), subject: form["subject"], body: form["body"],
                                channel: form["channel"], category: form["category"], priority: form["priority"], language: form["language"])
        do {
            let ticket = try await tickets.open(input, by: try context.principal())
            return .redirect("/tickets/\(ticket.id)?saved=created")
        } catch StoreError.invalid(let error) {
            return try await renderNew(request, context, form: form, issues: error.issues, status: .unprocessableContent)
        }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let saved = FormData.query(request).get("saved").flatMap { ["created", "reply", "note", "status", "assigned", "merged", "survey"].contains($0) ? $0 : nil }
        return try await render(request, context, id: try RouteID.require(context, resource: "ticket"), form: nil, issues: [], saved: saved)
    }

    func render(_ request: Request, _ context: AppRequestContext, id: Int64, form: FormData?, issues: [FieldIssue], saved: String? = nil,
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let data = try await TicketQueryReader(tickets: tickets, teams: teams, users: users).read(id, by: principal)
        let model = TicketModel(data, principal: principal, form: form, issues: issues, saved: saved, text: text(context))
        return await views.page("ticket", request, context, title: data.ticket.number + " " + data.ticket.subject, current: "service", status: status,
                                model: model, customerId: data.ticket.customerId)
    }

    /// Runs a change from the ticket's page; a refusal re-renders the page with its message, the reply kept as typed.
    func attempt(_ request: Request, _ context: AppRequestContext, id: Int64, form: FormData, saved: String,
                 _ action: () async throws -> Void) async throws -> Response {
        do {
            try await action()
            return .redirect("/tickets/\(id)?saved=\(saved)")
        } catch StoreError.invalid(let error) {
            return try await render(request, context, id: id, form: form, issues: error.issues, status: .unprocessableContent)
        } catch StoreError.versionMismatch {
            return try await render(request, context, id: id, form: form, issues: [FieldIssue(field: "version", reason: "changed by someone else", code: "version.conflict")],
                                    status: .conflict)
        } catch StoreError.conflict(let why) {
            return try await render(request, context, id: id, form: form, issues: [FieldIssue(field: "status", reason: why, code: "ticket.conflict")],
                                    status: .conflict)
        }
    }

    static func version(_ form: FormData) -> Int? { form["version"].flatMap { Int(PersianText.latinDigits($0)) } }

    /// A reply or a note, with the files chosen (a multipart form); a refused file, or files past
    /// the limit, re-render the page with the reason and store nothing.
    @Sendable func addMessage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "ticket")
        try context.principal().require(.ticketsWrite, to: "answer tickets")
        let reply: TicketReplyForm
        do { reply = try await TicketReplyForm.read(request, context) } catch let error as HTTPError where error.status == .contentTooLarge {
            return try await render(request, context, id: id, form: nil, issues: [TicketReplyForm.tooLarge], status: .contentTooLarge)
        }
        let form = reply.fields
        let isNote = form["visibility"] == "internal"
        return try await attempt(request, context, id: id, form: form, saved: isNote ? "note" : "reply") {
            let files = try reply.files(checkedBy: documents)
            _ = try await tickets.addMessage(id, body: form["body"] ?? "", internal: isNote, files: files, documents: documents,
                                             by: try context.principal())
        }
    }

    @Sendable func changeStatus(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "ticket")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, id: id, form: form, saved: "status") {
            var change = TicketChange()
            var issues: [FieldIssue] = []
            if let raw = form["status"] {
                if let s = TicketStatus(rawValue: raw) { change.status = s } else { issues.append(FieldIssue(field: "status", reason: "unknown", code: "choice.unknown")) }
            }
            if let raw = form["priority"] {
                if let p = TicketPriority(rawValue: raw) { change.priority = p } else { issues.append(FieldIssue(field: "priority", reason: "unknown", code: "choice.unknown")) }
            }
            if let raw = form["category"] {
                if let c = TicketCategory(rawValue: raw) { change.category = c } else { issues.append(FieldIssue(field: "category", reason: "unknown", code: "choice.unknown")) }
            }
            if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
            _ = try await tickets.change(id, change, expectedVersion: Self.version(form), by: try context.principal())
        }
    }

    @Sendable func assign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "ticket")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, id: id, form: form, saved: "assigned") {
            let user = form["assigneeId"].flatMap { Int64($0) }
            let team = form["teamId"].flatMap { Int64($0) }
            _ = try await tickets.assign(id, to: user, team: team, reason: form["reason"] ?? "", expectedVersion: Self.version(form),
                                         by: try context.principal())
        }
    }

    /// Sends the ticket's survey by hand; refused (with the reason on the page) when it has one or
    /// the customer has no channel allowed.
    @Sendable func sendSurvey(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "ticket")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, id: id, form: form, saved: "survey") {
            do { _ = try await Surveys(tickets.database).send(ticketId: id, by: try context.principal()) } catch StoreError.conflict(let why) {
                throw StoreError.invalid(ValidationError(field: "survey", reason: why, code: "survey.exists"))
            }
        }
    }

    @Sendable func merge(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "ticket")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        guard let into = form["intoId"].flatMap({ Int64(PersianText.latinDigits($0)) }) else {
            return try await render(request, context, id: id, form: form, issues: [FieldIssue(field: "intoId", reason: "is required", code: "required")],
                                    status: .unprocessableContent)
        }
        do {
            _ = try await tickets.merge(id, into: into, expectedVersion: Self.version(form), by: try context.principal())
            return .redirect("/tickets/\(into)?saved=merged")
        } catch StoreError.invalid(let error) {
            return try await render(request, context, id: id, form: form, issues: error.issues, status: .unprocessableContent)
        } catch StoreError.conflict(let why) {
            return try await render(request, context, id: id, form: form, issues: [FieldIssue(field: "status", reason: why, code: "ticket.conflict")],
                                    status: .conflict)
        } catch StoreError.versionMismatch {
            return try await render(request, context, id: id, form: form, issues: [FieldIssue(field: "version", reason: "changed by someone else", code: "version.conflict")],
                                    status: .conflict)
        }
    }
}

/// What `ticket-form.mustache` renders: a customer search until one is chosen, then the form.
struct TicketFormModel {
    struct Found { let name: String, href: String }
    let customerId: String?
    let customerName: String?
    let found: [Found]
    let search: String
    let chooseCustomer: Bool
    let subject: String
    let body: String
    let channels: [Choice]
    let categories: [Choice]
    let priorities: [Choice]
    let languages: [Choice]
    let errors: [FieldError]
}

extension TicketFormModel {
    init(customer: Customer?, found: [Customer], search: String, form: FormData?, issues: [FieldIssue], text x: PageText) {
        customerId = customer.map { String($0.id) }
        customerName = customer?.fields.name
        self.found = found.map { Found(name: $0.fields.name, href: "/tickets/new?customer=\($0.id)") }
        self.search = search
        chooseCustomer = customer == nil
        subject = form?["subject"] ?? ""
        body = form?["body"] ?? ""
        let channel = form?["channel"] ?? "phone"
        channels = ["phone", "visit", "email", "sms", "messenger", "web"].map { x.choice($0, "ticket_channel", selected: $0 == channel) }
        let category = form?["category"] ?? "question"
        categories = TicketCategory.allCases.map { x.choice($0.rawValue, "ticket_category", selected: $0.rawValue == category) }
        let priority = form?["priority"] ?? "normal"
        priorities = TicketPriority.allCases.map { x.choice($0.rawValue, "ticket_priority", selected: $0.rawValue == priority) }
        let language = form?["language"] ?? x.lang.rawValue
        languages = Language.allCases.map { x.choice($0.rawValue, "language", selected: $0.rawValue == language) }
        errors = x.fieldErrorList(issues, labelled: true)
    }
}
