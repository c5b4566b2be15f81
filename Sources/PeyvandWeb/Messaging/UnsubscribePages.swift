import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/u/{token}`: where a marketing message's unsubscribe link leads. No sign-in: the signed token
/// names the customer and the channel. GET asks to confirm (a link scanner must not unsubscribe
/// anyone); POST withdraws that channel's consent at once, audited as "unsubscribe link" — the
/// same POST mail clients send for RFC 8058 one-click unsubscribe (`List-Unsubscribe-Post`).
struct UnsubscribePages {
    let views: Views
    let links: UnsubscribeLinks
    let database: Database

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("u/:token", use: show)
        router.post("u/:token", use: confirm)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard let named = try await links.verify(token) else { return page(request, context, state: "invalid", channel: nil, status: .notFound) }
        return page(request, context, state: "ask", channel: named.channel)
    }

    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        _ = try await request.body.collect(upTo: 4096)
        guard let named = try await links.verify(token) else { return page(request, context, state: "invalid", channel: nil, status: .notFound) }
        try await ConsentChanges.withdraw(database, customerId: named.customerId, channel: named.channel, source: "unsubscribe link")
        return page(request, context, state: "done", channel: named.channel)
    }

    func page(_ request: Request, _ context: AppRequestContext, state: String, channel: ContactChannel?,
              status: HTTPResponse.Status = .ok) -> Response {
        let x = PageText(views: views, lang: context.language, toman: context.toman)
        let model = UnsubscribeModel(state: state, ask: state == "ask", done: state == "done", invalid: state == "invalid",
                                     channel: channel.map { x.label("channel", $0.rawValue) } ?? "",
                                     token: context.parameters.get("token") ?? "")
        return views.page("unsubscribe", request, context, title: x.t("unsubscribe_title"), status: status, model: model)
    }
}

/// What `unsubscribe.mustache` renders: ask, done, or a link that is not ours.
struct UnsubscribeModel {
    let state: String
    let ask: Bool
    let done: Bool
    let invalid: Bool
    let channel: String
    let token: String
}
