import Foundation
import PeyvandCore
import PeyvandStore

/// The task form's customer, typed as a person knows them: a name, a phone number, an email or
/// the customer's number. The form carries the chosen customer's id beside the text; when the text
/// is changed it is looked up: one match is taken, several are offered to pick from, none is an
/// error on the field. Emptying the text unlinks the customer.
struct TaskCustomerPick {
    /// The customer id to store (nil: none).
    var customerId: Int64?
    /// Customers the text matched when it matched more than one: the form offers them.
    var candidates: [(Int64, String)] = []
    var issues: [FieldIssue] = []

    static func read(_ form: FormData, database: Database, by principal: Principal) async throws -> TaskCustomerPick {
        var pick = TaskCustomerPick()
        if let chosen = form["customerPick"].flatMap({ Int64($0) }), chosen > 0 {
            pick.customerId = chosen
            return pick
        }
        let kept = form["customerId"].flatMap { Int64(PersianText.latinDigits($0).trimmingCharacters(in: .whitespaces)) }
        guard let typed = form["customer"]?.trimmingCharacters(in: .whitespacesAndNewlines) else {
            // A form without the text field (the quick add, an older page): the id as posted.
            pick.customerId = kept
            return pick
        }
        if typed.isEmpty { return pick }
        if typed.count > 200 {
            pick.issues.append(FieldIssue(field: "customerId", reason: "must be at most 200 characters", code: "text.tooLong", params: ["max": "200"]))
            return pick
        }
        // Unchanged: the text is still the linked customer's name (or their number).
        if let kept, form["customerName"] == typed || String(kept) == PersianText.latinDigits(typed) {
            pick.customerId = kept
            return pick
        }
        let number = PersianText.latinDigits(typed).trimmingCharacters(in: CharacterSet(charactersIn: "#"))
        if let id = Int64(number), id > 0, number.count < 10 {
            pick.customerId = id
            return pick
        }
        let found = try await CustomerRepository(database).list(CustomerQuery(q: typed, limit: 20), by: principal).items.filter { !$0.isDeleted }
        switch found.count {
        case 0:
            pick.issues.append(FieldIssue(field: "customerId", reason: "no customer matches", code: "task.customerNone"))
        case 1:
            pick.customerId = found[0].id
        default:
            pick.candidates = found.map { ($0.id, $0.fields.name) }
            pick.issues.append(FieldIssue(field: "customerId", reason: "several customers match: pick one", code: "task.customerPick"))
        }
        return pick
    }
}
