import Foundation
import PeyvandCore

/// A payment as typed: amount as text, how it was paid, and for a cheque its number, bank and
/// the day it may be cashed.
public struct PaymentInput: Sendable, Hashable {
    public var amount: String
    /// `cash`, `card`, `bankTransfer`, `cheque`.
    public var method: String
    public var reference: String?
    public var chequeBank: String?
    public var chequeDueDate: Date?
    public var receivedAt: Date?

    public init(amount: String, method: String, reference: String? = nil, chequeBank: String? = nil, chequeDueDate: Date? = nil,
                receivedAt: Date? = nil) {
        self.amount = amount
        self.method = method
        self.reference = reference
        self.chequeBank = chequeBank
        self.chequeDueDate = chequeDueDate
        self.receivedAt = receivedAt
    }

    func validated(currency: Currency) throws(ValidationError) -> (Money, PaymentMethod, Date) {
        var issues: [FieldIssue] = []
        var money: Money?
        do { money = try Money(major: amount, currency: currency) } catch { issues += error.issues }
        if let m = money, m.minorUnits <= 0 { issues.append(FieldIssue(field: "amount", reason: "must be more than zero", code: "amount.positive")) }
        if let r = reference, r.count > 100 { issues.append(FieldIssue(field: "reference", reason: "at most 100 characters", code: "text.tooLong", params: ["max": "100"])) }
        var paymentMethod: PaymentMethod?
        switch method {
        case "cash": paymentMethod = .cash
        case "card": paymentMethod = .card
        case "bankTransfer", "bank-transfer": paymentMethod = .bankTransfer
        case "cheque":
            let number = reference?.trimmingCharacters(in: .whitespaces) ?? ""
            if number.isEmpty { issues.append(FieldIssue(field: "reference", reason: "a cheque needs its number", code: "cheque.number")) }
            let bank = chequeBank?.trimmingCharacters(in: .whitespaces) ?? ""
            if bank.isEmpty { issues.append(FieldIssue(field: "chequeBank", reason: "a cheque needs its bank", code: "cheque.bank")) }
            guard let due = chequeDueDate else {
                issues.append(FieldIssue(field: "chequeDueDate", reason: "a cheque needs the date it may be cashed", code: "cheque.dueDate"))
                break
            }
            if !number.isEmpty, !bank.isEmpty {
                do { paymentMethod = .cheque(try Cheque(number: number, bankName: bank, dueDate: Tehran.day(of: due))) } catch { issues += error.issues }
            }
        default:
            issues.append(FieldIssue(field: "method", reason: "must be cash, card, bankTransfer or cheque", code: "choice.unknown"))
        }
        let received = receivedAt ?? Date()
        if received > Date().addingTimeInterval(86_400) { issues.append(FieldIssue(field: "receivedAt", reason: "is in the future", code: "date.future")) }
        guard issues.isEmpty, let money, let paymentMethod else { throw ValidationError(issues) }
        return (money, paymentMethod, received)
    }
}
