import Foundation
import PeyvandCore
import PeyvandStore

/// What the quotes list (`quotes-list.mustache`) renders: a page of quotes, newest first, by status.
struct QuotesListModel {
    struct Row {
        let id: Int64, number: String, customerId: Int64, customer: String, status: String, statusLabel: String, total: String, validUntil: String
    }

    let quotes: [Row]
    let statuses: [Choice]
    let next: String?
}

extension QuotesListModel {
    init(_ page: Page<Quote>, status: QuoteStatus?, text x: PageText) {
        quotes = page.items.map { q in
            Row(id: q.id, number: x.digits(q.number), customerId: q.customerId, customer: q.customerName, status: q.status.rawValue,
                statusLabel: x.label("quote_status", q.status.rawValue), total: x.money(q.total), validUntil: x.views.formatting.day(q.validUntil, x.lang))
        }
        statuses = QuoteStatus.allCases.map { x.choice($0.rawValue, "quote_status", selected: $0 == status) }
        next = page.next.map { "/quotes?after=\($0)" + (status.map { "&status=\($0.rawValue)" } ?? "") }
    }
}
