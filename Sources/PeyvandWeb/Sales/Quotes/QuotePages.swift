import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// Quotes in the browser: the list, a new quote from a deal (or for a customer), the quote page
/// where a draft is changed, printed, sent and its answer recorded, and the print view.
struct QuotePages {
    let views: Views
    let quotes: QuoteRepository
    let customers: CustomerRepository
    let products: ProductRepository
    let settings: QuoteSettingsStore
    let messaging: CustomerMessaging
    let publicURL: String

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("quotes", use: list)
        group.get("quotes/new", use: new)
        group.post("quotes", use: create)
        group.get("quotes/:id", use: show)
        group.get("quotes/:id/edit", use: edit)
        group.post("quotes/:id/edit", use: saveEdit)
        group.get("quotes/:id/print", use: print)
        group.post("quotes/:id/send", use: send)
        group.post("quotes/:id/accept", use: accept)
        group.post("quotes/:id/decline", use: decline)
        group.post("quotes/:id/cancel", use: cancel)
    }

    func text(_ context: AppRequestContext) -> PageText { PageText(views: views, lang: context.language, toman: context.toman) }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let params = FormData.query(request)
        let status = params.get("status").flatMap(QuoteStatus.init(rawValue:))
        let page = try await quotes.list(.init(status: status), after: params.get("after").flatMap(Cursor.decode), limit: 50, by: try context.principal())
        let model = QuotesListModel(page, status: status, text: text(context))
        return views.page("quotes-list", request, context, title: views.t("quotes_title", context), current: "quotes", model: model)
    }

    // MARK: the form

    func productChoices() async throws -> [QuoteFormModel.Product] {
        try await products.list(limit: 500).items.map { QuoteFormModel.Product(value: String($0.id), label: "\($0.sku) — \($0.name)", selected: false) }
    }

    @Sendable func new(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        guard principal.may(.quotesWrite) else { throw StoreError.forbidden(views.t("error_forbidden", context)) }
        return try await newForm(request, context, form: FormData.query(request), posted: nil, issues: [])
    }

    /// The new-quote form: `query` names the deal or customer; `posted` is what came back with problems.
    func newForm(_ request: Request, _ context: AppRequestContext, form query: FormData, posted: FormData?, addLine: Bool = false,
                 issues: [FieldIssue], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let settings = try await self.settings.read()
        let today = Tehran.day(of: Date())
        var start: QuoteFormModel.Start
        if let raw = query.get("deal") ?? posted?["dealId"], let dealId = Int64(raw), dealId > 0 {
            let deal = try await quotes.dealSource(dealId, by: principal)
            start = .init(customerId: deal.customerId, customerName: deal.customerName, dealId: dealId, dealTitle: deal.title, currency: deal.currency,
                          lines: deal.lines, validUntil: today.adding(days: settings.validDays), taxRate: settings.taxRate, language: "fa")
        } else if let raw = query.get("customer") ?? posted?["customerId"], let customerId = Int64(raw), customerId > 0 {
            let customer = try await customers.get(customerId, by: principal)
            start = .init(customerId: customerId, customerName: customer.fields.name, dealId: nil, dealTitle: nil,
                          currency: try await products.orderDefaults().currency, lines: [], validUntil: today.adding(days: settings.validDays),
                          taxRate: settings.taxRate, language: "fa")
        } else {
            throw StoreError.notFound(entity: "deal", id: query.get("deal") ?? "")
        }
        start.language = context.language.rawValue
        let x = text(context)
        let model = QuoteFormModel(action: "/quotes", heading: x.t("quote_new"), start: start, products: try await productChoices(), form: posted,
                                   addLine: addLine, issues: issues, text: x)
        return views.page("quote-form", request, context, title: x.t("quote_new"), current: "quotes", status: status, model: model)
    }

    /// The quote's fields as posted; problems with the form itself (a day that is not a day) go to `issues`.
    func input(_ form: FormData, issues: inout [FieldIssue]) -> (validUntil: JalaliDate?, lines: [OrderLineInput]) {
        func value(_ name: String) -> String? { form[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        var validUntil: JalaliDate?
        if let text = value("validUntil") {
            if let date = FormDates.parse(text, timeZone: views.formatting.timeZone) { validUntil = JalaliDate(date, timeZone: views.formatting.timeZone) } else {
                issues.append(FieldIssue(field: "validUntil", reason: "must be a date such as 2026-11-23 or 1405/09/02", code: "date.format"))
            }
        }
        var lines: [OrderLineInput] = []
        for i in QuoteFormModel.lineIndices(form) {
            let product = value("product\(i)").flatMap { Int64($0) }
            let description = value("description\(i)")
            guard product != nil || description != nil else { continue }
            lines.append(OrderLineInput(productId: product, description: description, quantity: PersianText.latinDigits(value("quantity\(i)") ?? ""),
                                        unitPrice: value("unitPrice\(i)").map(PersianText.latinDigits),
                                        discount: value("discount\(i)").map(PersianText.latinDigits)))
        }
        return (validUntil, lines)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        if form.has("addLine") { return try await newForm(request, context, form: FormData(""), posted: form, addLine: true, issues: []) }
        var issues: [FieldIssue] = []
        let (validUntil, lines) = input(form, issues: &issues)
        let input = QuoteInput(dealId: form["dealId"].flatMap { Int64($0) }, customerId: form["dealId"].flatMap { Int64($0) } == nil ? form["customerId"].flatMap { Int64($0) } : nil,
                               language: form["language"], validUntil: validUntil, taxRate: form["taxRate"].map(PersianText.latinDigits),
                               notes: form["notes"], terms: form["terms"], lines: lines)
        do {
            if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
            let quote = try await quotes.create(input, by: try context.principal())
            return .redirect("/quotes/\(quote.id)?done=created")
        } catch StoreError.invalid(let error) {
            return try await newForm(request, context, form: FormData(""), posted: form, issues: error.issues, status: .unprocessableContent)
        }
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await editForm(request, context, id: try RouteID.require(context, resource: "quote"), posted: nil, issues: [])
    }

    func editForm(_ request: Request, _ context: AppRequestContext, id: Int64, posted: FormData?, addLine: Bool = false, issues: [FieldIssue],
                  status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        guard principal.may(.quotesWrite) else { throw StoreError.forbidden(views.t("error_forbidden", context)) }
        let q = try await quotes.get(id, by: principal)
        let x = text(context)
        let start = QuoteFormModel.Start(
            customerId: q.customerId, customerName: q.customerName, dealId: q.dealId, dealTitle: nil, currency: q.currency,
            lines: q.lines.map { OrderLineInput(productId: $0.productId, description: $0.description, quantity: $0.quantity.description,
                                                unitPrice: $0.unitPrice.majorString, discount: $0.discount.isZero ? nil : $0.discount.majorString) },
            validUntil: q.validUntil, taxRate: q.taxRate, language: q.language, notes: q.notes, terms: q.terms, version: q.version)
        let heading = x.t("quote_edit") + " " + x.digits(q.number)
        let model = QuoteFormModel(action: "/quotes/\(id)/edit", heading: heading, start: start, products: try await productChoices(), form: posted,
                                   addLine: addLine, issues: issues, text: x)
        return views.page("quote-form", request, context, title: heading, current: "quotes", status: status, model: model)
    }

    @Sendable func saveEdit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "quote")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        if form.has("addLine") { return try await editForm(request, context, id: id, posted: form, addLine: true, issues: []) }
        var issues: [FieldIssue] = []
        let (validUntil, lines) = input(form, issues: &issues)
        let patch = QuotePatch(language: form["language"], validUntil: validUntil, taxRate: form["taxRate"].map(PersianText.latinDigits),
                               notes: .some(form["notes"]), terms: .some(form["terms"]), lines: lines)
        do {
            if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
            _ = try await quotes.update(id, patch, expectedVersion: form["version"].flatMap { Int($0) }, by: try context.principal())
            return .redirect("/quotes/\(id)?done=updated")
        } catch StoreError.invalid(let error) {
            return try await editForm(request, context, id: id, posted: form, issues: error.issues, status: .unprocessableContent)
        } catch StoreError.versionMismatch {
            return try await editForm(request, context, id: id, posted: form,
                                      issues: [FieldIssue(field: "version", reason: "changed meanwhile", code: "version.conflict")], status: .conflict)
        }
    }

    // MARK: the quote

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await render(request, context, id: try RouteID.require(context, resource: "quote"), issues: [])
    }

    func render(_ request: Request, _ context: AppRequestContext, id: Int64, issues: [FieldIssue], status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let q = try await quotes.get(id, by: principal)
        let model = QuoteModel(q, principal: principal, done: FormData.query(request).get("done"), issues: issues, text: text(context))
        return views.page("quote", request, context, title: "\(views.t("quote_title", context)) \(model.quote.number)", current: "quotes", status: status, model: model)
    }

    @Sendable func print(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let q = try await quotes.get(try RouteID.require(context, resource: "quote"), by: principal)
        async let settings = self.settings.read()
        async let customer = customers.get(q.customerId, by: principal)
        let x = text(context)
        let model = QuotePrintModel(id: q.id, document: QuoteDocument(q, settings: try await settings, customer: try? await customer, text: x))
        return views.page("quote-print", request, context, title: "\(x.t("quote_title")) \(x.digits(q.number))", current: "quotes", model: model)
    }

    /// Runs an action; a refusal re-renders the quote page with the reason.
    func attempt(_ request: Request, _ context: AppRequestContext, id: Int64, done: String, _ action: () async throws -> Void) async throws -> Response {
        do {
            try await action()
            return .redirect("/quotes/\(id)?done=\(done)")
        } catch StoreError.invalid(let error) {
            return try await render(request, context, id: id, issues: error.issues, status: .unprocessableContent)
        } catch StoreError.conflict(let why) {
            return try await render(request, context, id: id, issues: [FieldIssue(field: "quote", reason: why, code: "quote.refused", params: ["why": why])],
                                    status: .conflict)
        } catch StoreError.versionMismatch {
            return try await render(request, context, id: id, issues: [FieldIssue(field: "version", reason: "changed meanwhile", code: "version.conflict")],
                                    status: .conflict)
        }
    }

    @Sendable func send(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "quote")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let channel = form["channel"].flatMap { $0.isEmpty ? nil : ContactChannel(rawValue: $0) }
        return try await attempt(request, context, id: id, done: "sent") {
            _ = try await quotes.send(id, expectedVersion: form["version"].flatMap { Int($0) }, channel: channel, messaging: messaging,
                                      publicURL: publicURL, by: try context.principal())
        }
    }

    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "quote")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, id: id, done: "accepted") {
            _ = try await quotes.accept(id, expectedVersion: form["version"].flatMap { Int($0) }, by: try context.principal())
        }
    }

    @Sendable func decline(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "quote")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, id: id, done: "declined") {
            _ = try await quotes.decline(id, reason: form["reason"], expectedVersion: form["version"].flatMap { Int($0) }, by: try context.principal())
        }
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "quote")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        return try await attempt(request, context, id: id, done: "cancelled") {
            _ = try await quotes.cancel(id, expectedVersion: form["version"].flatMap { Int($0) }, by: try context.principal())
        }
    }
}
