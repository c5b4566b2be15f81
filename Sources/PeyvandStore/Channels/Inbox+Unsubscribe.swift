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
            let old = try await CustomerRepository.fetch(db, receipt.customerId)
            var fields = old.fields
            switch message.channel {
            case .sms: fields.consents.sms = false
            case .email: fields.consents.email = false
            case .phone: fields.consents.phone = false
            case .letter: fields.consents.letter = false
            default: return (receipt, false)
            }
            let changes = fields.changes(from: old.fields)
            guard !changes.isEmpty else { return (receipt, false) }
            let source = Principal(userId: 0, name: "\(message.channel.rawValue) keyword", role: .administrator)
            try await CustomerRepository.updateRow(db, old: old, fields, by: source)
            try await DomainEvents.customer(db, "customer.updated", id: old.id, name: fields.name, changed: changes.map(\.field))
            return (receipt, true)
        }
    }
}
