import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/recovery` (the queue: open cases, mine, all), `/recovery/{id}` (the case: why the customer was
/// angry, cause, remedy, compensation, outcome, close), `POST /recovery` (open one by hand from the
/// 360 page) and `/recovery/nurture` (the nurture list: the customers of class satisfied).
struct RecoveryPages {
    let views: Views
    let cases: RecoveryCases

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("recovery", use: list)
        group.post("recovery", use: create)
        group.get("recovery/nurture", use: nurture)
        group.get("recovery/:id", use: show)
        group.post("recovery/:id", use: update)
        group.post("recovery/:id/close", use: close)
    }

    func text(_ context: AppRequestContext) -> PageText { PageText(views: views, lang: context.language, toman: context.toman) }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.ticketsRead, to: "read recovery cases")
        let p = FormData.query(request)
        let view = p.get("view").flatMap { RecoveryListModel.views.contains($0) ? $0 : nil } ?? "open"
        var query: RecoveryQuery
        do { query = try RecoveryCasesController.query(request, strict: false) } catch let problem as Problem {
            throw HTTPError(.badRequest, message: problem.detail)
        }
        if view == "open" || view == "mine" { query.status = .open }
        if view == "mine" { query.ownerId = principal.userId }
        let page = try await cases.list(query, by: principal)
        let model = RecoveryListModel(page, view: view, customerId: query.customerId, now: Date(), text: text(context))
        return views.page("recovery-list", request, context, title: views.t("recovery_title", context), current: "service", model: model)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let saved = FormData.query(request).get("saved").flatMap { ["created", "saved", "closed"].contains($0) ? $0 : nil }
        return try await render(request, context, id: try RouteID.require(context, resource: "recovery case"), form: nil, issues: [], saved: saved)
    }

    func render(_ request: Request, _ context: AppRequestContext, id: Int64, form: FormData?, issues: [FieldIssue], saved: String? = nil,
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let data = try await RecoveryCaseData.read(cases, id: id, by: principal)
        let model = RecoveryCaseModel(data, principal: principal, form: form, issues: issues, saved: saved, baseCurrency: try await cases.currency(),
                                      text: text(context))
        return views.page("recovery-case", request, context, title: data.recoveryCase.number + " · " + data.recoveryCase.customerName,
                          current: "service", status: status, model: model)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let customer = form["customerId"].flatMap { Int64(PersianText.latinDigits($0)) }
        let ticket = form["ticketId"].flatMap { Int64(PersianText.latinDigits($0)) }
        guard let customer else { throw HTTPError(.badRequest, message: "customerId is required") }
        do {
            let c = try await cases.open(customerId: customer, ticketId: ticket, cause: form["cause"], by: try context.principal())
            return .redirect("/recovery/\(c.id)?saved=created")
        } catch StoreError.conflict {
            // The customer has an open case already: go to it.
            if let open = try await cases.list(RecoveryQuery(status: .open, customerId: customer, limit: 1), by: try context.principal()).items.first {
                return .redirect("/recovery/\(open.id)")
            }
            throw HTTPError(.conflict, message: "the customer already has an open recovery case")
        }
    }

    /// Runs a change from the case page; a refusal re-renders it with the message and what was typed.
    func attempt(_ request: Request, _ context: AppRequestContext, id: Int64, form: FormData, saved: String,
                 _ action: () async throws -> Void) async throws -> Response {
        do {
            try await action()
            return .redirect("/recovery/\(id)?saved=\(saved)")
        } catch StoreError.invalid(let error) {
            return try await render(request, context, id: id, form: form, issues: error.issues, status: .unprocessableContent)
        } catch StoreError.versionMismatch {
            return try await render(request, context, id: id, form: form,
                                    issues: [FieldIssue(field: "version", reason: "changed by someone else", code: "recovery.changed")], status: .conflict)
        } catch StoreError.conflict {
            return try await render(request, context, id: id, form: nil,
                                    issues: [FieldIssue(field: "status", reason: "the case is closed", code: "recovery.closed")], status: .conflict)
        }
    }

    static func version(_ form: FormData) -> Int? { form["version"].flatMap { Int(PersianText.latinDigits($0)) } }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "recovery case")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, id: id, form: form, saved: "saved") {
            var issues: [FieldIssue] = []
            var change = RecoveryCaseChange(cause: form["cause"] ?? "", remedy: form["remedy"] ?? "", outcome: form["outcome"] ?? "")
            change.ownerId = form["ownerId"].flatMap { Int64($0) }
            if let raw = form["compensationKind"] {
                if let kind = CompensationKind(rawValue: raw) { change.compensationKind = kind } else {
                    issues.append(FieldIssue(field: "compensationKind", reason: "unknown", code: "choice.unknown"))
                }
            }
            if change.compensationKind == .discount, let amount = form["compensationAmount"], !amount.trimmingCharacters(in: .whitespaces).isEmpty {
                change.compensationAmount = amount.trimmingCharacters(in: .whitespaces)
            }
            if change.compensationKind == .points, let raw = form["compensationPoints"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
                if let p = Int64(PersianText.latinDigits(raw)) { change.compensationPoints = p } else {
                    issues.append(FieldIssue(field: "compensationPoints", reason: "a whole number", code: "number.range",
                                             params: ["min": "0", "max": "1000000000"]))
                }
            }
            if change.compensationKind == .replacement { change.returnId = form["returnId"].flatMap { Int64($0) } }
            if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
            _ = try await cases.update(id, change, expectedVersion: Self.version(form), by: try context.principal())
        }
    }

    @Sendable func close(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "recovery case")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, id: id, form: form, saved: "closed") {
            guard let result = form["result"], result == "recovered" || result == "not_recovered" else {
                throw StoreError.invalid(ValidationError(field: "result", reason: "recovered or not", code: "choice.unknown"))
            }
            _ = try await cases.close(id, recovered: result == "recovered", outcome: form["outcome"], expectedVersion: Self.version(form),
                                      by: try context.principal())
        }
    }

    @Sendable func nurture(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let after = try ListQuery.after(request, Cursor.decode)
        let page = try await cases.nurtureList(after: after, by: principal)
        let x = text(context)
        let model = NurtureListModel(rows: page.items.map { .init(customerId: $0.customerId, name: $0.name, since: x.when($0.since)) },
                                     next: page.next.map { "/recovery/nurture?after=\($0)" })
        return views.page("recovery-nurture", request, context, title: views.t("nurture_title", context), current: "service", model: model)
    }
}

/// What `recovery-nurture.mustache` renders: the satisfied customers, since when.
struct NurtureListModel {
    struct Row { let customerId: Int64, name: String, since: String }
    let rows: [Row]
    let next: String?
}
