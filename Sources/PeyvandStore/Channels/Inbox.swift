import Foundation
import PeyvandCore
import SQLKit

/// Lands inbound messages on the timeline: one transaction finds the conversation it continues
/// (a subject token, then the messages it replies to), else the customer by the sender's address,
/// else makes the sender a new contact — a message is never dropped — and writes the interaction
/// and the message's record. A message whose peer id arrived before is not stored twice.
public struct Inbox: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// The most text kept of one message's body; the rest is cut (the original stays with the peer).
    public static let bodyLimit = 100_000

    public func receive(_ message: InboundMessage) async throws -> InboundReceipt {
        try await database.transaction { db in try await Self.receive(message, in: db) }
    }

    static func receive(_ message: InboundMessage, in db: any SQLDatabase) async throws -> InboundReceipt {
        if let externalId = message.externalId,
           let earlier = try await ChannelMessages.find(db, channel: message.channel, externalIds: [externalId], direction: .inbound).first {
            return InboundReceipt(customerId: earlier.customerId, interactionId: earlier.interactionId ?? 0, messageId: earlier.id,
                                  threadId: earlier.threadId ?? earlier.id, createdCustomer: false, duplicate: true)
        }
        let thread = try await conversation(of: message, in: db)
        var created = false
        let customerId: Int64
        if let known = message.customerId ?? thread?.customerId {
            customerId = known
        } else if let found = try await customer(at: message.channel, address: message.address, in: db) {
            customerId = found
        } else {
            customerId = try await CustomerRepository.insertRow(db, newContact(message), createdAt: message.receivedAt, by: principal(message.channel))
            created = true
        }
        let interactionId = try await insertInteraction(message, customerId: customerId, in: db)
        let messageId = try await ChannelMessages.insert(
            db, channel: message.channel, direction: .inbound, externalId: message.externalId, customerId: customerId,
            interactionId: interactionId, threadId: thread?.threadId, outboxMessageId: nil, address: message.address,
            status: .received, at: message.receivedAt)
        try await AuditLog.record(db, entity: "customer", entityId: customerId, by: principal(message.channel), action: "log",
                                  field: "interaction", after: "\(kind(of: message.channel).rawValue) #\(interactionId)",
                                  at: Clock.nowMillis())
        try await DomainEvents.interaction(db, id: interactionId, customerId: customerId, kind: kind(of: message.channel), direction: .inbound)
        var receipt = InboundReceipt(customerId: customerId, interactionId: interactionId, messageId: messageId,
                                     threadId: thread?.threadId ?? messageId, createdCustomer: created, duplicate: false)
        // Customer service: the message continues its ticket, or opens one (routed at once).
        receipt.ticketId = try await TicketIntake.inbound(db, message, receipt)
        return receipt
    }

    /// Who the audit log names for what a channel stored on its own.
    static func principal(_ channel: ContactChannel) -> Principal {
        Principal(userId: 0, name: "\(channel.rawValue) channel", role: .administrator)
    }

    static func kind(of channel: ContactChannel) -> InteractionKind {
        switch channel {
        case .email: .email
        case .sms: .sms
        case .phone: .call
        case .letter: .letter
        case .fax: .fax
        case .visit: .visit
        case .web: .webForm
        case .messenger: .chat
        }
    }

    /// The conversation a message continues: the thread its subject token names, else the newest
    /// of the messages it replies to. Only a live customer's conversation is continued.
    static func conversation(of message: InboundMessage, in db: any SQLDatabase) async throws -> ChannelMessage? {
        if let token = message.threadToken,
           let row = try await db.raw("""
               SELECT \(unsafeRaw: ChannelMessage.columns) FROM channel_messages
               WHERE thread_id = \(bind: token) AND customer_id IN (SELECT id FROM customers WHERE deleted_at IS NULL)
               ORDER BY id LIMIT 1
               """).first() {
            return try ChannelMessage(row: row)
        }
        return try await ChannelMessages.find(db, channel: message.channel, externalIds: message.inReplyTo).first
    }

    /// The live customer having this address, the oldest when several share it.
    static func customer(at channel: ContactChannel, address: String, in db: any SQLDatabase) async throws -> Int64? {
        let key: (kind: String, value: String)
        switch channel {
        case .email: key = ("email", address.lowercased())
        case .sms, .phone, .fax:
            guard let phone = try? PhoneNumber(parsing: address) else { return nil }
            key = ("phone", phone.e164)
        default: return nil
        }
        return try await db.raw("""
            SELECT c.id FROM customers c JOIN customer_keys k ON k.customer_id = c.id
            WHERE k.kind = \(bind: key.kind) AND k.key = \(bind: key.value) AND c.deleted_at IS NULL
            ORDER BY c.id LIMIT 1
            """).first()?.decode(column: "id", as: Int64.self)
    }

    /// An unknown sender as a new contact: named as they sign, reachable where they wrote from,
    /// with no consent given (writing to us is not consent to be written to).
    static func newContact(_ message: InboundMessage) -> CustomerFields {
        let name = message.senderName.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : String($0.prefix(CustomerInput.Limits.name)) }
        var fields = CustomerFields(name: name ?? String(message.address.prefix(CustomerInput.Limits.name)), stage: .lead)
        switch message.channel {
        case .email: fields.emails = [message.address.lowercased()]
        case .sms, .phone, .fax: if let phone = try? PhoneNumber(parsing: message.address) { fields.phones = [phone.e164] }
        default: break
        }
        return fields
    }

    static func insertInteraction(_ message: InboundMessage, customerId: Int64, in db: any SQLDatabase) async throws -> Int64 {
        let subject = message.subject.map { String($0.prefix(500)) }
        let body = String(message.body.prefix(bodyLimit))
        guard let row = try await db.raw("""
            INSERT INTO interactions (customer_id, kind, channel, direction, occurred_at, subject, body, created_at)
            VALUES (\(bind: customerId), \(bind: kind(of: message.channel).rawValue), \(bind: message.channel.rawValue),
              \(bind: Direction.inbound.rawValue), \(bind: Clock.millis(message.receivedAt)), \(bind: subject), \(bind: body),
              \(bind: Clock.nowMillis()))
            RETURNING id
            """).first() else { throw StoreError.conflict("the interaction was not stored") }
        return try row.decode(column: "id", as: Int64.self)
    }
}
