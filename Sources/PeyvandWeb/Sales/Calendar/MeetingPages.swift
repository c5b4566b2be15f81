import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/meetings/new` (from the calendar or a customer's page), `/meetings/{id}` (details, the
/// overlaps its staff have, change, mark held with what came of it, cancel).
struct MeetingPages {
    let views: Views
    let meetings: MeetingRepository
    let customers: CustomerRepository
    let users: UserRepository
    let database: Database

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("meetings/new", use: new)
        group.post("meetings", use: create)
        group.get("meetings/:id", use: show)
        group.post("meetings/:id", use: update)
        group.post("meetings/:id/held", use: held)
        group.post("meetings/:id/cancel", use: cancel)
    }

    var zone: TimeZone { views.formatting.timeZone }

    @Sendable func new(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await render(request, context, meeting: nil, form: nil, issues: [])
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let meeting = try await meetings.get(try RouteID.require(context, resource: "meeting"), by: try context.principal())
        return try await render(request, context, meeting: meeting, form: nil, issues: [])
    }

    func render(_ request: Request, _ context: AppRequestContext, meeting: Meeting?, form: FormData?, issues: [FieldIssue],
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let principal = try context.principal()
        let query = FormData.query(request)
        var inputs = MeetingPageModel.Inputs(meeting: meeting)
        inputs.staff = try await users.list(limit: 500).items.filter(\.active)
        let customerId = (form?["customerId"] ?? query.get("customer")).flatMap { Int64(PersianText.latinDigits($0)) } ?? meeting?.customerId
        let dealId = (form?["dealId"] ?? query.get("deal")).flatMap { Int64(PersianText.latinDigits($0)) } ?? meeting?.dealId
        let links = try await SalesLinks(database: database).names(customerId: customerId, dealId: dealId, by: principal)
        (inputs.customer, inputs.deal) = (links.customer, links.deal)
        if let customer = links.customer { inputs.contacts = try await meetings.contacts(of: customer.0, by: principal) }
        if let meeting { inputs.overlaps = try await meetings.overlaps(of: meeting) }
        inputs.day = CalendarGrid.parse(query.get("date"), zone: zone) ?? CalendarGrid.day(of: Date(), zone: zone)
        if links.customer == nil, meeting == nil, let q = query.get("q")?.trimmingCharacters(in: .whitespaces), !q.isEmpty, q.count <= 100 {
            inputs.search = q
            inputs.found = try await customers.list(CustomerQuery(q: q, limit: 10), by: principal).items
        }
        // The search's links keep the day asked for.
        let path = "/meetings/new?" + (query.get("date").map { "date=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&" } ?? "")
        let model = MeetingPageModel(inputs, principal: principal, form: form, issues: issues,
                                     text: PageText(views: views, lang: context.language, toman: context.toman), zone: zone, path: path)
        return views.page("meeting", request, context, title: model.heading, current: "calendar", status: status, model: model)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let read = MeetingFormInput(form, zone: zone, organiser: nil)
        do {
            if !read.issues.isEmpty { throw StoreError.invalid(ValidationError(read.issues)) }
            let saved = try await meetings.create(read.input, by: try context.principal())
            return .redirect("/meetings/\(saved.meeting.id)?saved=1")
        } catch StoreError.invalid(let error) {
            let issues = read.issues + error.issues.filter { !read.issues.contains($0) }
            return try await render(request, context, meeting: nil, form: form, issues: issues, status: .unprocessableContent)
        }
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let id = try RouteID.require(context, resource: "meeting")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        let current = try await meetings.get(id, by: principal)
        let read = MeetingFormInput(form, zone: zone, organiser: current.organiserId)
        do {
            if !read.issues.isEmpty { throw StoreError.invalid(ValidationError(read.issues)) }
            _ = try await meetings.update(id, read.input, expectedVersion: form["version"].flatMap { Int($0) }, by: principal)
            return .redirect("/meetings/\(id)?saved=1")
        } catch StoreError.invalid(let error) {
            return try await render(request, context, meeting: current, form: form, issues: error.issues, status: .unprocessableContent)
        } catch StoreError.versionMismatch {
            let issue = FieldIssue(field: "version", reason: "changed by someone else", code: "version.conflict")
            return try await render(request, context, meeting: try await meetings.get(id, by: principal), form: form, issues: [issue], status: .conflict)
        }
    }

    @Sendable func held(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let id = try RouteID.require(context, resource: "meeting")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        do {
            _ = try await meetings.markHeld(id, notes: form["outcome"], by: principal)
        } catch StoreError.invalid(let error) {
            return try await render(request, context, meeting: try await meetings.get(id, by: principal), form: nil, issues: error.issues,
                                    status: .unprocessableContent)
        }
        return .redirect("/meetings/\(id)")
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "meeting")
        _ = try await FormData.read(request, context, csrf: context.csrf)
        _ = try await meetings.cancel(id, by: try context.principal())
        return .redirect("/meetings/\(id)")
    }
}
