import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// The customer pages: list with search, the customer's page with its audit log, the form to add
/// or edit one, delete and restore. Forms re-render with each message beside its field.
struct CustomerPages {
    let views: Views
    let customers: CustomerRepository
    let users: UserRepository
    let timeline: Timeline

    init(views: Views, customers: CustomerRepository, users: UserRepository, timeline: Timeline) {
        self.views = views
        self.customers = customers
        self.users = users
        self.timeline = timeline
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("customers", use: list)
        group.post("customers/views", use: saveView)
        group.post("customers/views/:id/delete", use: deleteView)
        group.post("customers/:id/relations", use: addRelation)
        group.get("customers/new", use: new)
        group.post("customers", use: create)
        group.get("customers/:id", use: show)
        group.get("customers/:id/edit", use: edit)
        group.post("customers/:id", use: update)
        group.post("customers/:id/delete", use: delete)
        group.post("customers/:id/restore", use: restore)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let p = FormData.query(request)
        if let viewId = p.get("view").flatMap({ Int64($0) }), p.pairs.count == 1 {
            let view = try await SavedViewRepository(customers.database).get(viewId, by: principal)
            return .redirect("/customers?" + (view.filters.isEmpty ? "" : view.filters + "&") + "view=\(viewId)")
        }
        var filterIssues: [FieldIssue] = []
        var query: CustomerQuery
        do { query = try CustomerQuery.parse(p.pairs, timeZone: self.views.formatting.timeZone) } catch {
            filterIssues = error.issues
            query = CustomerQuery(limit: 50)
        }
        let data = try await CustomersListQuery(customers: customers, users: users).read(query, by: principal)
        let model = CustomersListModel(data, query: query, params: p, filterIssues: filterIssues, principal: principal,
                                       text: PageText(views: self.views, lang: context.language, toman: context.toman))
        return self.views.page("customers-list", request, context, title: self.views.t("customers_title", context), current: "customers", model: model)
    }

    @Sendable func saveView(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let filters = form.pairs.filter { SavedViewRepository.filterNames.contains($0.0) }
        do {
            let view = try await SavedViewRepository(customers.database).create(name: form["viewName"] ?? "", filters: filters,
                                                                                shared: form.has("shared"), by: try context.principal())
            return .redirect("/customers?view=\(view.id)")
        } catch StoreError.invalid(let error) {
            throw HTTPError(.unprocessableContent, message: error.issues.map { "\(views.t("view_name", context)): \(views.issueText($0, context.language))" }.joined(separator: "; "))
        }
    }

    @Sendable func addRelation(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "customer")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        guard let kind = form["kind"].flatMap(RelationKind.init(rawValue:)),
              let related = form["relatedId"].flatMap({ Int64(PersianText.latinDigits($0).trimmingCharacters(in: .whitespaces)) }) else {
            throw StoreError.invalid(ValidationError([FieldIssue(field: "relatedId", reason: "enter the customer's number", code: "customer.numberMissing")]))
        }
        try await CustomerRelations(customers.database).add(kind, from: id, to: related, by: try context.principal())
        return .redirect("/customers/\(id)#relations")
    }

    @Sendable func deleteView(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await FormData.read(request, context, csrf: context.csrf)
        try await SavedViewRepository(customers.database).delete(try RouteID.require(context, resource: "saved view"), by: try context.principal())
        return .redirect("/customers")
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await render360(request, context, id: try RouteID.require(context, resource: "customer"), logForm: nil, logIssues: [])
    }

    @Sendable func new(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        guard principal.may(.customersWrite) else { throw StoreError.forbidden(views.t("error_forbidden", context)) }
        var input = CustomerInput()
        if principal.customerScope == .ownedOrShared { input.ownerId = String(principal.userId) }
        // `?phone=` (the screen-pop's "new customer" for an unknown caller) fills in the number.
        if let phone = FormData.query(request).get("phone")?.trimmingCharacters(in: .whitespaces), !phone.isEmpty, phone.count <= 40 {
            input.phones = [phone]
        }
        return try await form(request, context, input: input, customerId: nil, version: 0, issues: [], formError: nil)
    }

    @Sendable func edit(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard try context.principal().may(.customersWrite) else { throw StoreError.forbidden(views.t("error_forbidden", context)) }
        let customer = try await customers.get(try RouteID.require(context, resource: "customer"), by: try context.principal())
        if customer.isDeleted { throw StoreError.conflict(views.t("customer_deleted_banner", context)) }
        return try await form(request, context, input: CustomerInput(customer.fields), customerId: customer.id,
                              version: customer.version, issues: [], formError: nil)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let input = Self.input(form)
        let principal = try context.principal()
        if !form.has("confirmDuplicate"), let fields = try? input.validated() {
            let candidates = try await DuplicateFinder(customers.database).candidates(for: fields, by: principal)
            if !candidates.isEmpty {
                return try await self.form(request, context, input: input, customerId: nil, version: 0, issues: [],
                                           formError: views.t("duplicate_warning", context), status: .conflict, duplicates: candidates)
            }
        }
        do {
            let customer = try await customers.create(input, by: principal)
            return .redirect("/customers/\(customer.id)?saved=1")
        } catch StoreError.invalid(let error) {
            return try await self.form(request, context, input: input, customerId: nil, version: 0, issues: error.issues, formError: nil, status: .unprocessableContent)
        }
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "customer")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let input = Self.input(form)
        let version = form["version"].flatMap { Int($0) }
        do {
            _ = try await customers.update(id, with: input, expectedVersion: version, by: try context.principal())
            return .redirect("/customers/\(id)?saved=1")
        } catch StoreError.invalid(let error) {
            return try await self.form(request, context, input: input, customerId: id, version: version ?? 0, issues: error.issues, formError: nil, status: .unprocessableContent)
        } catch StoreError.versionMismatch(let current) {
            return try await self.form(request, context, input: input, customerId: id, version: current, issues: [],
                                       formError: views.t("customer_version_conflict", context), status: .conflict)
        }
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "customer")
        _ = try await FormData.read(request, context, csrf: context.csrf)
        try await customers.delete(id, by: try context.principal())
        return .redirect("/customers/\(id)")
    }

    @Sendable func restore(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "customer")
        _ = try await FormData.read(request, context, csrf: context.csrf)
        _ = try await customers.restore(id, by: try context.principal())
        return .redirect("/customers/\(id)")
    }

    // MARK: - form

    /// The form's fields as the store reads them: one phone or email a line, tags by comma
    /// (Latin or Persian), custom fields as `name=value` lines.
    static func input(_ form: FormData) -> CustomerInput {
        func lines(_ name: String) -> [String] {
            (form[name] ?? "").split(whereSeparator: \.isNewline).map(String.init)
        }
        var custom: [String: String] = [:]
        for line in lines("customFields") {
            let parts = line.split(separator: "=", maxSplits: 1)
            let key = parts.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if key.isEmpty && parts.count < 2 { continue }
            custom[key] = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        }
        return CustomerInput(
            kind: form["kind"], name: form["name"], givenName: form["givenName"], familyName: form["familyName"],
            phones: lines("phones"), emails: lines("emails"), city: form["city"], stage: form["stage"],
            ownerId: form["ownerId"], tags: (form["tags"] ?? "").split(whereSeparator: { $0 == "," || $0 == "،" }).map(String.init),
            customFields: custom, preferredChannel: form["preferredChannel"].flatMap { $0.isEmpty ? nil : $0 },
            consents: Dictionary(uniqueKeysWithValues: Consents.channels.map { ($0, form.has("consent_\($0)")) }),
            organisationId: form["organisationId"], jobTitle: form["jobTitle"]
        )
    }

    private func form(_ request: Request, _ context: AppRequestContext, input: CustomerInput, customerId: Int64?, version: Int,
                      issues: [FieldIssue], formError: String?, status: HTTPResponse.Status = .ok,
                      duplicates: [DuplicatePair] = []) async throws -> Response {
        let staff = try await users.list(limit: 500).items
        let model = CustomerFormModel(input: input, customerId: customerId, version: version, issues: issues, formError: formError,
                                      duplicates: duplicates, staff: staff, text: PageText(views: views, lang: context.language, toman: context.toman))
        return views.page("customer-form", request, context, title: model.formTitle, current: "customers", status: status, model: model)
    }
}
