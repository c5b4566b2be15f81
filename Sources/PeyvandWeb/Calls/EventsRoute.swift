import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore
import ServiceLifecycle

/// `GET /events`: the signed-in browser's stream of server-sent events (the screen-pop). The
/// layout's script opens it on every signed-in page. The stream ends when the browser leaves or
/// the server shuts down (so a graceful shutdown never waits for it), and at the next keep-alive
/// after the person's session or token ended (signed out, deactivated).
struct EventsRoute {
    let pop: ScreenPop
    let sessions: SessionRepository
    let tokens: TokenRepository

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("events", use: events)
    }

    @Sendable func events(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let signedIn = stillSignedIn(request, context)
        let (id, stream) = await pop.subscribe(principal)
        let pop = self.pop
        let body = ResponseBody { writer in
            await withGracefulShutdownHandler {
                do {
                    // The browser reconnects 2 s after losing the stream.
                    try await writer.write(ByteBuffer(string: "retry: 2000\n: connected\n\n"))
                    for await text in stream {
                        if text == ScreenPop.keepAliveComment, await !signedIn() { break }
                        try await writer.write(ByteBuffer(string: text))
                    }
                    try await writer.finish(nil)
                } catch {
                    // The browser went away: nothing to answer.
                }
            } onGracefulShutdown: {
                Task { await pop.unsubscribe(id) }
            }
            await pop.unsubscribe(id)
        }
        return Response(status: .ok, headers: [
            .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store",
            .init("X-Accel-Buffering")!: "no",
        ], body: body)
    }

    /// Whether the session cookie or bearer token this stream was opened with still signs someone in.
    func stillSignedIn(_ request: Request, _ context: AppRequestContext) -> @Sendable () async -> Bool {
        let sessions = self.sessions, tokens = self.tokens
        if let secret = context.sessionSecret {
            return { ((try? await sessions.find(secret)) ?? nil) != nil }
        }
        let bearer = request.headers[.authorization].map { String($0.split(separator: " ", maxSplits: 1).last ?? "") } ?? ""
        return { ((try? await tokens.authenticate(bearer.trimmingCharacters(in: .whitespaces))) ?? nil) != nil }
    }
}
