import Foundation

/// One update of the Telegram Bot API (which Bale offers too), as a webhook posts it or
/// `getUpdates` lists it. Only what Peyvand uses is read; an update of another kind (an edited
/// message, a callback, a channel post) has no `message` and is acknowledged and ignored.
public struct MessengerUpdate: Decodable, Sendable, Hashable {
    public let updateId: Int64
    public let message: Message?

    public struct Message: Decodable, Sendable, Hashable {
        public let messageId: Int64
        public let from: User?
        public let chat: Chat
        public let date: Int64?
        public let text: String?
        public let caption: String?
        /// What was sent when it is not text: `photo`, `document`, `voice`, … (nil for text).
        public let mediaKind: String?

        public init(messageId: Int64, from: User?, chat: Chat, date: Int64? = nil, text: String?, caption: String? = nil,
                    mediaKind: String? = nil) {
            (self.messageId, self.from, self.chat, self.date, self.text, self.caption, self.mediaKind) =
                (messageId, from, chat, date, text, caption, mediaKind)
        }

        enum CodingKeys: String, CodingKey {
            case messageId = "message_id", from, chat, date, text, caption
        }

        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { return nil }
        }

        static let mediaKinds = ["photo", "document", "audio", "voice", "video", "video_note", "sticker", "animation", "location",
                                 "contact", "venue", "poll"]

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            messageId = try c.decode(Int64.self, forKey: .messageId)
            from = try c.decodeIfPresent(User.self, forKey: .from)
            chat = try c.decode(Chat.self, forKey: .chat)
            date = try c.decodeIfPresent(Int64.self, forKey: .date)
            text = try c.decodeIfPresent(String.self, forKey: .text)
            caption = try c.decodeIfPresent(String.self, forKey: .caption)
            let any = try decoder.container(keyedBy: AnyKey.self)
            mediaKind = Self.mediaKinds.first { any.contains(AnyKey(stringValue: $0)) }
        }
    }

    public struct User: Decodable, Sendable, Hashable {
        public let id: Int64
        public let firstName: String?
        public let lastName: String?
        public let username: String?

        public init(id: Int64, firstName: String?, lastName: String? = nil, username: String? = nil) {
            (self.id, self.firstName, self.lastName, self.username) = (id, firstName, lastName, username)
        }

        enum CodingKeys: String, CodingKey {
            case id, firstName = "first_name", lastName = "last_name", username
        }

        /// "First Last", as the user calls themselves.
        public var fullName: String? {
            let name = [firstName, lastName].compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
                .joined(separator: " ")
            return name.isEmpty ? nil : name
        }
    }

    public struct Chat: Decodable, Sendable, Hashable {
        public let id: Int64
        /// `private`, `group`, `supergroup` or `channel`.
        public let type: String?

        public init(id: Int64, type: String? = "private") {
            (self.id, self.type) = (id, type)
        }
    }

    public init(updateId: Int64, message: Message?) {
        (self.updateId, self.message) = (updateId, message)
    }

    enum CodingKeys: String, CodingKey {
        case updateId = "update_id", message
    }

    /// Reads one update from a webhook's body; nil when it is not one.
    public static func decode(_ bytes: some Collection<UInt8>) -> MessengerUpdate? {
        try? JSONDecoder().decode(MessengerUpdate.self, from: Data(bytes))
    }
}
