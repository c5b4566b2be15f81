import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// Deals in the browser: the board of a pipeline (cards dragged or moved by keyboard between
/// stages by `deals.js`, a form per card without it), the list, the deal page with its stage
/// history, and the form that creates and edits a deal.
struct DealPages {
    let views: Views
    let deals: Deals
    let pipelines: Pipelines
    let customers: CustomerRepository
    let products: ProductRepository
    let users: UserRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("deals", use: board)
        group.get("deals/list", use: list)
        group.get("deals/new", use: new)
        group.post("deals", use: create)
        group.get("deals/:id", use: show)
        group.get("deals/:id/edit", use: edit)
        group.post("deals/:id", use: update)
        group.post("deals/:id/move", use: move)
        group.post("deals/:id/close", use: close)
        group.post("deals/:id/reopen", use: reopen)
        group.post("deals/:id/delete", use: delete)
        group.post("deals/:id/restore", use: restore)
    }

    func text(_ context: AppRequestContext) -> PageText { PageText(views: views, lang: context.language, toman: context.toman) }

    /// The filters the board and the list share, as typed; a wrong one is left out and said.
    func filter(_ params: FormData, _ x: PageText) -> (DealFilter, [FieldIssue]) {
        var filter = DealFilter(), issues: [FieldIssue] = []
        filter.pipelineId = params.get("pipeline").flatMap { Int64($0) }
        filter.stageId = params.get("stage").flatMap { Int64($0) }
        filter.ownerId = params.get("owner").flatMap { Int64($0) }
        filter.customerId = params.get("customer").flatMap { Int64($0) }
        filter.status = params.get("status").flatMap(DealStatus.init(rawValue:))
        filter.q = params.get("q").flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : String($0.prefix(100)) }
        for field in ["closeFrom", "closeTo"] {
            guard let day = x.parseDealDay(params.get(field)) else {
                issues.append(FieldIssue(field: field, reason: "is not a date", code: "date.invalid"))
                continue
            }
            if field == "closeFrom" { filter.closeFrom = day } else { filter.closeTo = day }
        }
        return (filter, issues)
    }

    @Sendable func board(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let params = FormData.query(request), x = text(context)
        let (filter, issues) = self.filter(params, x)
        let data = try await DealsBoardQuery(pipelines: pipelines, deals: deals, users: users).read(pipelineId: filter.pipelineId, filter, by: principal)
        let notice = params.get("moved").map { x.t("deal_move_\($0 == "conflict" ? "conflict" : "done")") }
        let model = DealsBoardModel(data, principal: principal, params: params, ownerId: filter.ownerId, issues: issues, notice: notice, text: x)
        return views.page("deals-board", request, context, title: views.t("deals_title", context), current: "sales", model: model)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let params = FormData.query(request), x = text(context)
        let (filter, issues) = self.filter(params, x)
        async let page = deals.list(filter, after: params.get("after").flatMap(Cursor.decode), limit: 50, by: principal)
        async let all = pipelines.list(by: principal)
        async let staff = users.list(limit: 500).items
        let model = DealsListModel(try await page, pipelines: try await all, staff: try await staff, filter: filter, params: params,
                                   principal: principal, issues: issues, text: x)
        return views.page("deals-list", request, context, title: views.t("deals_list_title", context), current: "sales", model: model)
    }

    // MARK: - the form

    func form(_ request: Request, _ context: AppRequestContext, dealId: Int64?, form: FormData?, issues: [FieldIssue],
              addLine: Bool = false, status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        guard principal.may(.dealsWrite) else { throw StoreError.forbidden(views.t("error_forbidden", context)) }
        let params = FormData.query(request)
        let search = form?["customerSearch"] ?? params.get("q")
        let customerId = (form?["customerId"] ?? params.get("customer")).flatMap { Int64($0) }
        let data = try await DealFormQuery(deals: deals, pipelines: pipelines, customers: customers, products: products, users: users)
            .read(dealId: dealId, customerId: customerId, search: search, by: principal)
        let model = DealFormModel(data, me: principal.userId, form: form, search: search, stageId: params.get("stage").flatMap { Int64($0) },
                                  addLine: addLine, issues: issues, text: text(context))
        return views.page("deal-form", request, context, title: model.heading, current: "sales", status: status, model: model)
    }

    @Sendable func new(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await form(request, context, dealId: nil, form: nil, issues: [])
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await form(request, context, dealId: try RouteID.require(context, resource: "deal"), form: nil, issues: [])
    }

    /// The deal a posted form describes; a day or chance that does not read is said beside the others.
    func input(_ form: FormData, isNew: Bool, _ x: PageText) -> (DealInput, [FieldIssue]) {
        var issues: [FieldIssue] = []
        func value(_ name: String) -> String? { form[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        var input = DealInput(title: form["title"] ?? "", amount: value("amount"), currency: value("currency"), nextStep: value("nextStep"),
                              source: value("source"))
        input.customerId = value("customerId").flatMap { Int64($0) }
        if isNew { input.stageId = value("stageId").flatMap { Int64($0) } }
        if let owner = value("ownerId") { input.ownerId = Int64(owner) } else { input.clearing.insert("ownerId") }
        if let text = value("probability") {
            do { input.probability = try Probability(text: text).percent } catch { issues += error.issues }
        } else { input.clearing.insert("probability") }
        switch x.parseDealDay(form["expectedClose"]) {
        case nil: issues.append(FieldIssue(field: "expectedClose", reason: "is not a date", code: "date.invalid"))
        case .some(nil): input.clearing.insert("expectedClose")
        case .some(let day?): input.expectedClose = day
        }
        if value("nextStep") == nil { input.clearing.insert("nextStep") }
        if value("source") == nil { input.clearing.insert("source") }
        input.contactIds = form.pairs.filter { $0.0 == "contact" }.compactMap { Int64($0.1) }
        input.lines = DealFormModel.lineIndices(form).compactMap { i in
            let sku = value("sku\(i)"), description = value("description\(i)")
            guard sku != nil || description != nil else { return nil }
            return DealLineInput(sku: sku, description: description, quantity: value("quantity\(i)") ?? "1", unitPrice: value("unitPrice\(i)"))
        }
        if isNew, input.customerId == nil { issues.append(FieldIssue(field: "customerId", reason: "is required", code: "required")) }
        return (input, issues)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        if form.has("addLine") || form.has("find") { return try await self.form(request, context, dealId: nil, form: form, issues: [], addLine: form.has("addLine")) }
        let (input, issues) = self.input(form, isNew: true, text(context))
        guard issues.isEmpty else { return try await self.form(request, context, dealId: nil, form: form, issues: issues, status: .unprocessableContent) }
        do {
            let deal = try await deals.create(input, by: try context.principal())
            return .redirect("/deals/\(deal.id)?done=created")
        } catch StoreError.invalid(let error) {
            return try await self.form(request, context, dealId: nil, form: form, issues: error.issues, status: .unprocessableContent)
        }
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "deal")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        if form.has("addLine") || form.has("find") { return try await self.form(request, context, dealId: id, form: form, issues: [], addLine: form.has("addLine")) }
        let (input, issues) = self.input(form, isNew: false, text(context))
        guard issues.isEmpty else { return try await self.form(request, context, dealId: id, form: form, issues: issues, status: .unprocessableContent) }
        do {
            _ = try await deals.update(id, input, expectedVersion: form["version"].flatMap { Int($0) }, by: try context.principal())
            return .redirect("/deals/\(id)?done=saved")
        } catch StoreError.invalid(let error) {
            return try await self.form(request, context, dealId: id, form: form, issues: error.issues, status: .unprocessableContent)
        } catch StoreError.versionMismatch {
            return try await self.form(request, context, dealId: id, form: form, issues: [FieldIssue(field: "version", reason: "changed meanwhile", code: "version.conflict")],
                                       status: .conflict)
        }
    }

    // MARK: - the deal page and its actions

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await render(request, context, id: try RouteID.require(context, resource: "deal"), issues: [])
    }

    func render(_ request: Request, _ context: AppRequestContext, id: Int64, issues: [FieldIssue], form: FormData? = nil,
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let data = try await DealQuery(deals: deals, pipelines: pipelines).read(id, by: principal)
        let model = DealModel(data, principal: principal, done: FormData.query(request).get("done"), issues: issues, form: form, text: text(context))
        return await views.page("deal", request, context, title: data.deal.title, current: "sales", status: status, model: model,
                                customerId: data.deal.customerId)
    }

    /// Runs an action from the deal page; a refusal shows the page again with the reason.
    func attempt(_ request: Request, _ context: AppRequestContext, id: Int64, done: String, form: FormData? = nil,
                 _ action: () async throws -> Void) async throws -> Response {
        do {
            try await action()
            return .redirect("/deals/\(id)?done=\(done)")
        } catch StoreError.invalid(let error) {
            return try await render(request, context, id: id, issues: error.issues, form: form, status: .unprocessableContent)
        } catch StoreError.conflict(let why) {
            return try await render(request, context, id: id, issues: [FieldIssue(field: "deal", reason: why, code: "deal.refused", params: ["why": why])], status: .conflict)
        } catch StoreError.versionMismatch {
            return try await render(request, context, id: id, issues: [FieldIssue(field: "version", reason: "changed meanwhile", code: "version.conflict")], status: .conflict)
        }
    }

    /// A card's "move to" form (the board without its script) or the deal page's: back to where it was sent from.
    @Sendable func move(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "deal")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let back = form["back"].flatMap { $0.hasPrefix("/deals") && !$0.hasPrefix("//") ? $0 : nil }
        guard let stage = form["stageId"].flatMap({ Int64($0) }) else {
            return try await render(request, context, id: id, issues: [FieldIssue(field: "stageId", reason: "is required", code: "required")], status: .unprocessableContent)
        }
        let version = form["version"].flatMap { Int($0) }
        guard let back else {
            return try await attempt(request, context, id: id, done: "moved") {
                _ = try await deals.move(id, toStage: stage, expectedVersion: version, by: try context.principal())
            }
        }
        let separator = back.contains("?") ? "&" : "?"
        do {
            _ = try await deals.move(id, toStage: stage, expectedVersion: version, by: try context.principal())
            return .redirect(back + separator + "moved=done")
        } catch StoreError.versionMismatch {
            return .redirect(back + separator + "moved=conflict")
        }
    }

    @Sendable func close(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "deal")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let won = form["outcome"] == "won"
        return try await attempt(request, context, id: id, done: won ? "won" : "lost", form: form) {
            _ = try await deals.close(id, won: won, reason: form["reason"], competitor: form["competitor"], expectedVersion: form["version"].flatMap { Int($0) },
                                      by: try context.principal())
        }
    }

    @Sendable func reopen(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "deal")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, id: id, done: "reopened") {
            _ = try await deals.reopen(id, expectedVersion: form["version"].flatMap { Int($0) }, by: try context.principal())
        }
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "deal")
        _ = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, id: id, done: "deleted") { try await deals.delete(id, by: try context.principal()) }
    }

    @Sendable func restore(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "deal")
        _ = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, id: id, done: "restored") { _ = try await deals.restore(id, by: try context.principal()) }
    }
}
