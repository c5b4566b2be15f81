import Foundation
import PeyvandCore
@testable import PeyvandStore
@testable import PeyvandWeb

/// Fully populated models of the quote and contract pages, built from sample records through the
/// pages' own model code, for `TemplateKeysTests` and the view tests.
enum QuotesSamples {
    static func all(_ x: PageText) -> [(template: String, model: Any)] {
        [("quotes-list", QuotesListModel(Page(items: [quote], next: "c"), status: .sent, text: x)),
         ("quote", QuoteModel(quote, principal: admin, done: "sent", issues: [issue], text: x)),
         ("quote-form", form(x)), ("quote-print", QuotePrintModel(id: 7, document: document(x))), ("quote-document", document(x)),
         ("quote-public", PublicQuoteModel(token: "q_token", document: document(x), canAnswer: true, answered: x.t("quote_public_accepted"),
                                           problem: x.t("quote_public_already"))),
         ("quote-public-invalid", [String: String]()),
         ("quote-settings", QuoteSettingsModel(sellerName: "پیوند", sellerAddress: "تهران", sellerNationalId: "10101010", sellerEconomicCode: "4111",
                                               sellerPhone: "02188888888", taxRate: "10", validDays: "30", saved: true,
                                               errors: [PageModelSamples.error(x, "taxRate")])),
         ("contracts-list", ContractsListModel(Page(items: [contract], next: "c"), status: .active, ending: 30, canWrite: true, text: x)),
         ("contract", ContractModel(contract, customerDocuments: [doc], principal: admin, done: "renewed", issues: [issue], text: x)),
         ("contract-form", ContractFormModel(action: "/contracts", heading: x.t("contract_new"), customerId: 42, customerName: "مریم احمدی", dealId: "3",
                                             version: "1", title: "پشتیبانی", parties: "شرکت نمونه", value: "1000", currency: "IRR", start: "1405/01/01",
                                             end: "1405/12/29", terms: "ماهانه", notice: "۳۰", isNew: true, activate: true,
                                             errors: [PageModelSamples.error(x, "title")]))]
    }

    static let admin = Principal(userId: 1, name: "مدیر", role: .administrator)
    static let issue = FieldIssue(field: "lines[0].productId", reason: "product TEA-1 is archived", code: "product.archived", params: ["sku": "TEA-1"])
    static let day = JalaliDate(daysSinceUnixEpoch: 20_800)
    static func rial(_ n: Int64) -> Money { Money(minorUnits: n, currency: .irr) }

    static var quote: Quote {
        let line = QuoteLine(lineNo: 1, productId: 5, description: "چای ممتاز", quantity: (try? Quantity("2")) ?? .zero, unitPrice: rial(1_000_000),
                             discount: rial(200_000), taxRate: (try? BasisPoints(1_000)) ?? .zero, net: rial(1_800_000), tax: rial(180_000),
                             total: rial(1_980_000))
        return Quote(id: 7, number: "Q-1405-000007", dealId: 3, customerId: 42, customerName: "مریم احمدی", status: .draft, language: "fa",
                     currency: .irr, validUntil: day, taxRate: (try? BasisPoints(1_000)) ?? .zero, gross: rial(2_000_000), discount: rial(200_000),
                     net: rial(1_800_000), tax: rial(180_000), total: rial(1_980_000), notes: "تحویل در دفتر", terms: "پیش‌پرداخت ۳۰٪",
                     version: 2, sentAt: PageModelSamples.instant, sentChannel: "email", decidedAt: PageModelSamples.instant, decidedVia: "link",
                     declineReason: "گران", orderId: 11, createdAt: PageModelSamples.instant, updatedAt: PageModelSamples.instant, lines: [line])
    }

    static func document(_ x: PageText) -> QuoteDocument {
        QuoteDocument(quote, settings: QuoteSettings(sellerName: "پیوند", sellerAddress: "تهران، خیابان آزادی", sellerNationalId: "10101010",
                                                     sellerEconomicCode: "411111", sellerPhone: "02188888888", taxRate: .zero),
                      customer: Customer(id: 42, fields: CustomerFields(name: "مریم احمدی", phones: ["+989121234567"], city: "تهران"), version: 1,
                                         createdAt: PageModelSamples.instant, updatedAt: PageModelSamples.instant, deletedAt: nil), text: x)
    }

    static func form(_ x: PageText) -> QuoteFormModel {
        let start = QuoteFormModel.Start(customerId: 42, customerName: "مریم احمدی", dealId: 3, dealTitle: "چای برای دفتر", currency: .irr,
                                         lines: [OrderLineInput(productId: 5, description: "چای", quantity: "2", unitPrice: "1000000", discount: "200000")],
                                         validUntil: day, taxRate: .zero, language: "fa", notes: "n", terms: "t", version: 2)
        return QuoteFormModel(action: "/quotes", heading: x.t("quote_new"), start: start,
                              products: [.init(value: "5", label: "TEA-1 — چای", selected: false)], form: nil, addLine: true,
                              issues: [issue], text: x)
    }

    static var contract: Contract {
        Contract(id: 9, number: "C-1405-000009", customerId: 42, customerName: "مریم احمدی", dealId: 3, title: "پشتیبانی سالانه", parties: "شرکت نمونه",
                 value: rial(120_000_000), start: day.adding(days: -300), end: JalaliDate(Date(), timeZone: Tehran.timeZone).adding(days: 10),
                 terms: "ماهانه", status: .active, renewalNoticeDays: 30, renewalRemindedAt: PageModelSamples.instant, renewedFromId: 8, renewedToId: 10,
                 ownerId: 1, ownerName: "مدیر", version: 3, createdAt: PageModelSamples.instant, updatedAt: PageModelSamples.instant,
                 documents: [ContractDocument(id: 4, filename: "قرارداد امضاشده.pdf", mediaType: "application/pdf", size: 20_480)])
    }

    static var doc: Document {
        Document(id: 5, customerId: 42, interactionId: nil, sha256: "x", size: 100, mediaType: "application/pdf", filename: "پیوست.pdf", uploadedBy: "مدیر",
                 createdAt: PageModelSamples.instant)
    }
}
