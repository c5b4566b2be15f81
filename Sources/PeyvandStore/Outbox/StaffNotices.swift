import Foundation
import PeyvandCore
import SQLKit

/// A notice to a member of staff (a lead assigned to them, a contract of theirs about to end):
/// an email to their address, in their language, through the outbox, written in the caller's
/// transaction so nobody is told of something that was not stored. Nothing for an inactive or
/// unknown person.
enum StaffNotices {
    /// Enqueues the email `compose` writes in the person's language; returns the address it goes
    /// to, or nil when the person cannot be told.
    @discardableResult
    static func email(_ db: any SQLDatabase, to userId: Int64, key: String, eventType: String? = nil, at now: Date,
                      compose: (Language) -> ChannelPayload) async throws -> String? {
        guard let row = try await db.raw("SELECT email, language FROM users WHERE id = \(bind: userId) AND active = \(bind: true)").first()
        else { return nil }
        let address = try row.decode(column: "email", as: String.self)
        let language = Language(rawValue: try row.decode(column: "language", as: String.self)) ?? .fa
        _ = try await Outbox.enqueue(OutgoingMessage(channel: .email, idempotencyKey: key, eventType: eventType, recipient: address,
                                                     payload: JSONText.encode(compose(language))), in: db, at: now)
        return address
    }
}
