/// The channels a message is sent through. Phone, fax, letter and visit are logged as
/// interactions, never sent, so they are not here.
public enum ChannelKind: String, CaseIterable, Sendable, Hashable, Codable {
    case email, sms, messenger, webhook
}
