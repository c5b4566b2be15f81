import Foundation
import Hummingbird
import PeyvandCore
import PeyvandStore

/// A Jalali day as the API writes it: the Gregorian `YYYY-MM-DD`.
enum AgreementDay {
    static func text(_ day: JalaliDate) -> String {
        let g = day.gregorian
        return String(format: "%04d-%02d-%02d", g.year, g.month, g.day)
    }

    /// `YYYY-MM-DD` (Gregorian) read into the body's issues when malformed.
    static func read(_ body: inout JSONBody, _ key: String) -> JalaliDate? {
        guard let text = body.string(key) else { return nil }
        let parts = text.split(separator: "-")
        if parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
           (1900...2200).contains(y), (1...12).contains(m), (1...31).contains(d) {
            let day = JalaliDate(gregorianYear: y, month: m, day: d)
            if day.gregorian == (y, m, d) { return day }
        }
        body.append(FieldIssue(field: key, reason: "must be a day such as 2026-12-31", code: "date.format"))
        return nil
    }
}

struct QuoteLineDTO: Encodable {
    let lineNo: Int
    let productId: String?
    let description: String
    let quantity: String
    let unitPrice: Money
    let discount: Money
    let taxRate: String
    let net: Money
    let tax: Money
    let total: Money

    init(_ l: QuoteLine) {
        lineNo = l.lineNo; productId = l.productId.map(String.init); description = l.description; quantity = l.quantity.description
        unitPrice = l.unitPrice; discount = l.discount; taxRate = l.taxRate.percentString; net = l.net; tax = l.tax; total = l.total
    }
}

struct QuoteDTO: Encodable {
    let id: String
    let number: String
    let dealId: String?
    let customerId: String
    let customerName: String
    let status: String
    let language: String
    let validUntil: String
    let taxRate: String
    let gross: Money
    let discount: Money
    let net: Money
    let tax: Money
    let total: Money
    let notes: String?
    let terms: String?
    let sentAt: Date?
    let sentChannel: String?
    let decidedAt: Date?
    let decidedVia: String?
    let declineReason: String?
    let orderId: String?
    let lines: [QuoteLineDTO]
    let version: Int
    let createdAt: Date
    let updatedAt: Date

    init(_ q: Quote) {
        id = String(q.id); number = q.number; dealId = q.dealId.map(String.init); customerId = String(q.customerId); customerName = q.customerName
        status = q.status.rawValue; language = q.language; validUntil = AgreementDay.text(q.validUntil); taxRate = q.taxRate.percentString
        gross = q.gross; discount = q.discount; net = q.net; tax = q.tax; total = q.total; notes = q.notes; terms = q.terms
        sentAt = q.sentAt; sentChannel = q.sentChannel; decidedAt = q.decidedAt; decidedVia = q.decidedVia; declineReason = q.declineReason
        orderId = q.orderId.map(String.init); lines = q.lines.map(QuoteLineDTO.init); version = q.version; createdAt = q.createdAt
        updatedAt = q.updatedAt
    }
}

struct ContractDocumentDTO: Encodable {
    let id: String
    let filename: String
    let mediaType: String
    let size: Int

    init(_ d: ContractDocument) {
        id = String(d.id); filename = d.filename; mediaType = d.mediaType; size = d.size
    }
}

struct ContractDTO: Encodable {
    let id: String
    let number: String
    let customerId: String
    let customerName: String
    let dealId: String?
    let title: String
    let parties: String?
    let value: Money
    let start: String
    let end: String
    let terms: String?
    let status: String
    let renewalNoticeDays: Int
    let renewalRemindedAt: Date?
    let renewedFromId: String?
    let renewedToId: String?
    let ownerId: String?
    let ownerName: String?
    let documents: [ContractDocumentDTO]
    let version: Int
    let createdAt: Date
    let updatedAt: Date

    init(_ c: Contract) {
        id = String(c.id); number = c.number; customerId = String(c.customerId); customerName = c.customerName; dealId = c.dealId.map(String.init)
        title = c.title; parties = c.parties; value = c.value; start = AgreementDay.text(c.start); end = AgreementDay.text(c.end); terms = c.terms
        status = c.status.rawValue; renewalNoticeDays = c.renewalNoticeDays; renewalRemindedAt = c.renewalRemindedAt
        renewedFromId = c.renewedFromId.map(String.init); renewedToId = c.renewedToId.map(String.init); ownerId = c.ownerId.map(String.init)
        ownerName = c.ownerName; documents = c.documents.map(ContractDocumentDTO.init); version = c.version; createdAt = c.createdAt
        updatedAt = c.updatedAt
    }
}

/// The `If-Match` version, when sent.
enum AgreementVersion {
    static func version(_ request: Request) throws -> Int? {
        guard let raw = request.headers[.ifMatch] else { return nil }
        guard let v = Int(raw.trimmingCharacters(in: CharacterSet(charactersIn: "\"W/ "))) else {
            throw Problem.badRequest("If-Match must be the record's version", field: "If-Match")
        }
        return v
    }
}
