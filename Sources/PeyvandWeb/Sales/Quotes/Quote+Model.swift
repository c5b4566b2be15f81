import Foundation
import PeyvandCore
import PeyvandStore

/// What the quote page (`quote.mustache`) renders: the quote, its lines and totals, and what the
/// person may do with it now (change, print, send, record the answer, cancel).
struct QuoteModel {
    struct Header {
        let id: Int64, number: String, status: String, statusLabel: String, customerId: Int64, customerName: String, dealId: Int64?
        let validUntil: String, language: String, taxRate: String, gross: String, discount: String, net: String, tax: String, total: String
        let notes: String?, terms: String?, sent: String?, decided: String?, declineReason: String?, orderId: Int64?, orderNumber: String?
        let version: Int
    }
    struct Line { let no: String, description: String, quantity: String, unitPrice: String, discount: String, net: String, tax: String, total: String }

    let quote: Header
    let lines: [Line]
    let canEdit: Bool
    let canSend: Bool
    let canDecide: Bool
    let canCancel: Bool
    let sendChannels: [Choice]
    let flash: String?
    let errors: [FieldError]
}

extension QuoteModel {
    init(_ q: Quote, principal: Principal, done: String?, issues: [FieldIssue], text x: PageText) {
        let day = { (d: JalaliDate) in x.views.formatting.day(d, x.lang) }
        var decided: String?
        if let at = q.decidedAt {
            decided = x.when(at) + " · " + x.label("quote_via", q.decidedVia ?? "staff")
        }
        quote = Header(
            id: q.id, number: x.digits(q.number), status: q.status.rawValue, statusLabel: x.label("quote_status", q.status.rawValue),
            customerId: q.customerId, customerName: q.customerName, dealId: q.dealId, validUntil: day(q.validUntil),
            language: x.label("language", q.language), taxRate: x.percent(q.taxRate), gross: x.money(q.gross), discount: x.money(q.discount),
            net: x.money(q.net), tax: x.money(q.tax), total: x.money(q.total), notes: q.notes, terms: q.terms,
            sent: q.sentAt.map { x.when($0) + (q.sentChannel.map { " · " + x.label("channel", $0) } ?? "") }, decided: decided,
            declineReason: q.declineReason, orderId: q.orderId, orderNumber: q.orderId.map { x.id($0) }, version: q.version)
        lines = q.lines.map { l in
            Line(no: x.number(l.lineNo), description: l.description, quantity: x.quantity(l.quantity), unitPrice: x.money(l.unitPrice),
                 discount: x.money(l.discount), net: x.money(l.net), tax: x.money(l.tax), total: x.money(l.total))
        }
        let writer = principal.may(.quotesWrite)
        canEdit = writer && q.status == .draft
        canSend = writer && q.status.isOpen && principal.may(.messagesSend)
        canDecide = writer && q.status.isOpen
        canCancel = writer && (q.status.isOpen || q.status == .expired)
        sendChannels = [Choice(value: "", label: x.t("quote_send_preferred"), selected: true)]
            + ["email", "sms", "messenger"].map { x.choice($0, "channel", selected: false) }
        flash = done.flatMap { ["created", "updated", "sent", "accepted", "declined", "cancelled"].contains($0) ? x.t("quote_done_\($0)") : nil }
        errors = x.fieldErrorList(issues, labelled: true)
    }
}
