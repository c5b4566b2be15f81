import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PeyvandCore
import PeyvandStore

/// Posts a webhook message's payload as JSON to its subscription's URL, signed with the
/// subscription's secret. A 2xx is sent; anything else, or no answer in time, is retried; a
/// subscription that was deleted meanwhile rejects the message.
public struct WebhookChannel: Channel {
    public var kind: ChannelKind { .webhook }
    let subscriptions: WebhookSubscriptions
    let client: HTTPClient
    let timeout: TimeAmount

    public init(database: Database, client: HTTPClient = .shared, timeout: TimeAmount = .seconds(10)) {
        self.subscriptions = WebhookSubscriptions(database)
        self.client = client
        self.timeout = timeout
    }

    public func deliver(_ message: OutboxMessage) async throws -> DeliveryResult {
        guard let subscriptionId = message.subscriptionId, let secret = try await subscriptions.signingSecret(subscriptionId) else {
            return .reject("the webhook subscription no longer exists")
        }
        let body = Array(message.payload.utf8)
        var request = HTTPClientRequest(url: message.recipient)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Peyvand-Webhooks/1")
        request.headers.add(name: "Peyvand-Event", value: message.eventType ?? "")
        request.headers.add(name: "Peyvand-Delivery", value: message.idempotencyKey)
        request.headers.add(name: "Peyvand-Signature",
                            value: WebhookSignature.header(body: body, secret: secret, timestamp: Int64(Date().timeIntervalSince1970)))
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: timeout)
        _ = try? await response.body.collect(upTo: 64 * 1024)
        let code = response.status.code
        return (200..<300).contains(code) ? .sent(reference: nil) : .retry("the receiver answered \(code)")
    }
}
