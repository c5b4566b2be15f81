import Foundation
import PeyvandCore
import SQLKit

/// Which customers' and deals' tasks and meetings a person reaches, as SQL conditions: every one
/// for roles that reach every customer, else those of customers they own or were shared, and of
/// deals they own.
public enum SalesReach {
    /// `column` names a customer the person reaches (true for every customer on `.all` roles).
    static func customer(_ column: String, _ principal: Principal) -> SQLQueryString {
        guard principal.customerScope == .ownedOrShared else { return "1 = 1" }
        return """
            \(unsafeRaw: column) IN (SELECT c2.id FROM customers c2 WHERE c2.owner_id = \(bind: principal.userId)
              OR EXISTS (SELECT 1 FROM customer_shares s WHERE s.customer_id = c2.id AND s.user_id = \(bind: principal.userId)))
            """
    }

    /// Refuses a read without `sales.read` or `customers.read`.
    static func requireRead(_ principal: Principal, _ what: String) throws {
        guard principal.may(.salesRead) || principal.may(.customersRead) else {
            throw StoreError.forbidden("the role \(principal.role.rawValue) may not read \(what)")
        }
    }

    /// Checks a customer and a deal named by a task or meeting exist and are in reach (422 when not,
    /// the same answer for both, so the field reveals nothing).
    static func checkLinks(_ db: any SQLDatabase, customerId: Int64?, dealId: Int64?, by principal: Principal) async throws {
        if let customerId {
            let row = try await db.raw("""
                SELECT id FROM customers WHERE id = \(bind: customerId) AND deleted_at IS NULL AND \(customer("id", principal))
                """).first()
            if row == nil { throw StoreError.invalid(ValidationError(field: "customerId", reason: "no customer in reach has this id", code: "ref.unknown")) }
        }
        if let dealId {
            let row = try await db.raw("""
                SELECT id FROM deals WHERE id = \(bind: dealId) AND deleted_at IS NULL
                  AND (owner_id = \(bind: principal.userId) OR \(customer("customer_id", principal)))
                """).first()
            if row == nil { throw StoreError.invalid(ValidationError(field: "dealId", reason: "no deal in reach has this id", code: "ref.unknown")) }
        }
    }

    /// Checks a user id names an active member of staff.
    static func checkUser(_ db: any SQLDatabase, _ id: Int64, field: String) async throws {
        if try await db.raw("SELECT id FROM users WHERE id = \(bind: id) AND active = \(bind: true)").first() == nil {
            throw StoreError.invalid(ValidationError(field: field, reason: "must be an active member of staff", code: "id.user"))
        }
    }

    /// The start and end of the day holding `now` in `zone`.
    public static func day(containing now: Date, in zone: TimeZone) -> (start: Date, end: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let start = calendar.startOfDay(for: now)
        return (start, calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86400))
    }
}
