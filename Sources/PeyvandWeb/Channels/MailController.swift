import Foundation
import Hummingbird
import PeyvandChannels
import PeyvandCore
import PeyvandStore

/// `POST /api/v1/mail/inbound`: a received email as its raw bytes (`message/rfc822`), for hosted
/// setups where no MTA can pipe into `peyvand mail receive`. The same landing as the command:
/// 201 with the customer, interaction and conversation it landed on (200 when the same
/// Message-ID had arrived before), 202 for a bounce, 400 for a message that cannot be read,
/// 413 past 25 MiB. Only for accounts with `mail.receive`.
struct MailController {
    let inbox: MailInbox
    let maxBytes: Int

    init(inbox: MailInbox, maxBytes: Int = MailLimits.standard.maxMessageBytes) {
        self.inbox = inbox
        self.maxBytes = maxBytes
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("mail/inbound", use: receive)
    }

    @Sendable func receive(_ request: Request, context: AppRequestContext) async throws -> Response {
        // The permission before the body: an account that may not deliver mail never makes the server read 25 MiB.
        try context.principal().require(.mailReceive, to: "deliver received email")
        let body = try await request.body.collect(upTo: maxBytes)
        let receipt: MailReceipt
        do {
            receipt = try await inbox.receive(Array(buffer: body))
        } catch let error as MailParseError {
            if case .tooLarge = error { throw HTTPError(.contentTooLarge) }
            throw Problem(.badRequest, "malformed-message", "Malformed message", detail: error.description,
                          errors: [FieldIssue(field: "body", reason: error.description, code: "mail.malformed")])
        }
        switch receipt {
        case let .message(r, documents):
            return try JSONResponse.make(InboundMailDTO(r, documents: documents), status: r.duplicate ? .ok : .created)
        case let .bounce(b):
            return try JSONResponse.make(BounceDTO(b), status: .accepted)
        }
    }
}

struct InboundMailDTO: Encodable {
    let customerId: String
    let interactionId: String
    let threadId: String
    let createdCustomer: Bool
    let duplicate: Bool
    let documentIds: [String]

    init(_ r: InboundReceipt, documents: [Int64]) {
        customerId = String(r.customerId)
        interactionId = String(r.interactionId)
        threadId = String(r.threadId)
        createdCustomer = r.createdCustomer
        duplicate = r.duplicate
        documentIds = documents.map(String.init)
    }
}

struct BounceDTO: Encodable {
    struct Recipient: Encodable {
        let address: String
        let action: String
        let status: String
        let diagnostic: String?
        let hard: Bool

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(address, forKey: .address)
            try c.encode(action, forKey: .action)
            try c.encode(status, forKey: .status)
            try c.encode(diagnostic, forKey: .diagnostic)
            try c.encode(hard, forKey: .hard)
        }

        enum CodingKeys: String, CodingKey { case address, action, status, diagnostic, hard }
    }

    let bounce: Bool
    let recipients: [Recipient]
    let originalMessageId: String?
    let customerId: String?

    init(_ b: BounceReceipt) {
        bounce = true
        recipients = b.recipients.map { Recipient(address: $0.address, action: $0.action, status: $0.status, diagnostic: $0.diagnostic, hard: $0.isHard) }
        originalMessageId = b.channelMessageId == nil ? nil : b.originalMessageID
        customerId = b.customerId.map(String.init)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bounce, forKey: .bounce)
        try c.encode(recipients, forKey: .recipients)
        try c.encode(originalMessageId, forKey: .originalMessageId)
        try c.encode(customerId, forKey: .customerId)
    }

    enum CodingKeys: String, CodingKey { case bounce, recipients, originalMessageId, customerId }
}
