import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/customers/duplicates`: candidate pairs with their score; merge one into the other; undo.
struct DuplicatePages {
    let views: Views
    let finder: DuplicateFinder
    let merges: MergeService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("customers/duplicates", use: list)
        group.post("customers/:id/merge", use: merge)
        group.post("merges/:id/undo", use: undo)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let pairs = try await finder.pairs(limit: 200, by: principal)
        let model = DuplicatesModel(pairs, principal: principal, text: PageText(views: views, lang: context.language, toman: context.toman))
        return views.page("duplicates", request, context, title: views.t("duplicates_title", context), current: "customers", model: model)
    }

    @Sendable func merge(_ request: Request, context: AppRequestContext) async throws -> Response {
        let targetId = try RouteID.require(context, resource: "customer")
        let form = try await FormData.read(request, context, csrf: context.csrf)
        guard let sourceId = form["sourceId"].flatMap({ Int64(PersianText.latinDigits($0)) }) else {
            throw StoreError.invalid(ValidationError([FieldIssue(field: "sourceId", reason: "enter the customer's number", code: "customer.numberMissing")]))
        }
        let record = try await merges.merge(sourceId, into: targetId, by: try context.principal())
        return .redirect("/customers/\(targetId)?merged=\(record.id)")
    }

    @Sendable func undo(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await FormData.read(request, context, csrf: context.csrf)
        let record = try await merges.undo(try RouteID.require(context, resource: "merge"), by: try context.principal())
        return .redirect("/customers/\(record.targetId)?unmerged=\(record.id)")
    }
}
