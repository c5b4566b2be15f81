import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// `/api/v1/customers/{id}/messenger-link`: `GET` tells whether the customer's chat with the bot
/// is linked and which code waits to be sent; `POST` makes a fresh one-time code (staff with
/// `customers.write`, for a customer they reach), which replaces an older one.
struct MessengerLinkController {
    let links: MessengerLinks

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("customers/:id/messenger-link", use: read)
        group.post("customers/:id/messenger-link", use: create)
    }

    @Sendable func read(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "customer")
        return try JSONResponse.make(MessengerLinkDTO(id, try await links.state(of: id, by: try context.principal())))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try RouteID.require(context, resource: "customer")
        let principal = try context.principal()
        _ = try await links.createCode(for: id, by: principal)
        return try JSONResponse.make(MessengerLinkDTO(id, try await links.state(of: id, by: principal)), status: .created,
                                     headers: [.location: "/api/v1/customers/\(id)/messenger-link"])
    }
}

/// A customer's link state; absent values are written as `null`, as the document says.
struct MessengerLinkDTO: Encodable {
    struct Bot: Encodable {
        let name: String?, platform: String
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(platform, forKey: .platform)
        }
        enum CodingKeys: String, CodingKey { case name, platform }
    }
    struct Chat: Encodable {
        let chatId: String, userName: String?, displayName: String?, linkedAt: Date, active: Bool
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(chatId, forKey: .chatId)
            try c.encode(userName, forKey: .userName)
            try c.encode(displayName, forKey: .displayName)
            try c.encode(linkedAt, forKey: .linkedAt)
            try c.encode(active, forKey: .active)
        }
        enum CodingKeys: String, CodingKey { case chatId, userName, displayName, linkedAt, active }
    }
    struct Code: Encodable {
        let code: String, deepLink: String?, expiresAt: Date
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code)
            try c.encode(deepLink, forKey: .deepLink)
            try c.encode(expiresAt, forKey: .expiresAt)
        }
        enum CodingKeys: String, CodingKey { case code, deepLink, expiresAt }
    }
    enum CodingKeys: String, CodingKey { case customerId, bot, linked, chats, code }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(customerId, forKey: .customerId)
        try c.encode(bot, forKey: .bot)
        try c.encode(linked, forKey: .linked)
        try c.encode(chats, forKey: .chats)
        try c.encode(code, forKey: .code)
    }

    let customerId: String
    let bot: Bot?
    let linked: Bool
    let chats: [Chat]
    let code: Code?

    init(_ customerId: Int64, _ s: MessengerLinkState) {
        self.customerId = String(customerId)
        bot = s.settings.map { Bot(name: $0.botName, platform: $0.platform) }
        linked = s.links.contains { $0.active }
        chats = s.links.map { Chat(chatId: $0.chatId, userName: $0.userName, displayName: $0.displayName, linkedAt: $0.linkedAt, active: $0.active) }
        code = s.code.map { Code(code: $0.code, deepLink: s.deepLink, expiresAt: $0.expiresAt) }
    }
}
