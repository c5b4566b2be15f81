import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// Contracts in the browser: the list (and the ending-soon list, `?ending=30`), a new contract from
/// a deal or for a customer, the contract page where it is signed, ended, renewed or cancelled and
/// its documents kept, and its form.
struct ContractPages {
    let views: Views
    let contracts: ContractRepository
    let customers: CustomerRepository
    let documents: DocumentRepository
    let quotes: QuoteRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("contracts", use: list)
        group.get("contracts/new", use: new)
        group.post("contracts", use: create)
        group.get("contracts/:id", use: show)
        group.get("contracts/:id/edit", use: edit)
        group.post("contracts/:id/edit", use: saveEdit)
        group.post("contracts/:id/activate", use: activate)
        group.post("contracts/:id/end", use: end)
        group.post("contracts/:id/cancel", use: cancel)
        group.post("contracts/:id/renew", use: renew)
        group.post("contracts/:id/documents", use: attach)
        group.post("contracts/:id/documents/:document/remove", use: detach)
    }

    func text(_ context: AppRequestContext) -> PageText { PageText(views: views, lang: context.language, toman: context.toman) }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let params = FormData.query(request)
        let principal = try context.principal()
        let status = params.get("status").flatMap(ContractStatus.init(rawValue:))
        let ending = params.get("ending").flatMap { Int(PersianText.latinDigits($0)) }.map { max(0, min($0, 3660)) }
        let page = try await contracts.list(.init(status: ending == nil ? status : nil, endingWithinDays: ending), after: params.get("after").flatMap(Cursor.decode), limit: 50,
                                            by: principal)
        let model = ContractsListModel(page, status: status, ending: ending, canWrite: principal.may(.contractsWrite), text: text(context))
        let title = ending == nil ? views.t("contracts_title", context) : views.t("contracts_ending_title", context)
        return views.page("contracts-list", request, context, title: title, current: "contracts", model: model)
    }

    // MARK: the form

    /// The form with its currency named in the reader's language.
    func labelled(_ model: ContractFormModel, _ x: PageText) -> ContractFormModel {
        var model = model
        let shown = x.money(Money(minorUnits: 0, currency: Currency(rawValue: model.currency)))
        model.currencyLabel = String(shown.split(separator: " ", maxSplits: 1).last ?? Substring(model.currency))
        return model
    }

    func day(_ text: String?, _ field: String, _ issues: inout [FieldIssue]) -> JalaliDate? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let date = FormDates.parse(text, timeZone: views.formatting.timeZone) else {
            issues.append(FieldIssue(field: field, reason: "must be a date such as 2026-11-23 or 1405/09/02", code: "date.format"))
            return nil
        }
        return JalaliDate(date, timeZone: views.formatting.timeZone)
    }

    @Sendable func new(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        guard principal.may(.contractsWrite) else { throw StoreError.forbidden(views.t("error_forbidden", context)) }
        let query = FormData.query(request)
        let x = text(context)
        let today = Tehran.day(of: Date())
        var customerId: Int64, customerName: String, dealId = "", title = "", currency = "IRR", value = ""
        if let raw = query.get("deal"), let id = Int64(raw), id > 0 {
            let deal = try await quotes.dealSource(id, by: principal)
            (customerId, customerName, dealId, title, currency) = (deal.customerId, deal.customerName, String(id), deal.title, deal.currency.rawValue)
        } else if let raw = query.get("customer"), let id = Int64(raw), id > 0 {
            let customer = try await customers.get(id, by: principal)
            (customerId, customerName) = (id, customer.fields.name)
        } else {
            throw StoreError.notFound(entity: "customer", id: query.get("customer") ?? "")
        }
        if dealId.isEmpty { value = "" }
        let model = ContractFormModel(action: "/contracts", heading: x.t("contract_new"), customerId: customerId, customerName: customerName,
                                      dealId: dealId, version: "", title: title, parties: "", value: value, currency: currency,
                                      start: x.views.formatting.day(today, x.lang), end: x.views.formatting.day(today.adding(days: 364), x.lang),
                                      terms: "", notice: x.number(30), isNew: true, activate: false, errors: [])
        return views.page("contract-form", request, context, title: x.t("contract_new"), current: "contracts", model: labelled(model, x))
    }

    func refill(_ request: Request, _ context: AppRequestContext, action: String, heading: String, form: FormData, issues: [FieldIssue],
                status: HTTPResponse.Status) async throws -> Response {
        let x = text(context)
        let customerId = form["customerId"].flatMap { Int64($0) } ?? 0
        let name = (try? await customers.get(customerId, by: try context.principal()).fields.name) ?? ""
        let model = ContractFormModel(action: action, heading: heading, customerId: customerId, customerName: name, dealId: form["dealId"] ?? "",
                                      version: form["version"] ?? "", title: form["title"] ?? "", parties: form["parties"] ?? "",
                                      value: form["value"] ?? "", currency: form["currency"] ?? "IRR", start: form["start"] ?? "", end: form["end"] ?? "",
                                      terms: form["terms"] ?? "", notice: form["notice"] ?? "", isNew: action == "/contracts",
                                      activate: form.has("activate"), errors: x.fieldErrorList(issues, labelled: true))
        return views.page("contract-form", request, context, title: heading, current: "contracts", status: status, model: labelled(model, x))
    }

    func notice(_ form: FormData, _ issues: inout [FieldIssue]) -> Int? {
        guard let raw = form["notice"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        guard let n = Int(PersianText.latinDigits(raw)) else {
            issues.append(FieldIssue(field: "renewalNoticeDays", reason: "must be a whole number from 0 to 365", code: "number.wholeInRange",
                                     params: ["min": "0", "max": "365"]))
            return nil
        }
        return n
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        var issues: [FieldIssue] = []
        let dealId = form["dealId"].flatMap { Int64($0) }
        let input = ContractInput(customerId: form["customerId"].flatMap { Int64($0) }, dealId: dealId, title: form["title"] ?? "",
                                  parties: form["parties"], value: form["value"].map(PersianText.latinDigits), currency: form["currency"],
                                  start: day(form["start"], "start", &issues), end: day(form["end"], "end", &issues), terms: form["terms"],
                                  renewalNoticeDays: notice(form, &issues), activate: form.has("activate"))
        do {
            if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
            let contract = try await contracts.create(input, by: try context.principal())
            return .redirect("/contracts/\(contract.id)?done=created")
        } catch StoreError.invalid(let error) {
            return try await refill(request, context, action: "/contracts", heading: text(context).t("contract_new"), form: form, issues: error.issues,
                                    status: .unprocessableContent)
        }
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        guard principal.may(.contractsWrite) else { throw StoreError.forbidden(views.t("error_forbidden", context)) }
        let c = try await contracts.get(try RouteID.require(context, resource: "contract"), by: principal)
        let x = text(context)
        let heading = x.t("contract_edit") + " " + x.digits(c.number)
        let model = ContractFormModel(action: "/contracts/\(c.id)/edit", heading: heading, customerId: c.customerId, customerName: c.customerName,
                                      dealId: c.dealId.map(String.init) ?? "", version: String(c.version), title: c.title, parties: c.parties ?? "",
                                      value: c.value.majorString, currency: c.value.currency.rawValue, start: x.views.formatting.day(c.start, x.lang),
                                      end: x.views.formatting.day(c.end, x.lang), terms: c.terms ?? "", notice: x.number(c.renewalNoticeDays),
                                      isNew: false, activate: false, errors: [])
        return views.page("contract-form", request, context, title: heading, current: "contracts", model: labelled(model, x))
    }

    @Sendable func saveEdit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "contract")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        var issues: [FieldIssue] = []
        let patch = ContractPatch(title: form["title"] ?? "", parties: .some(form["parties"]), value: form["value"].map(PersianText.latinDigits) ?? "",
                                  start: day(form["start"], "start", &issues), end: day(form["end"], "end", &issues), terms: .some(form["terms"]),
                                  renewalNoticeDays: notice(form, &issues))
        let heading = text(context).t("contract_edit")
        do {
            if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
            _ = try await contracts.update(id, patch, expectedVersion: form["version"].flatMap { Int($0) }, by: try context.principal())
            return .redirect("/contracts/\(id)?done=updated")
        } catch StoreError.invalid(let error) {
            return try await refill(request, context, action: "/contracts/\(id)/edit", heading: heading, form: form, issues: error.issues,
                                    status: .unprocessableContent)
        } catch StoreError.versionMismatch {
            return try await refill(request, context, action: "/contracts/\(id)/edit", heading: heading, form: form,
                                    issues: [FieldIssue(field: "version", reason: "changed meanwhile", code: "version.conflict")], status: .conflict)
        }
    }

    // MARK: the contract

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await render(request, context, id: try RouteID.require(context, resource: "contract"), issues: [])
    }

    func render(_ request: Request, _ context: AppRequestContext, id: Int64, issues: [FieldIssue], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let c = try await contracts.get(id, by: principal)
        let docs = principal.may(.contractsWrite) ? ((try? await documents.list(customerId: c.customerId, by: principal)) ?? []) : []
        let model = ContractModel(c, customerDocuments: docs, principal: principal, done: FormData.query(request).get("done"), issues: issues,
                                  text: text(context))
        return views.page("contract", request, context, title: "\(views.t("contract_title", context)) \(model.contract.number)", current: "contracts",
                          status: status, model: model)
    }

    func attempt(_ request: Request, _ context: AppRequestContext, id: Int64, done: String, _ action: () async throws -> Int64) async throws -> Response {
        do {
            let target = try await action()
            return .redirect("/contracts/\(target)?done=\(done)")
        } catch StoreError.invalid(let error) {
            return try await render(request, context, id: id, issues: error.issues, status: .unprocessableContent)
        } catch StoreError.conflict(let why) {
            return try await render(request, context, id: id, issues: [FieldIssue(field: "contract", reason: why, code: "contract.refused", params: ["why": why])],
                                    status: .conflict)
        } catch StoreError.versionMismatch {
            return try await render(request, context, id: id, issues: [FieldIssue(field: "version", reason: "changed meanwhile", code: "version.conflict")],
                                    status: .conflict)
        }
    }

    @Sendable func activate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "contract")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, id: id, done: "activated") {
            try await contracts.activate(id, expectedVersion: form["version"].flatMap { Int($0) }, by: try context.principal()).id
        }
    }

    @Sendable func end(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "contract")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, id: id, done: "ended") {
            try await contracts.end(id, expectedVersion: form["version"].flatMap { Int($0) }, by: try context.principal()).id
        }
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "contract")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, id: id, done: "cancelled") {
            try await contracts.cancel(id, expectedVersion: form["version"].flatMap { Int($0) }, by: try context.principal()).id
        }
    }

    @Sendable func renew(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "contract")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        var issues: [FieldIssue] = []
        let renewal = ContractRenewal(start: day(form["start"], "start", &issues), end: day(form["end"], "end", &issues),
                                      value: form["value"].map(PersianText.latinDigits).flatMap { $0.isEmpty ? nil : $0 })
        return try await attempt(request, context, id: id, done: "renewed") {
            if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
            return try await contracts.renew(id, renewal, expectedVersion: form["version"].flatMap { Int($0) }, by: try context.principal()).id
        }
    }

    /// Keeps a document with the contract: one of the customer's, or a file uploaded now (stored
    /// with the customer's documents).
    @Sendable func attach(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "contract")
        let principal = try context.principal()
        let form = try await Multipart.read(request, limit: documents.maxSize + 64 * 1024)
        guard let csrf = context.csrf, let given = form.value("_csrf"), Secrets.equal(given, csrf) else {
            throw HTTPError(.forbidden, message: "the form has expired; reload the page and try again")
        }
        return try await attempt(request, context, id: id, done: "attached") {
            let contract = try await contracts.get(id, by: principal)
            var documentId: Int64?
            if let file = form.file("file"), file.size > 0 {
                documentId = try await documents.attach(Array(file.data), filename: file.filename ?? "", customerId: contract.customerId, by: principal).id
            } else if let raw = form.value("documentId"), let existing = Int64(raw) {
                documentId = existing
            }
            guard let documentId else {
                throw StoreError.invalid(ValidationError(field: "file", reason: "choose a file or one of the customer's documents", code: "file.missing"))
            }
            return try await contracts.attach(documentId: documentId, to: id, by: principal).id
        }
    }

    @Sendable func detach(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "contract")
        let document = try RouteID.require(context, "document", resource: "document")
        _ = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, id: id, done: "detached") {
            try await contracts.detach(documentId: document, from: id, by: try context.principal()).id
        }
    }
}
