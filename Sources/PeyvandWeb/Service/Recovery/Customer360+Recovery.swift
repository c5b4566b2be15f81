import Foundation
import PeyvandCore
import PeyvandStore

/// The 360 page's "Recovery" box: the customer's service-recovery cases, and "open one".
struct Customer360Recovery {
    struct Row { let id: Int64, number: String, status: String, statusKey: String, classes: String, opened: String }
    let rows: [Row]
    let canOpen: Bool
    let customerId: Int64
}

extension Customer360Recovery {
    /// The box, for those who read tickets (nil for the others).
    static func read(_ database: Database, customer: Customer, by principal: Principal) async throws -> [RecoveryCase]? {
        guard principal.may(.ticketsRead) else { return nil }
        return try await RecoveryCases(database).of(customerId: customer.id, limit: 10, by: principal)
    }

    init?(_ cases: [RecoveryCase]?, customer: Customer, principal: Principal, text x: PageText) {
        guard let cases else { return nil }
        let lang = x.lang.rawValue
        rows = cases.map { c in
            let before = c.classBefore?.label(language: lang) ?? x.t("recovery_no_class")
            let after = c.measuredAt == nil ? "" : " " + x.t("recovery_arrow") + " " + (c.classAfter?.label(language: lang) ?? x.t("recovery_no_class"))
            return Row(id: c.id, number: x.digits(c.number), status: x.t("recovery_status_\(c.status.rawValue)"), statusKey: c.status.rawValue,
                       classes: before + after, opened: x.when(c.openedAt))
        }
        canOpen = principal.may(.recoveryManage) && !customer.isDeleted && !cases.contains { $0.status == .open }
        customerId = customer.id
    }
}
