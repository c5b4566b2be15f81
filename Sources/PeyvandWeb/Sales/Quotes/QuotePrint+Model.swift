import Foundation
import PeyvandCore
import PeyvandStore

/// The quote as a document (`quote-print.mustache`, and the customer's own page `quote-public.mustache`):
/// the seller's details, the customer, the number and days in the reader's calendar, the lines,
/// the discount, VAT and total, the notes and terms.
struct QuoteDocument {
    struct Seller { let name: String, address: String?, nationalId: String?, economicCode: String?, phone: String? }
    struct Buyer { let name: String, city: String?, phone: String? }
    struct Line { let no: String, description: String, quantity: String, unitPrice: String, discount: String, net: String }

    let number: String
    let issued: String
    let validUntil: String
    let statusLabel: String
    let seller: Seller
    let buyer: Buyer
    let lines: [Line]
    let gross: String
    let discount: String
    let net: String
    let taxLabel: String
    let tax: String
    let total: String
    let notes: String?
    let terms: String?
}

extension QuoteDocument {
    init(_ q: Quote, settings: QuoteSettings, customer: Customer?, text x: PageText) {
        func some(_ s: String) -> String? { s.isEmpty ? nil : s }
        number = x.digits(q.number)
        issued = x.views.formatting.day(JalaliDate(q.createdAt, timeZone: x.views.formatting.timeZone), x.lang)
        validUntil = x.views.formatting.day(q.validUntil, x.lang)
        statusLabel = x.label("quote_status", q.status.rawValue)
        seller = Seller(name: settings.sellerName.isEmpty ? x.t("quote_seller_unset") : settings.sellerName, address: some(settings.sellerAddress),
                        nationalId: some(settings.sellerNationalId).map(x.digits), economicCode: some(settings.sellerEconomicCode).map(x.digits),
                        phone: some(settings.sellerPhone).map(x.digits))
        buyer = Buyer(name: q.customerName, city: customer?.fields.city, phone: customer?.fields.phones.first.map { x.phone($0) })
        lines = q.lines.map { l in
            Line(no: x.number(l.lineNo), description: l.description, quantity: x.quantity(l.quantity), unitPrice: x.money(l.unitPrice),
                 discount: x.money(l.discount), net: x.money(l.net))
        }
        gross = x.money(q.gross)
        discount = x.money(q.discount)
        net = x.money(q.net)
        taxLabel = x.t("quote_vat") + " (" + x.percent(q.taxRate) + ")"
        tax = x.money(q.tax)
        total = x.money(q.total)
        notes = q.notes
        terms = q.terms
    }
}

/// What the print page renders: the document and the way back to the quote.
struct QuotePrintModel {
    let id: Int64
    let document: QuoteDocument
}

/// What the customer's page (`/q/{token}`) renders: the document, and whether they may still answer.
struct PublicQuoteModel {
    let token: String
    let document: QuoteDocument
    let canAnswer: Bool
    let answered: String?
    let problem: String?
}
