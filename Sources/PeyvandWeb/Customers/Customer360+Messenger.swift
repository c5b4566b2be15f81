import Foundation
import PeyvandCore
import PeyvandStore

extension Customer360Model {
    /// The "Connect a messenger" box: the chats linked to the customer, and the one-time code with
    /// its deep link for those who may make one.
    struct Messenger {
        struct Chat { let name: String; let linked: String; let active: Bool }
        let platform: String
        let chats: [Chat]
        let code: String?
        let deepLink: String?
        let expires: String?
        let canCreate: Bool

        /// Nil when no bot is configured: the box is left out.
        init?(_ state: MessengerLinkState, canCreate: Bool, _ x: PageText) {
            guard let settings = state.settings, settings.botName != nil else { return nil }
            platform = x.t("messenger_platform_\(settings.platform)")
            chats = state.links.map {
                Chat(name: $0.userName.map { "@" + $0 } ?? $0.displayName ?? $0.chatId, linked: x.when($0.linkedAt), active: $0.active)
            }
            code = state.code?.code
            deepLink = state.deepLink
            expires = state.code.map { x.when($0.expiresAt) }
            self.canCreate = canCreate
        }

        init(platform: String, chats: [Chat], code: String?, deepLink: String?, expires: String?, canCreate: Bool) {
            (self.platform, self.chats, self.code, self.deepLink, self.expires, self.canCreate) = (platform, chats, code, deepLink, expires, canCreate)
        }
    }
}
