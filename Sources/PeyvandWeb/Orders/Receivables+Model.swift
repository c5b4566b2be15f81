import Foundation
import PeyvandCore
import PeyvandStore

/// What the receivables page (`receivables.mustache`) renders: ageing per currency and bucket, and
/// the overdue invoices.
struct ReceivablesModel {
    struct AgeingRow { let currency: String, amounts: [String], total: String }
    struct OverdueRow { let id: Int64, number: String, customerId: Int64, customer: String, due: String, days: String, outstanding: String }

    let buckets: [String]
    let ageing: [AgeingRow]
    let overdue: [OverdueRow]
    let next: String?
}

extension ReceivablesModel {
    init(_ data: ReceivablesData, text x: PageText) {
        let buckets = AgeingBucket.allCases
        self.buckets = buckets.map { x.label("bucket", $0.rawValue) }
        ageing = data.ageing.totals.keys.sorted { $0.rawValue < $1.rawValue }.map { c in
            let t = data.ageing.totals(in: c)
            return AgeingRow(currency: c.rawValue, amounts: buckets.map { x.money(t[$0]) }, total: x.money(t.total))
        }
        overdue = data.overdue.items.map { o in
            OverdueRow(id: o.invoice.id, number: x.digits(o.invoice.number), customerId: o.invoice.customerId, customer: o.customerName,
                       due: x.day(o.invoice.dueAt), days: x.number(o.daysPastDue), outstanding: x.money(o.invoice.outstanding))
        }
        next = data.overdue.next.map { "/receivables?after=\($0)" }
    }
}
