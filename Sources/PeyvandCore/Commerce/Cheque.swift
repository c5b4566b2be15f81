import Foundation

/// A cheque received as payment. Post-dated cheques (due date after the
/// day they are received) are common in Iran.
///
/// * `number`: 1…20 digits after normalising Persian/Arabic-Indic digits to
///   ASCII and removing spaces and `-` (field `"chequeNumber"`). The 16-digit
///   Sayad id fits.
/// * `bankName`: trimmed, 1…100 characters (field `"bankName"`).
/// * `dueDate`: the day the cheque may be cashed.
public struct Cheque: Sendable, Hashable, Codable {
    public let number: String
    public let bankName: String
    public let dueDate: JalaliDate

    public init(number: String, bankName: String, dueDate: JalaliDate) throws(ValidationError) {
        var problems: [FieldIssue] = []
        let digits = String(PersianText.latinDigits(number).unicodeScalars.filter { $0 != " " && $0 != "-" && !$0.properties.isWhitespace })
        if digits.isEmpty {
            problems.append(FieldIssue(field: "chequeNumber", reason: "empty", code: "required"))
        } else if !digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            problems.append(FieldIssue(field: "chequeNumber", reason: "cheque number must contain only digits", code: "cheque.digits"))
        } else if digits.utf8.count > 20 {
            problems.append(FieldIssue(field: "chequeNumber", reason: "cheque number must have at most 20 digits", code: "cheque.tooLong", params: ["max": "20"]))
        }
        let bank = bankName.trimmingCharacters(in: .whitespacesAndNewlines)
        if bank.isEmpty {
            problems.append(FieldIssue(field: "bankName", reason: "empty", code: "required"))
        } else if bank.count > 100 {
            problems.append(FieldIssue(field: "bankName", reason: "bank name must be at most 100 characters", code: "text.tooLong", params: ["max": "100"]))
        }
        guard problems.isEmpty else { throw ValidationError(problems) }
        self.number = digits
        self.bankName = bank
        self.dueDate = dueDate
    }

    /// Whether the cheque cannot be cashed yet on `day`.
    public func isPostDated(relativeTo day: JalaliDate) -> Bool { dueDate > day }

    private enum CodingKeys: String, CodingKey { case number, bankName, dueDate }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let number = try container.decode(String.self, forKey: .number)
        let bankName = try container.decode(String.self, forKey: .bankName)
        let dueDate = try container.decode(JalaliDate.self, forKey: .dueDate)
        do {
            try self.init(number: number, bankName: bankName, dueDate: dueDate)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .number, in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .number)
        try container.encode(bankName, forKey: .bankName)
        try container.encode(dueDate, forKey: .dueDate)
    }
}
