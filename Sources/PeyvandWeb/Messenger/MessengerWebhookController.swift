import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `POST /api/v1/messenger/webhook/{secret}`: the bot platform posts each update here. The path's
/// secret (made per installation) and, when the webhook was registered with one, the
/// `X-Telegram-Bot-Api-Secret-Token` header are compared in constant time before the body is
/// read: a forged call is 404 (wrong path) or 401 (wrong header) and stores nothing. A body that
/// is not an update is 400; anything else is landed once (`MessengerInbox`) and answered 200, so
/// the platform does not send it again.
struct MessengerWebhookController {
    let settings: MessengerSettings
    let inbox: MessengerInbox

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("messenger/webhook/:secret", use: receive)
    }

    struct Answer: Encodable {
        /// `received`, `linked`, `refused-code`, `duplicate` or `ignored`.
        let outcome: String
    }

    @Sendable func receive(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let values = try await settings.current(), let given = context.parameters.get("secret"),
              Secrets.equal(given, values.pathSecret) else {
            throw Problem(.notFound, "not-found", "Not found", detail: "no messenger webhook has this address")
        }
        if let expected = values.headerSecret {
            guard let header = request.headers[.init("X-Telegram-Bot-Api-Secret-Token")!], Secrets.equal(header, expected) else {
                throw Problem(.unauthorized, "unauthorized", "Authentication required",
                              detail: "the X-Telegram-Bot-Api-Secret-Token header is missing or wrong")
            }
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard let update = MessengerUpdate.decode(buffer.readableBytesView) else {
            throw Problem.badRequest("the body is not a Bot API update (a JSON object with a whole-number update_id)")
        }
        let outcome = try await inbox.receive(update)
        let word = switch outcome {
        case .received: "received"
        case .linked: "linked"
        case .refusedCode: "refused-code"
        case .duplicate: "duplicate"
        case .ignored: "ignored"
        }
        return try JSONResponse.make(Answer(outcome: word))
    }
}
