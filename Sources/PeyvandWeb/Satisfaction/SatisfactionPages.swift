import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// The 360 page's "Reassess now" button: reassesses the customer and goes back to their class.
struct SatisfactionPages {
    let satisfaction: Satisfaction

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("customers/:id/satisfaction/assess", use: assess)
    }

    @Sendable func assess(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "customer")
        _ = try await FormData.read(request, context, csrf: context.csrf)
        try await satisfaction.assess(id, by: try context.principal())
        return .redirect("/customers/\(id)#satisfaction")
    }
}
