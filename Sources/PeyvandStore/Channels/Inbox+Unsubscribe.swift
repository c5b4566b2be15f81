import Foundation
import PeyvandCore
import SQLKit

extension Inbox {
    /// Lands `message` like `receive(_:)` and, when its whole text is an unsubscribe keyword
    /// (`UnsubscribeKeyword`), withdraws the sender's consent to that channel at once, in the same
    /// transaction, through the customer update path: audited as "<channel> keyword" and told to
    /// webhook subscribers as `customer.updated`. The keyword itself stays on the timeline. A
    /// repeated delivery of the same message changes nothing.
    public func receiveHonouringUnsubscribe(_ message: InboundMessage) async throws -> (receipt: InboundReceipt, unsubscribed: Bool) {
        try await database.transaction { db in
            let receipt = try await Self.receive(message, in: db)
            guard !receipt.duplicate, UnsubscribeKeyword.matches(message.body) else { return (receipt, false) }
            let withdrawn = try await ConsentChanges.withdraw(db, customerId: receipt.customerId, channel: message.channel,
                                                              source: "\(message.channel.rawValue) keyword", at: message.receivedAt)
            return (receipt, withdrawn)
        }
    }
}
