import Foundation
import Logging
import PeyvandCore
import PeyvandStore

/// Asks the gateway what became of sent messages and what customers wrote back, and records both:
/// a final delivery status on the message's record (`ChannelMessages.report`), a reply on the
/// customer's timeline (`Inbox`, withdrawing SMS consent when it is an unsubscribe keyword). Every
/// step is idempotent, so a report or a reply polled and also pushed to the callback lands once.
public struct SMSPoller: Sendable {
    let provider: any SMSProvider
    let line: String
    let database: Database
    let logger: Logger

    public init(provider: any SMSProvider, line: String, database: Database, logger: Logger = Logger(label: "peyvand.sms")) {
        self.provider = provider
        self.line = line
        self.database = database
        self.logger = logger
    }

    /// One round: a batch of statuses, then the unread replies. Returns what it recorded.
    @discardableResult
    public func runOnce(now: Date = Date()) async throws -> (reports: Int, inbound: Int) {
        var reports = 0
        if provider.statusBatchLimit > 0 {
            let ids = try await ChannelMessages(database).awaitingReport(channel: .sms, limit: provider.statusBatchLimit, now: now)
            if !ids.isEmpty {
                for report in try await provider.statuses(of: ids) {
                    if try await Self.apply(.report(messageId: report.messageId, status: report.status, detail: report.detail), to: database) {
                        reports += 1
                    }
                }
            }
        }
        var inbound = 0
        for message in try await provider.inbound(line: line) {
            if try await Self.apply(.inbound(message), to: database) { inbound += 1 }
        }
        return (reports, inbound)
    }

    /// Polls every `every` until cancelled; a failed round is logged and tried again next time.
    public func run(every: Duration = .seconds(60)) async {
        while !Task.isCancelled {
            do { try await runOnce() } catch { logger.notice("SMS polling failed: \(error)") }
            try? await Task.sleep(for: every)
        }
    }

    /// Records what the gateway told (polled or pushed); true when it was news.
    @discardableResult
    public static func apply(_ callback: SMSCallback, to database: Database) async throws -> Bool {
        switch callback {
        case .report(let id, let status, let detail):
            guard let status else { return false }
            guard let before = try await ChannelMessages(database).find(channel: .sms, externalId: id, direction: .outbound) else { return false }
            if before.status == status || before.status == .delivered || before.status == .bounced { return false }
            try await ChannelMessages(database).report(channel: .sms, externalId: id, status: status, detail: detail)
            return true
        case .inbound(let message):
            let received = try await Inbox(database).receiveHonouringUnsubscribe(message)
            return !received.receipt.duplicate
        }
    }
}
