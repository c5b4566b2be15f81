import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `GET /calendar/<token>.ics`: a member of staff's calendar as iCalendar, for a phone to
/// subscribe to. Public: the token is the secret. An unknown or revoked token is 404.
struct CalendarFeedRoute {
    let feeds: CalendarFeeds
    let builder: CalendarFeedBuilder
    let users: UserRepository

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("calendar/:file", use: feed)
    }

    @Sendable func feed(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let file = context.parameters.get("file"), file.hasSuffix(".ics"),
              let principal = try await feeds.principal(forToken: String(file.dropLast(4))) else {
            return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "no calendar at this address\n")))
        }
        let language = try await users.find(id: principal.userId)?.language ?? .fa
        let text = try await builder.document(for: principal, language: language)
        return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "no-store",
                                               .contentDisposition: "inline; filename=\"peyvand.ics\""],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
