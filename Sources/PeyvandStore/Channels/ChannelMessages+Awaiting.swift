import Foundation
import PeyvandCore
import SQLKit

extension ChannelMessages {
    /// The peer ids of outgoing messages on `channel` that the peer accepted (`sent`) but has not
    /// yet reported delivered or failed, sent within `window`, least recently checked first. Each
    /// one returned counts as checked now, so a long backlog is polled in turn, not the same head.
    public func awaitingReport(channel: ContactChannel, limit: Int, window: Duration = .seconds(72 * 3600),
                               now: Date = Date()) async throws -> [String] {
        let since = Clock.millis(now) - RetryPolicy.millis(window)
        return try await database.transaction { db in
            let rows = try await db.raw("""
                SELECT id, external_id FROM channel_messages
                WHERE channel = \(bind: channel.rawValue) AND status = 'sent' AND direction = \(bind: Direction.outbound.rawValue)
                  AND external_id IS NOT NULL AND created_at >= \(bind: since)
                ORDER BY updated_at, id LIMIT \(bind: max(1, min(limit, 500)))
                """).all()
            let ids = try rows.map { try $0.decode(column: "id", as: Int64.self) }
            if !ids.isEmpty {
                try await db.raw("UPDATE channel_messages SET updated_at = \(bind: Clock.millis(now)) WHERE id IN (\(binds: ids))").run()
            }
            return try rows.map { try $0.decode(column: "external_id", as: String.self) }
        }
    }
}
