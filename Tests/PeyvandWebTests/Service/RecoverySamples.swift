import Foundation
import PeyvandCore
@testable import PeyvandStore
@testable import PeyvandWeb

/// Fully populated models of the recovery pages (the queue, a case, the nurture list) and the 360
/// page's recovery box, for `TemplateKeysTests` and the view tests.
enum RecoverySamples {
    static func all(_ x: PageText) -> [(template: String, model: Any)] {
        [("recovery-list", list(x)), ("recovery-case", recoveryCase(x)), ("recovery-nurture", nurture(x))]
    }

    static let t0 = PageModelSamples.instant
    static let admin = Principal(userId: 1, name: "Admin", role: .administrator)

    static func sample(_ status: RecoveryStatus = .open) -> RecoveryCase {
        RecoveryCase(id: 4, number: "RC-000004", customerId: 3, customerName: "مریم احمدی", ticketId: 7, ticketNumber: "T-1405-000007",
                     ticketSubject: "سفارش نرسید", changeId: 9, status: status, priority: "urgent", ownerId: 1, ownerName: "مدیر خدمات",
                     classBefore: .dissatisfied, classAfter: .satisfied, cause: "بسته‌بندی ناقص", remedy: "ارسال دوباره",
                     compensationKind: .replacement, compensationAmount: Money(minorUnits: 500_000, currency: .irr), compensationPoints: 200,
                     returnId: 5, replacementOrderId: 12, outcome: "در راه", openedAt: t0, closedAt: status == .open ? nil : t0.addingTimeInterval(86_400),
                     // Measured even when open, so the sample fills every name of the page (a case is measured when closed).
                     measuredAt: t0.addingTimeInterval(86_400), version: 3, updatedAt: t0)
    }

    static func list(_ x: PageText) -> RecoveryListModel {
        RecoveryListModel(Page(items: [sample(), sample(.recovered)], next: "c"), view: "open", customerId: 3, now: t0.addingTimeInterval(3 * 86_400), text: x)
    }

    static func data(_ status: RecoveryStatus = .open) -> RecoveryCaseData {
        RecoveryCaseData(recoveryCase: sample(status),
                         reasons: [SatisfactionReason(.angryAnswer, ["csat": "1", "at": "2025-12-01T08:00:00Z", "days": "90"]),
                                   SatisfactionReason(.angryComplaints, ["count": "2", "at": "2025-12-02T08:00:00Z", "days": "30"])],
                         returns: [.init(id: 5, orderId: 11, description: "کتری برقی", quantityMilli: 1_500, returnedAt: t0)],
                         owners: [(1, "مدیر خدمات"), (2, "سارا")],
                         actions: [.init(action: "urgentRecoveryCase", status: "done", detail: nil, at: t0),
                                   .init(action: "referralOffer", status: "skipped", detail: "noConsent", at: t0)])
    }

    static func recoveryCase(_ x: PageText) -> RecoveryCaseModel {
        RecoveryCaseModel(data(), principal: admin, form: nil, issues: [FieldIssue(field: "returnId", reason: "x", code: "recovery.returnOtherCustomer")],
                          saved: "saved", baseCurrency: "IRR", text: x)
    }

    static func closed(_ x: PageText) -> RecoveryCaseModel {
        RecoveryCaseModel(data(.recovered), principal: admin, form: nil, issues: [], saved: "closed", baseCurrency: "IRR", text: x)
    }

    static func nurture(_ x: PageText) -> NurtureListModel {
        NurtureListModel(rows: [.init(customerId: 3, name: "مریم احمدی", since: x.when(t0))], next: "/recovery/nurture?after=c")
    }

    static func customerBox(_ x: PageText) -> Customer360Recovery {
        let customer = Customer(id: 3, fields: CustomerFields(name: "مریم احمدی", stage: .customer), version: 1, createdAt: t0, updatedAt: t0, deletedAt: nil)
        return Customer360Recovery([sample(.recovered)], customer: customer, principal: admin, text: x)!
    }
}
