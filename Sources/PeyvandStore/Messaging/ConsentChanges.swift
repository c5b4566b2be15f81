import Crypto
import Foundation
import PeyvandCore
import SQLKit

/// Consent withdrawn by the customer themselves (an unsubscribe link, a لغو / STOP reply): applied
/// at once, and audited with where it came from, so "why did we stop writing to her?" has an answer.
public enum ConsentChanges {
    /// The channels whose consent is a column of the customer.
    public static let columns: [ContactChannel: String] = [.email: "consent_email", .sms: "consent_sms", .phone: "consent_phone",
                                                            .letter: "consent_letter"]

    /// Withdraws `channel`'s consent; false when it was not given (nothing changes then).
    @discardableResult
    public static func withdraw(_ database: Database, customerId: Int64, channel: ContactChannel, source: String,
                                at now: Date = Date()) async throws -> Bool {
        try await database.transaction { db in try await withdraw(db, customerId: customerId, channel: channel, source: source, at: now) }
    }

    /// Inside the caller's transaction, through the customer update path: a new version, one
    /// audit row naming `source`, and `customer.updated` to webhook subscribers.
    static func withdraw(_ db: any SQLDatabase, customerId: Int64, channel: ContactChannel, source: String, at now: Date) async throws -> Bool {
        guard columns[channel] != nil else { return false }
        let old = try await CustomerRepository.fetch(db, customerId)
        var fields = old.fields
        fields.consents[channel.rawValue] = false
        let changes = fields.changes(from: old.fields)
        guard !changes.isEmpty else { return false }
        let actor = Principal(userId: 0, name: String(source.prefix(100)), role: .administrator)
        try await CustomerRepository.updateRow(db, old: old, fields, by: actor)
        try await DomainEvents.customer(db, "customer.updated", id: old.id, name: fields.name, changed: changes.map(\.field))
        return true
    }
}

/// Signed unsubscribe links: `<public url>/u/<token>`, the token naming the customer and the
/// channel, signed with the installation's secret, so a link cannot be forged for someone else.
public struct UnsubscribeLinks: Sendable {
    let database: Database
    let baseURL: String

    public init(_ database: Database, baseURL: String) {
        self.database = database
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    public func url(customerId: Int64, channel: ContactChannel) async throws -> String {
        "\(baseURL)/u/\(try await token(customerId: customerId, channel: channel))"
    }

    func token(customerId: Int64, channel: ContactChannel) async throws -> String {
        let body = "\(customerId).\(channel.rawValue)"
        return body + "." + Self.sign(body, secret: try await secret())
    }

    /// The customer and channel a token names, or nil when it is not one of ours.
    public func verify(_ token: String) async throws -> (customerId: Int64, channel: ContactChannel)? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count < 200, parts.count == 3, let id = Int64(parts[0]), let channel = ContactChannel(rawValue: String(parts[1])),
              Secrets.equal(Self.sign("\(parts[0]).\(parts[1])", secret: try await secret()), String(parts[2])) else { return nil }
        return (id, channel)
    }

    static func sign(_ text: String, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return String(mac.map { String(format: "%02x", $0) }.joined().prefix(32))
    }

    /// The installation's signing secret, made on first use.
    func secret() async throws -> String {
        if let row = try await database.sql.raw("SELECT value FROM settings WHERE key = 'unsubscribe_secret'").first() {
            return try row.decode(column: "value", as: String.self)
        }
        let made = Secrets.token(prefix: "")
        return try await database.transaction { db in
            if let row = try await db.raw("SELECT value FROM settings WHERE key = 'unsubscribe_secret'").first() {
                return try row.decode(column: "value", as: String.self)
            }
            try await db.raw("INSERT INTO settings (key, value) VALUES ('unsubscribe_secret', \(bind: made))").run()
            return made
        }
    }
}
