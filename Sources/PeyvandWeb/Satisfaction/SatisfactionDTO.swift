import Foundation
import PeyvandCore
import PeyvandStore

/// A reason of "why this class": the rule's code and what it matched on.
struct SatisfactionReasonDTO: Encodable {
    let code: String
    let params: [String: String]

    init(_ r: SatisfactionReason) {
        code = r.code
        params = r.params
    }
}

/// A change of class.
struct SatisfactionChangeDTO: Encodable {
    let id: String
    let from: String?
    let to: String?
    let cause: String
    let at: Date
    let reasons: [SatisfactionReasonDTO]

    init(_ c: SatisfactionChange) {
        id = String(c.id)
        from = c.from?.rawValue
        to = c.to?.rawValue
        cause = c.cause
        at = c.at
        reasons = c.reasons.map(SatisfactionReasonDTO.init)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(cause, forKey: .cause)
        try c.encode(at, forKey: .at)
        try c.encode(reasons, forKey: .reasons)
    }

    enum CodingKeys: String, CodingKey { case id, from, to, cause, at, reasons }
}

/// `GET /api/v1/customers/{id}/satisfaction`: the class (null: not enough evidence yet, or never
/// assessed), why, since when, when the watch looks again, and the recent changes.
struct SatisfactionDTO: Encodable {
    let customerId: String
    let `class`: String?
    let label: String?
    let reasons: [SatisfactionReasonDTO]
    let since: Date?
    let assessedAt: Date?
    let nextCheckAt: Date?
    let changes: [SatisfactionChangeDTO]

    init(customerId: Int64, _ s: CustomerSatisfaction?, changes: [SatisfactionChange], language: Language) {
        self.customerId = String(customerId)
        self.class = s?.class?.rawValue
        label = s?.class?.label(language: language.rawValue)
        reasons = (s?.reasons ?? []).map(SatisfactionReasonDTO.init)
        since = s?.class == nil ? nil : s?.since
        assessedAt = s?.assessedAt
        nextCheckAt = s?.nextCheckAt
        self.changes = changes.map(SatisfactionChangeDTO.init)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(customerId, forKey: .customerId)
        try c.encode(self.class, forKey: .class)
        try c.encode(label, forKey: .label)
        try c.encode(reasons, forKey: .reasons)
        try c.encode(since, forKey: .since)
        try c.encode(assessedAt, forKey: .assessedAt)
        try c.encode(nextCheckAt, forKey: .nextCheckAt)
        try c.encode(changes, forKey: .changes)
    }

    enum CodingKeys: String, CodingKey { case customerId, `class`, label, reasons, since, assessedAt, nextCheckAt, changes }
}

/// The class as the customer representation carries it: `{class, since}`, or null.
struct CustomerSatisfactionDTO: Encodable {
    let `class`: String
    let since: Date
}

/// A payment dispute.
struct PaymentDisputeDTO: Encodable {
    let id: String
    let paymentId: String
    let invoiceId: String
    let invoiceNumber: String
    let customerId: String
    let reason: String
    let open: Bool
    let openedAt: Date
    let closedAt: Date?
    let outcome: String?
    let version: Int

    init(_ d: PaymentDispute) {
        id = String(d.id)
        paymentId = String(d.paymentId)
        invoiceId = String(d.invoiceId)
        invoiceNumber = d.invoiceNumber
        customerId = String(d.customerId)
        reason = d.reason
        open = d.isOpen
        openedAt = d.openedAt
        closedAt = d.closedAt
        outcome = d.outcome?.rawValue
        version = d.version
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(paymentId, forKey: .paymentId)
        try c.encode(invoiceId, forKey: .invoiceId)
        try c.encode(invoiceNumber, forKey: .invoiceNumber)
        try c.encode(customerId, forKey: .customerId)
        try c.encode(reason, forKey: .reason)
        try c.encode(open, forKey: .open)
        try c.encode(openedAt, forKey: .openedAt)
        try c.encode(closedAt, forKey: .closedAt)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(version, forKey: .version)
    }

    enum CodingKeys: String, CodingKey { case id, paymentId, invoiceId, invoiceNumber, customerId, reason, open, openedAt, closedAt, outcome, version }
}
