import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// The 360 page's "Connect a messenger" box posts here to make a fresh link code, then returns
/// to the box, which shows the code and its deep link.
struct MessengerPages {
    let links: MessengerLinks

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("customers/:id/messenger-link", use: create)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "customer")
        _ = try await FormData.read(request, context, csrf: context.csrf)
        _ = try await links.createCode(for: id, by: try context.principal())
        return .redirect("/customers/\(id)#messenger")
    }
}
