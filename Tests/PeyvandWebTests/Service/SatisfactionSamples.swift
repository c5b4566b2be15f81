import Foundation
import PeyvandCore
@testable import PeyvandStore
@testable import PeyvandWeb

/// Fully populated models of the satisfaction parts: the 360 page's box, the angry banner (shown by
/// the layout), and the invoice page's disputes box, for `TemplateKeysTests` and the view tests.
enum SatisfactionSamples {
    static func all(_ x: PageText) -> [(template: String, model: Any)] {
        [("satisfaction-box", box(x)), ("satisfaction-banner", banner(x)), ("payment-disputes", disputes(x))]
    }

    static let t0 = PageModelSamples.instant

    static func box(_ x: PageText) -> Customer360Satisfaction {
        let reasons = [SatisfactionReason(.angryComplaints, ["count": "2", "days": "30", "at": CivilTime.rfc3339(t0), "ref": "ticket:7"])]
        let current = CustomerSatisfaction(customerId: 42, class: .angry, reasons: reasons, since: t0, assessedAt: t0, nextCheckAt: t0)
        let change = SatisfactionChange(id: 1, customerId: 42, from: .satisfied, to: .angry, reasons: reasons, cause: "ticket", at: t0)
        let data = Customer360Satisfaction.Data(current: current, changes: [change], angry: angry)
        let customer = Customer(id: 42, fields: CustomerFields(name: "مریم احمدی"), version: 1, createdAt: t0, updatedAt: t0, deletedAt: nil)
        return Customer360Satisfaction(data, customer: customer, principal: ServiceSamples.admin, text: x)
    }

    static let angry = AngryCustomer(customerId: 42, since: t0, recoveryCaseId: 3, recoveryCaseNumber: "R-1405-000003")

    static func banner(_ x: PageText) -> SatisfactionBanner { SatisfactionBanner(angry, text: x)! }

    static func disputes(_ x: PageText) -> InvoiceDisputes {
        InvoiceDisputes(invoiceId: 3, rows: [.init(id: 1, payment: x.when(t0), reason: "برداشت تکراری", opened: x.when(t0), open: true,
                                                   status: x.t("dispute_open"), outcome: x.label("dispute_outcome", "refunded"), version: 1)],
                        canWrite: true, payments: [Choice(value: "5", label: x.when(t0), selected: true)],
                        outcomes: PaymentDisputeOutcome.allCases.map { x.choice($0.rawValue, "dispute_outcome", selected: false) }, reason: "")
    }
}
