import Foundation
import Logging
import PeyvandStore

/// Reads the bot's updates with `getUpdates` (long polling), for an installation the platform
/// cannot reach with a webhook. Each update is landed (`MessengerInbox`, once per update id), then
/// the stored offset moves past it; a crash between the two lands nothing twice, because the
/// inbox remembers the update ids it handled.
public struct MessengerPoller: Sendable {
    let client: BotAPIClient
    let inbox: MessengerInbox
    let settings: MessengerSettings
    let logger: Logger
    /// Seconds the platform holds a poll open when there is nothing new.
    public var wait: Int

    public init(database: Database, client: BotAPIClient, wait: Int = 25, logger: Logger = Logger(label: "peyvand.messenger")) {
        self.client = client
        self.inbox = MessengerInbox(database)
        self.settings = MessengerSettings(database)
        self.wait = wait
        self.logger = logger
    }

    /// One poll: lands what arrived and returns how many updates it read.
    @discardableResult
    public func pollOnce() async throws -> Int {
        let offset = try await settings.ensure().pollOffset
        let updates = try await client.getUpdates(offset: offset, wait: wait)
        var next = offset
        for (id, update) in updates {
            if let update {
                _ = try await inbox.receive(update)
            } else {
                logger.warning("messenger update \(id) could not be read; skipped")
            }
            next = max(next, id &+ 1)
            try await settings.setPollOffset(next)
        }
        return updates.count
    }

    /// Polls until cancelled; after a failure waits a little (longer after a 429's retry_after).
    public func run() async {
        while !Task.isCancelled {
            do {
                try await pollOnce()
            } catch let error as BotAPIError {
                logger.notice("messenger poll failed: \(error)")
                var pause = 5
                if case .api(429, _, let after?) = error { pause = min(max(after, 1), 3600) }
                try? await Task.sleep(for: .seconds(pause))
            } catch {
                logger.notice("messenger poll failed: \(error)")
                try? await Task.sleep(for: .seconds(5))
            }
        }
    }
}
