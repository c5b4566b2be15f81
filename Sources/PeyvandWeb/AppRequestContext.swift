import Hummingbird
import NIOCore
import PeyvandCore
import PeyvandStore

/// Per-request state: who is signed in (by session cookie or bearer token), the language of the
/// answer, and the CSRF token a page's forms must carry.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var user: User?
    public var language: Language = .fa
    /// Show Rial amounts in Toman (Rial ÷ 10), as the person chose with `?money=toman`.
    public var toman = false
    public var csrf: String?
    /// The signed-in person's open tasks that are overdue or whose reminder has come (pages only).
    public var tasksNeedingAttention = 0
    public var sessionSecret: String?
    public let clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "local"
    }

    /// The signed-in principal, or a 401.
    public func principal() throws -> Principal {
        guard let user else { throw HTTPError(.unauthorized) }
        return user.principal
    }

    /// Request bodies larger than this are refused (413).
    public var maxUploadSize: Int { 1 << 20 }
}
