import Foundation
import PeyvandCore
import SQLKit

/// Queues an SMS to one customer: checked before anything is stored — the number must be a
/// mobile, the customer must consent to SMS, the text must fit the gateway's parts — then the
/// interaction, the outbox message and its record are written together.
public struct CustomerSMS: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// What was queued, and how the text will travel.
    public struct Queued: Sendable {
        public let message: QueuedCustomerMessage
        public let to: String
        public let text: SMSText
    }

    /// Checks the number an SMS goes to: a mobile (Iranian `09…`, or a foreign number, which
    /// cannot be told apart from a landline and is left to the gateway). Throws with `field`.
    public static func mobile(_ raw: String, field: String = "to") throws(ValidationError) -> PhoneNumber {
        let phone: PhoneNumber
        do { phone = try PhoneNumber(parsing: raw) } catch { throw ValidationError(error.issues.map { $0.at(field) }) }
        guard phone.kind != .landline else {
            throw ValidationError(field: field, reason: "\(phone.e164) is a landline, not a mobile: an SMS cannot reach it",
                                  code: "sms.not_mobile", params: ["number": phone.e164])
        }
        return phone
    }

    /// Checks an SMS text: not empty, at most `SMSText.maxParts` parts.
    public static func check(_ text: String, field: String = "text") throws(ValidationError) -> SMSText {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError(field: field, reason: "is empty", code: "sms.empty")
        }
        let counted = SMSText(text)
        guard !counted.isTooLong else {
            throw ValidationError(field: field, reason: "too long: \(counted.parts) parts, at most \(SMSText.maxParts)",
                                  code: "sms.too_long", params: ["parts": String(counted.parts), "max": String(SMSText.maxParts)])
        }
        return counted
    }

    /// Queues `text` to customer `customerId` at `to` (else the customer's first mobile). The same
    /// `idempotencyKey` twice is one message: the second call answers nil and stores nothing.
    public func send(customerId: Int64, text: String, to: String?, language: String?, idempotencyKey: String?,
                     by principal: Principal) async throws -> Queued? {
        try principal.require(.interactionsLog, to: "send SMS")
        let customer = try await CustomerRepository(database).get(customerId, by: principal)
        if customer.isDeleted { throw StoreError.conflict("the customer is deleted; restore it before writing to them") }
        var issues: [FieldIssue] = []
        var number: PhoneNumber?
        if let to {
            do { number = try Self.mobile(to) } catch { issues += error.issues }
        } else {
            number = customer.fields.phones.lazy.compactMap { try? Self.mobile($0) }.first
            if number == nil {
                issues.append(FieldIssue(field: "to", reason: "the customer has no mobile number", code: "sms.no_mobile"))
            }
        }
        var counted: SMSText?
        do { counted = try Self.check(text) } catch { issues += error.issues }
        if !customer.fields.consents.sms {
            issues.append(FieldIssue(field: "consent", reason: "the customer has not agreed to receive SMS (or withdrew)", code: "sms.no_consent"))
        }
        guard issues.isEmpty, let number, let counted else { throw StoreError.invalid(ValidationError(issues)) }
        // The same path as every message to a customer: the interaction, the outbox message and
        // its record in one transaction, audited; the same key again answers with that message.
        var request = CustomerMessaging.Request(channel: .sms, text: text, language: language ?? "fa")
        request.address = number.e164
        request.idempotencyKey = idempotencyKey.map { "sms_\(principal.userId)_\($0)" }
        let sent = try await CustomerMessaging(database, publicURL: "").send(to: customerId, request, by: principal)
        let queued: QueuedCustomerMessage? = sent.duplicate ? nil : sent.queued
        return queued.map { Queued(message: $0, to: number.e164, text: counted) }
    }
}
