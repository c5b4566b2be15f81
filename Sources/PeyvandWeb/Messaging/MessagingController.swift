import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// The messaging API: send to a customer (`/customers/{id}/messages`), the channels a message
/// would take (`/customers/{id}/routes`), message templates (`/templates`) and the channel
/// rules (`/settings/channels`). The store checks every permission.
struct MessagingController {
    let messaging: CustomerMessaging
    let templates: MessageTemplates
    let database: Database

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("customers/:id/messages", use: send)
        group.get("customers/:id/routes", use: routes)
        group.get("templates", use: list)
        group.post("templates", use: create)
        group.get("templates/:id", use: get)
        group.put("templates/:id", use: update)
        group.delete("templates/:id", use: delete)
        group.get("settings/channels", use: rules)
        group.put("settings/channels", use: saveRules)
    }

    @Sendable func send(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "customer")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["channel", "purpose", "templateId", "subject", "text", "language", "threadId", "idempotencyKey", "attachmentIds"])
        var send = CustomerMessaging.Request()
        if let raw = body.string("channel") {
            if let c = ContactChannel(rawValue: raw), ChannelRules.sendable.contains(c) { send.channel = c } else {
                body.append(FieldIssue(field: "channel", reason: "email, sms or messenger", code: "send.channel"))
            }
        }
        if let raw = body.string("purpose") {
            if let p = MessagePurpose(rawValue: raw) { send.purpose = p } else {
                body.append(FieldIssue(field: "purpose", reason: "service or marketing", code: "template.purpose"))
            }
        }
        if let raw = body.string("templateId") {
            if let t = Int64(raw), t > 0 { send.templateId = t } else { body.append(FieldIssue(field: "templateId", reason: "a template id", code: "id.invalid")) }
        }
        if let raw = body.string("threadId") {
            if let t = Int64(raw), t > 0 { send.threadId = t } else { body.append(FieldIssue(field: "threadId", reason: "a conversation id", code: "id.invalid")) }
        }
        send.subject = body.string("subject")
        send.text = body.string("text")
        if let language = body.string("language") {
            if ["fa", "en"].contains(language) { send.language = language } else {
                body.append(FieldIssue(field: "language", reason: "fa or en", code: "template.language"))
            }
        }
        send.idempotencyKey = body.string("idempotencyKey")
        if let ids = body.strings("attachmentIds", max: CustomerMessaging.maxAttachments) {
            let parsed = ids.compactMap { Int64($0) }.filter { $0 > 0 }
            if parsed.count == ids.count { send.attachmentIds = parsed } else {
                body.append(FieldIssue(field: "attachmentIds", reason: "document ids", code: "id.invalid"))
            }
        }
        try body.check()
        let sent = try await messaging.send(to: id, send, by: try context.principal())
        return try JSONResponse.make(SentMessageDTO(sent), status: .accepted)
    }

    @Sendable func routes(_ request: Request, context: AppRequestContext) async throws -> Response {
        let routes = try await messaging.routes(of: try RouteID.require(context, resource: "customer"), by: try context.principal())
        return try JSONResponse.make(ListBody(items: routes.map(RouteDTO.init), next: nil))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let items = try await templates.list(by: try context.principal()).map(TemplateDTO.init)
        return try JSONResponse.make(ListBody(items: items, next: nil))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(TemplateDTO(try await templates.get(try RouteID.require(context, resource: "template"), by: try context.principal())))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.templatesManage, to: "write message templates")
        let input = try await templateInput(request, context)
        let made = try await templates.save(input, by: principal)
        return try JSONResponse.make(TemplateDTO(made), status: .created, headers: [.location: "/api/v1/templates/\(made.id)"])
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "template")
        let principal = try context.principal()
        try principal.require(.templatesManage, to: "write message templates")
        let input = try await templateInput(request, context)
        let version = request.headers[.ifMatch].flatMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))) }
        return try JSONResponse.make(TemplateDTO(try await templates.save(input, id: id, expectedVersion: version, by: principal)))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await templates.delete(try RouteID.require(context, resource: "template"), by: try context.principal())
        return Response(status: .noContent)
    }

    func templateInput(_ request: Request, _ context: AppRequestContext) async throws -> MessageTemplateInput {
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["name", "channel", "language", "purpose", "subject", "body"])
        let input = MessageTemplateInput(name: body.string("name"), channel: body.string("channel"), language: body.string("language"),
                                         purpose: body.string("purpose"), subject: body.string("subject"), body: body.string("body"))
        try body.check()
        return input
    }

    @Sendable func rules(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        guard principal.may(.templatesManage) || principal.may(.messagesSend) else {
            throw StoreError.forbidden("the role \(principal.role.rawValue) may not read the channel rules")
        }
        return try JSONResponse.make(ChannelRulesDTO(try await ChannelRules.read(database)))
    }

    @Sendable func saveRules(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.principal()
        try principal.require(.templatesManage, to: "set the channel rules")
        var body = try await JSONBody.read(request, context)
        body.allow(only: ["order", "quietStart", "quietEnd", "quietDays", "timeZone"])
        var rules = try await ChannelRules.read(database)
        if let order = body.strings("order", max: 10) {
            let channels = order.compactMap(ContactChannel.init(rawValue:))
            if channels.count == order.count { rules.order = channels } else {
                body.append(FieldIssue(field: "order", reason: "email, sms and messenger, each at most once", code: "rules.order"))
            }
        }
        for (key, path) in [("quietStart", \QuietHours.start), ("quietEnd", \QuietHours.end)] {
            if let text = body.string(key) {
                if let minutes = QuietHours.minutes(text) { rules.quietHours[keyPath: path] = minutes } else {
                    body.append(FieldIssue(field: key, reason: "a time of day, hh:mm", code: "rules.time"))
                }
            }
        }
        if let days = body.strings("quietDays", max: 7) {
            let numbers = days.compactMap { ChannelRulesDTO.dayNumbers[$0] }
            if numbers.count == days.count { rules.quietHours.days = Set(numbers) } else {
                body.append(FieldIssue(field: "quietDays", reason: "days named sunday … saturday", code: "rules.days"))
            }
        }
        if let zone = body.string("timeZone") { rules.quietHours.timeZone = zone }
        try body.check()
        try await ChannelRules.save(rules, in: database, by: principal)
        return try JSONResponse.make(ChannelRulesDTO(rules))
    }
}

struct SentMessageDTO: Encodable {
    let channel: String
    let address: String
    let notBefore: Date?
    let interactionId: String
    let messageId: String
    let outboxMessageId: String

    init(_ s: CustomerMessaging.Sent) {
        channel = s.channel.rawValue
        address = s.address
        notBefore = s.notBefore
        interactionId = String(s.queued.interactionId)
        messageId = String(s.queued.messageId)
        outboxMessageId = String(s.queued.outboxMessageId)
    }
}

struct RouteDTO: Encodable {
    let channel: String
    let address: String?
    let allowed: Bool
    let refusal: String?

    init(_ r: CustomerMessaging.Route) {
        channel = r.channel.rawValue
        address = r.address
        allowed = r.refusal == nil
        refusal = r.refusal
    }
}

struct TemplateDTO: Encodable {
    let id: String
    let name: String
    let channel: String
    let language: String
    let purpose: String
    let subject: String?
    let body: String
    let version: Int
    let updatedAt: Date

    init(_ t: MessageTemplate) {
        id = String(t.id)
        name = t.name
        channel = t.channel.rawValue
        language = t.language
        purpose = t.purpose.rawValue
        subject = t.subject
        body = t.body
        version = t.version
        updatedAt = t.updatedAt
    }
}

struct ChannelRulesDTO: Encodable {
    let order: [String]
    let quietStart: String
    let quietEnd: String
    let quietDays: [String]
    let timeZone: String

    static let dayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
    static let dayNumbers = Dictionary(uniqueKeysWithValues: dayNames.enumerated().map { ($1, $0 + 1) })

    init(_ r: ChannelRules) {
        order = r.order.map(\.rawValue)
        quietStart = QuietHours.clock(r.quietHours.start)
        quietEnd = QuietHours.clock(r.quietHours.end)
        quietDays = r.quietHours.days.sorted().map { Self.dayNames[$0 - 1] }
        timeZone = r.quietHours.timeZone
    }
}
