import Foundation
import PeyvandCore
import SQLKit

/// "Send to this customer": a template or a text, on the channel the customer prefers if they
/// consented to it, else the next allowed one in the administrator's order; merged for the
/// customer; a marketing message waits out quiet hours and carries an unsubscribe link. Stored
/// with its interaction and outbox message in one transaction.
public struct CustomerMessaging: Sendable {
    let database: Database
    let links: UnsubscribeLinks
    let timeZone: TimeZone

    public init(_ database: Database, publicURL: String, timeZone: TimeZone = TimeZone(identifier: "Asia/Tehran")!) {
        self.database = database
        self.links = UnsubscribeLinks(database, baseURL: publicURL)
        self.timeZone = timeZone
    }

    /// What to send.
    public struct Request: Sendable {
        /// nil: the customer's preferred channel if allowed, else the first allowed in the rules' order.
        public var channel: ContactChannel?
        public var purpose: MessagePurpose
        public var templateId: Int64?
        public var subject: String?
        public var text: String?
        public var language: String
        /// Continues this conversation (an answer to what the customer wrote): allowed without consent.
        public var threadId: Int64?
        public var idempotencyKey: String?
        /// The customer's documents to attach (email only).
        public var attachmentIds: [Int64] = []
        /// Where to send on the named `channel` instead of the customer's first address there
        /// (an SMS to the number the customer asked to be texted at); checked by the caller.
        public var address: String?

        public init(channel: ContactChannel? = nil, purpose: MessagePurpose = .service, templateId: Int64? = nil, subject: String? = nil,
                    text: String? = nil, language: String = "fa", threadId: Int64? = nil, idempotencyKey: String? = nil,
                    attachmentIds: [Int64] = []) {
            (self.channel, self.purpose, self.templateId, self.subject, self.text, self.language, self.threadId, self.idempotencyKey) =
                (channel, purpose, templateId, subject, text, language, threadId, idempotencyKey)
            self.attachmentIds = attachmentIds
        }
    }

    /// What was queued.
    public struct Sent: Sendable, Hashable {
        public let channel: ContactChannel
        public let address: String
        /// When it will go out, if held by quiet hours.
        public let notBefore: Date?
        public let queued: QueuedCustomerMessage
        /// The idempotency key had been used: `queued` is the message it made then, nothing new.
        public var duplicate = false
    }

    /// One channel as the 360 shows it: whether a message would go there, and if not, why.
    public struct Route: Sendable, Hashable {
        public let channel: ContactChannel
        public let address: String?
        /// nil when allowed; else `noAddress` or `noConsent`.
        public let refusal: String?
    }

    public func send(to customerId: Int64, _ request: Request, by principal: Principal, now: Date = Date()) async throws -> Sent {
        try principal.require(request.purpose == .marketing ? .messagesMarketing : .messagesSend,
                              to: request.purpose == .marketing ? "send marketing messages" : "send messages to customers")
        let customer = try await CustomerRepository(database).get(customerId, by: principal)
        guard !customer.isDeleted else { throw StoreError.conflict("customer \(customerId) is deleted; restore them to write to them") }
        var request = request
        var template: MessageTemplate?
        if let id = request.templateId {
            let t = try await MessageTemplates(database).get(id, by: principal)
            guard ChannelRules.sendable.contains(t.channel) else {
                throw StoreError.invalid(ValidationError(field: "templateId", reason: "a \(t.channel.rawValue) template is printed, not sent",
                                                         code: "send.templateChannel"))
            }
            if let wanted = request.channel, wanted != t.channel {
                throw StoreError.invalid(ValidationError(field: "channel", reason: "the template is for \(t.channel.rawValue)", code: "send.templateChannel"))
            }
            request.channel = t.channel
            request.language = t.language
            if t.purpose == .marketing, request.purpose != .marketing {
                try principal.require(.messagesMarketing, to: "send marketing messages")
                request.purpose = .marketing
            }
            template = t
        }
        let (body, subject) = try parse(request, template)
        let rules = try await ChannelRules.read(database)
        let routes = try await self.routes(customer, rules: rules, reply: request.threadId != nil)
        let route: Route
        if let wanted = request.channel {
            guard let r = routes.first(where: { $0.channel == wanted }) ?? routes.first else { throw Self.noChannel }
            // A number or address given for the message stands in for one the customer lacks; consent still counts.
            if let refusal = r.refusal, !(refusal == "noAddress" && request.address != nil && (wanted == .messenger
                                                                                             || customer.fields.consents[wanted.rawValue])) {
                throw StoreError.invalid(ValidationError(field: "channel", reason: refusal == "noConsent"
                    ? "the customer has not consented to \(wanted.rawValue)" : "the customer has no \(wanted.rawValue) address",
                    code: "send.\(refusal)", params: ["channel": wanted.rawValue]))
            }
            route = r
        } else {
            guard let r = routes.first(where: { $0.refusal == nil }) else { throw Self.noChannel }
            route = r
        }
        guard let address = (request.channel == nil ? nil : request.address) ?? route.address else { throw Self.noChannel }
        var values = try await MergeValues.of(customer, language: request.language, timeZone: timeZone, in: database.sql, now: now)
        var unsubscribe: String?
        if request.purpose == .marketing {
            unsubscribe = try await links.url(customerId: customer.id, channel: route.channel)
            values[.unsubscribeLink] = unsubscribe
        }
        var text = body.render(values)
        if let unsubscribe, !body.fields.contains(.unsubscribeLink) {
            text += Self.unsubscribeFooter(route.channel, language: request.language, url: unsubscribe)
        }
        if route.channel == .sms {
            do { _ = try CustomerSMS.check(text) } catch { throw StoreError.invalid(error) }
        }
        try await checkAttachments(request.attachmentIds, of: customer.id, on: route.channel)
        let notBefore: Date? = request.purpose == .marketing ? Optional(rules.quietHours.nextAllowed(after: now)).flatMap { $0 > now ? $0 : nil } : nil
        var payload = ChannelPayload(subject: subject?.render(values), text: text, language: request.language, unsubscribeURL: unsubscribe)
        payload.attachments = request.attachmentIds.isEmpty ? nil : request.attachmentIds
        var message = CustomerMessage(customerId: customer.id, channel: route.channel, address: address, payload: payload,
                                      staffId: principal.userId > 0 ? principal.userId : nil, notBefore: notBefore, threadId: request.threadId)
        if let key = request.idempotencyKey { message.idempotencyKey = "send:" + String(key.prefix(200)) }
        let final = message
        let purpose = request.purpose
        let queued = try await database.transaction { db -> (QueuedCustomerMessage, duplicate: Bool)? in
            guard let q = try await ChannelMessages.enqueue(final, in: db, at: now) else {
                return try await ChannelMessages.queued(db, idempotencyKey: final.idempotencyKey).map { ($0, true) }
            }
            try await AuditLog.record(db, entity: "customer", entityId: customer.id, by: principal, action: "send",
                                      field: route.channel.rawValue, after: "\(purpose.rawValue) #\(q.interactionId)", at: Clock.millis(now))
            return (q, false)
        }
        guard let queued else { throw StoreError.conflict("a message with this idempotency key was already sent to someone else") }
        return Sent(channel: route.channel, address: address, notBefore: notBefore, queued: queued.0, duplicate: queued.duplicate)
    }

    /// At most this many documents go with one email, and at most `maxAttachmentBytes` in all
    /// (mail servers commonly refuse messages past 25 MB once encoded).
    public static let maxAttachments = 10
    public static let maxAttachmentBytes = 15 << 20

    /// Attachments go by email only, and must be the customer's own live documents.
    func checkAttachments(_ ids: [Int64], of customerId: Int64, on channel: ContactChannel) async throws {
        guard !ids.isEmpty else { return }
        func refuse(_ reason: String, _ code: String) -> StoreError {
            StoreError.invalid(ValidationError(field: "attachmentIds", reason: reason, code: code,
                                               params: ["max": String(Self.maxAttachments), "mb": String(Self.maxAttachmentBytes >> 20)]))
        }
        guard channel == .email else { throw refuse("documents are attached to emails only", "send.attachmentsEmailOnly") }
        let unique = Array(Set(ids))
        guard unique.count <= Self.maxAttachments else { throw refuse("at most \(Self.maxAttachments) documents", "send.attachmentsTooMany") }
        let rows = try await database.sql.raw("""
            SELECT id, size FROM documents WHERE id IN (\(binds: unique)) AND customer_id = \(bind: customerId) AND deleted_at IS NULL
            """).all()
        guard rows.count == unique.count else { throw refuse("a document that is not this customer's", "send.attachmentUnknown") }
        let total = try rows.reduce(Int64(0)) { $0 + (try $1.decode(column: "size", as: Int64.self)) }
        guard total <= Int64(Self.maxAttachmentBytes) else { throw refuse("at most \(Self.maxAttachmentBytes >> 20) MB of documents", "send.attachmentsTooLarge") }
    }

    static let noChannel = StoreError.invalid(ValidationError(
        field: "channel", reason: "the customer has no channel they consented to with an address on it", code: "send.noChannel"))

    /// The channels in the order a message would try them, each allowed or refused with its reason.
    public func routes(of customerId: Int64, by principal: Principal) async throws -> [Route] {
        let customer = try await CustomerRepository(database).get(customerId, by: principal)
        return try await routes(customer, rules: try await ChannelRules.read(database), reply: false)
    }

    func routes(_ customer: Customer, rules: ChannelRules, reply: Bool) async throws -> [Route] {
        var order = rules.order
        if let preferred = customer.fields.preferredChannel, ChannelRules.sendable.contains(preferred) {
            order.removeAll { $0 == preferred }
            order.insert(preferred, at: 0)
        }
        var routes: [Route] = []
        for channel in order {
            let address = try await address(of: customer, on: channel)
            let consented = channel == .messenger || customer.fields.consents[channel.rawValue]
            let refusal: String? = address == nil ? "noAddress" : (consented || reply ? nil : "noConsent")
            routes.append(Route(channel: channel, address: address, refusal: refusal))
        }
        return routes
    }

    /// Where the customer is reached on `channel`: their first email, their first mobile number,
    /// the bot chat they linked.
    func address(of customer: Customer, on channel: ContactChannel) async throws -> String? {
        switch channel {
        case .email: return customer.fields.emails.first
        case .sms: return customer.fields.phones.lazy.compactMap { try? CustomerSMS.mobile($0).e164 }.first
        case .messenger: return try await MessengerLinks(database).chat(for: customer.id)?.chatId
        default: return nil
        }
    }

    func parse(_ request: Request, _ template: MessageTemplate?) throws -> (MergeTemplate, MergeTemplate?) {
        do throws(ValidationError) {
            let source = template?.body ?? (request.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !source.isEmpty else { throw ValidationError(field: "text", reason: "a template or a text is required", code: "required") }
            let body = try MergeTemplate(source, field: template == nil ? "text" : "body")
            let subjectSource = (template?.subject ?? request.subject)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return (body, subjectSource.isEmpty ? nil : try MergeTemplate(subjectSource, field: "subject"))
        } catch { throw StoreError.invalid(error) }
    }

    /// What a marketing message ends with when its text does not place the link itself.
    static func unsubscribeFooter(_ channel: ContactChannel, language: String, url: String) -> String {
        let fa = language == "fa"
        switch channel {
        case .sms: return fa ? "\nلغو۱۱" : "\nSTOP to opt out"
        default: return fa ? "\n\n—\nلغو اشتراک: \(url)" : "\n\n—\nUnsubscribe: \(url)"
        }
    }
}
