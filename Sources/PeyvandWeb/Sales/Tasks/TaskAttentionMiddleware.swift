import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// Counts, for each page a person reads, their open tasks that are overdue or whose reminder has
/// come, so the menu shows the number beside "Tasks" wherever they are: a reminder is seen without
/// opening the task list. One indexed count per page; forms posted and the API skip it.
struct TaskAttentionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let tasks: TaskRepository

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if request.method == .get, let user = context.user, user.principal.may(.salesRead) {
            context.tasksNeedingAttention = (try? await tasks.attention(for: user.id, now: Date())) ?? 0
        }
        return try await next(request, context)
    }
}
