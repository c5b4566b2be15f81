import Foundation
import Logging
import PeyvandCore
import PeyvandStore

/// Delivers the outbox: claims due messages with a lease, hands each to its channel, records
/// sent, or a retry with back-off, or dead after the policy's last attempt. Any number of
/// workers may run against one database (one per `serve` instance); a claim never hands the
/// same message to two of them while its lease runs.
public struct OutboxWorker: Sendable {
    let outbox: Outbox
    let channels: [ChannelKind: any Channel]
    public var policy: RetryPolicy
    /// How long a claimed message is this worker's; longer than a channel's time-out.
    public var lease: Duration
    public var batchSize: Int
    let logger: Logger

    public init(database: Database, channels: [any Channel], policy: RetryPolicy = RetryPolicy(), lease: Duration = .seconds(120),
                batchSize: Int = 20, logger: Logger = Logger(label: "peyvand.outbox")) {
        self.outbox = Outbox(database)
        self.channels = Dictionary(channels.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        self.policy = policy
        self.lease = lease
        self.batchSize = batchSize
        self.logger = logger
    }

    /// Claims one batch and delivers it; returns how many messages it handled.
    @discardableResult
    public func runOnce(now: Date = Date()) async throws -> Int {
        let batch = try await outbox.claim(limit: batchSize, lease: lease, channels: Array(channels.keys), now: now)
        for message in batch { await deliver(message) }
        return batch.count
    }

    /// Delivers until cancelled: at once while there is work, else every `idle`.
    public func run(idle: Duration = .seconds(2)) async {
        while !Task.isCancelled {
            do {
                if try await runOnce() > 0 { continue }
            } catch {
                logger.notice("outbox claim failed: \(error)")
            }
            try? await Task.sleep(for: idle)
        }
    }

    func deliver(_ message: OutboxMessage) async {
        let result: DeliveryResult
        if let channel = ChannelKind(rawValue: message.channel).flatMap({ channels[$0] }) {
            do { result = try await channel.deliver(message) } catch { result = .retry(String(describing: error)) }
        } else {
            result = .reject("no channel \(message.channel) is configured")
        }
        do {
            switch result {
            case .sent(let reference):
                try await outbox.markSent(message, reference: reference)
            case .retry(let why):
                try await outbox.markFailed(message, error: why, policy: policy)
            case .retryAfter(let why, let wait):
                try await outbox.markFailed(message, error: why, policy: policy, notSoonerThan: wait)
            case .reject(let why):
                try await outbox.markFailed(message, error: why, permanent: true, policy: policy)
            }
        } catch {
            // The lease runs out and the message is claimed again: at least once, never lost.
            logger.warning("outbox report failed for message \(message.id): \(error)")
        }
    }
}
