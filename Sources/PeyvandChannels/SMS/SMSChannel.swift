import Foundation
import PeyvandCore
import PeyvandStore

/// Sends an outbox SMS through a gateway (`KavenegarProvider`, `GenericHTTPProvider`). The payload
/// is a `ChannelPayload` whose `text` is sent; the recipient is the E.164 number. What cannot be
/// sent at all — a landline, a text longer than the gateway takes, a malformed payload — is dead
/// at once with the reason; the gateway's own answers are mapped by the provider. The outbox
/// message's id is the `localId` on every attempt, so a retry after a time-out is not sent twice.
public struct SMSChannel: Channel {
    public var kind: ChannelKind { .sms }
    public let provider: any SMSProvider
    public let sender: String

    public init(provider: any SMSProvider, sender: String) {
        self.provider = provider
        self.sender = sender
    }

    public func deliver(_ message: OutboxMessage) async throws -> DeliveryResult {
        guard let payload = ChannelPayload.decode(message.payload) else {
            return .reject("the SMS payload is not a text")
        }
        let number: PhoneNumber
        do { number = try CustomerSMS.mobile(message.recipient) } catch {
            return .reject("\(message.recipient) cannot receive SMS: \(error.issues.map(\.reason).joined(separator: "; "))")
        }
        do { _ = try CustomerSMS.check(payload.text) } catch {
            return .reject("the text cannot be sent: \(error.issues.map(\.reason).joined(separator: "; "))")
        }
        return try await provider.send(to: number.e164, text: payload.text, sender: sender, localId: String(message.id))
    }
}
