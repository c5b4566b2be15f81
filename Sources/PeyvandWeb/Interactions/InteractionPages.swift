import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// Logging an interaction from the customer 360 page, and removing one.
struct InteractionPages {
    let views: Views
    let interactions: InteractionRepository
    let customerPages: CustomerPages

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("customers/:id/interactions", use: create)
        group.post("interactions/:id/delete", use: delete)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let customerId = try RouteID.require(context, resource: "customer")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        var input = InteractionInput(
            kind: form["kind"], channel: form["channel"], direction: form["direction"], subject: form["subject"], body: form["body"],
            outcome: form["outcome"], costAmount: form["cost"], costCurrency: "IRR")
        var issues: [FieldIssue] = []
        if let when = form["occurredAt"], !when.trimmingCharacters(in: .whitespaces).isEmpty {
            if let date = FormDates.parse(when, timeZone: views.formatting.timeZone) { input.occurredAt = date } else {
                issues.append(FieldIssue(field: "occurredAt", reason: "must be a date such as 2026-11-23 or 1405/09/02", code: "date.format"))
            }
        }
        if let minutes = form["durationMinutes"].map({ PersianText.latinDigits($0).trimmingCharacters(in: .whitespaces) }), !minutes.isEmpty {
            // Checked: a huge number of minutes must be refused, not overflow.
            if let m = Int(minutes), m >= 0, case let (seconds, false) = m.multipliedReportingOverflow(by: 60) {
                input.durationSeconds = String(seconds)
            } else {
                issues.append(FieldIssue(field: "durationMinutes", reason: "must be a whole number", code: "number.whole"))
            }
        }
        do {
            if !issues.isEmpty { throw StoreError.invalid(ValidationError(issues)) }
            _ = try await interactions.create(customerId: customerId, input, by: try context.principal())
            return .redirect("/customers/\(customerId)?logged=1#timeline")
        } catch StoreError.invalid(let error) {
            return try await customerPages.render360(request, context, id: customerId, logForm: form, logIssues: error.issues + issues,
                                                     status: .unprocessableContent)
        }
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "interaction")
        _ = try await FormData.read(request, context, csrf: context.csrf)
        let principal = try context.principal()
        let interaction = try await interactions.get(id, by: principal)
        try await interactions.delete(id, by: principal)
        return .redirect("/customers/\(interaction.customerId)#timeline")
    }
}
