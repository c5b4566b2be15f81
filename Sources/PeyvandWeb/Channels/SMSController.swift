import Foundation
import Hummingbird
import PeyvandChannels
import PeyvandCore
import PeyvandStore

/// SMS: `POST /api/v1/sms/preview` counts a text's parts and cost before it is sent;
/// `POST /api/v1/customers/{id}/sms` queues one to a customer's mobile; `GET /api/v1/sms/settings`
/// tells an administrator the callback URL to register; `POST /api/v1/sms/callback/{secret}` is
/// where the gateway pushes delivery reports and replies (no sign-in: the path's secret is the
/// proof, compared in constant time; anything else is 404 and records nothing).
struct SMSController {
    let database: Database
    let provider: (any SMSProvider)?
    let sender: String?
    let prices: SMSPrices?

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("sms/preview", use: preview)
        group.get("sms/settings", use: settings)
        group.post("customers/:id/sms", use: send)
    }

    func addPublicRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("sms/callback/:secret", use: callback)
    }

    /// How `text` travels and what it costs.
    func describe(_ text: SMSText, _ context: AppRequestContext) async throws -> SMSPreviewDTO {
        let prices: SMSPrices
        if let configured = self.prices { prices = configured } else { prices = .free(try await SMSSettings(database).baseCurrency()) }
        let cost = prices.cost(of: text)
        return SMSPreviewDTO(encoding: text.encoding.rawValue, characters: text.characters, parts: text.parts, perPart: text.perPart,
                             maxParts: SMSText.maxParts, tooLong: text.isTooLong, cost: cost,
                             costText: cost?.formatted(language: context.language.rawValue, toman: context.toman))
    }

    @Sendable func preview(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.principal().require(.interactionsLog, to: "write SMS")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["text"])
        let text = body.string("text")
        if text == nil { body.append(FieldIssue(field: "text", reason: "required", code: "required")) }
        try body.check()
        return try JSONResponse.make(try await describe(SMSText(text ?? ""), context))
    }

    @Sendable func send(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        let id = try RouteID.require(context, resource: "customer")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["text", "to"])
        let text = body.string("text")
        let to = body.string("to")
        if text == nil { body.append(FieldIssue(field: "text", reason: "required", code: "required")) }
        try body.check()
        let key = request.headers[.init("Idempotency-Key")!]
        if let key, key.isEmpty || key.count > 200 || !key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) {
            throw Problem.badRequest("Idempotency-Key must be 1 to 200 printable ASCII characters", field: "Idempotency-Key")
        }
        guard provider != nil else {
            throw Problem(.conflict, "sms-off", "SMS is not configured", detail: "no SMS gateway is configured: start serve with --sms-provider")
        }
        guard let queued = try await CustomerSMS(database).send(customerId: id, text: text ?? "", to: to, language: context.language.rawValue,
                                                               idempotencyKey: key, by: principal) else {
            throw Problem(.conflict, "duplicate", "Already queued", detail: "a message with this Idempotency-Key was already queued")
        }
        let preview = try await describe(queued.text, context)
        return try JSONResponse.make(QueuedSMSDTO(id: String(queued.message.messageId), interactionId: String(queued.message.interactionId),
                                                  outboxMessageId: String(queued.message.outboxMessageId), customerId: String(id),
                                                  to: queued.to, status: "queued", preview: preview), status: .accepted)
    }

    @Sendable func settings(_ request: Request, context: AppRequestContext) async throws -> Response {
        try context.principal().require(.channelsManage, to: "read the SMS settings")
        let secret = try await SMSSettings(database).callbackSecret()
        return try JSONResponse.make(SMSSettingsDTO(provider: provider?.name, sender: sender, callbackPath: "/api/v1/sms/callback/\(secret)",
                                                    pricePerPartFa: prices?.ucs2, pricePerPartEn: prices?.gsm7))
    }

    @Sendable func callback(_ request: Request, context: AppRequestContext) async throws -> Response {
        let notFound = Problem(.notFound, "not-found", "Not found", detail: "no such resource")
        guard let provider, let given = context.parameters.get("secret") else { throw notFound }
        let secret = try await SMSSettings(database).callbackSecret()
        guard Secrets.equal(given, secret) else { throw notFound }
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        var fields: [String: String] = [:]
        for (name, value) in FormData(String(buffer: buffer)).pairs where fields[name] == nil { fields[name] = value }
        guard let message = provider.callback(fields) else {
            throw Problem.badRequest("not a delivery report (messageid, status) or a reply (messageid, from, message)", field: "body")
        }
        let recorded = try await SMSPoller.apply(message, to: database)
        return try JSONResponse.make(SMSCallbackDTO(recorded: recorded))
    }
}

struct SMSPreviewDTO: Encodable {
    let encoding: String
    let characters: Int
    let parts: Int
    let perPart: Int
    let maxParts: Int
    let tooLong: Bool
    let cost: Money?
    /// The cost as the caller reads it (`۲٬۴۰۰ ریال`, `2,400 IRR`).
    let costText: String?

    enum CodingKeys: String, CodingKey { case encoding, characters, parts, perPart, maxParts, tooLong, cost, costText }

    /// Writes `cost` as null (never leaves it out) when the price overflows.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(encoding, forKey: .encoding)
        try c.encode(characters, forKey: .characters)
        try c.encode(parts, forKey: .parts)
        try c.encode(perPart, forKey: .perPart)
        try c.encode(maxParts, forKey: .maxParts)
        try c.encode(tooLong, forKey: .tooLong)
        try c.encode(cost, forKey: .cost)
        try c.encode(costText, forKey: .costText)
    }
}

struct QueuedSMSDTO: Encodable {
    let id: String
    let interactionId: String
    let outboxMessageId: String
    let customerId: String
    let to: String
    let status: String
    let preview: SMSPreviewDTO
}

struct SMSSettingsDTO: Encodable {
    let provider: String?
    let sender: String?
    let callbackPath: String
    let pricePerPartFa: Money?
    let pricePerPartEn: Money?

    enum CodingKeys: String, CodingKey { case provider, sender, callbackPath, pricePerPartFa, pricePerPartEn }

    /// Writes what is not set as null.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(provider, forKey: .provider)
        try c.encode(sender, forKey: .sender)
        try c.encode(callbackPath, forKey: .callbackPath)
        try c.encode(pricePerPartFa, forKey: .pricePerPartFa)
        try c.encode(pricePerPartEn, forKey: .pricePerPartEn)
    }
}

struct SMSCallbackDTO: Encodable {
    let recorded: Bool
}
