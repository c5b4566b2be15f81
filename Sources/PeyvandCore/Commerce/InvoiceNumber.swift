import Foundation

/// A gapless, per-year invoice number: `1405-000042` is the 42nd invoice
/// issued in Jalali year 1405.
///
/// The year is the Jalali year of the issue date in Tehran. This type only
/// formats and parses; the store allocates sequences (1, 2, 3, … with no
/// gaps, restarting at 1 each Jalali year). ``gaps(in:)`` audits a list.
///
/// * `year` is 1000…9999, `sequence` 1…999 999 999: at least six digits, more only for an
///   organisation that issues over a million invoices in a year (`1405-1000000`).
/// * ``parse(_:)`` accepts ASCII, Persian and Arabic-Indic digits.
/// * Ordered by year, then sequence. JSON shape: `"1405-000042"`.
///
/// Errors use field `"invoiceNumber"`.
public struct InvoiceNumber: Sendable, Hashable, Comparable, TextCodable {
    /// Largest sequence number in a year.
    public static let maxSequence = 999_999_999

    public let year: Int
    public let sequence: Int

    public init(year: Int, sequence: Int) throws(ValidationError) {
        guard (1000...9999).contains(year) else {
            throw ValidationError(field: "invoiceNumber", reason: "year must have four digits", code: "invoice.number")
        }
        guard (1...InvoiceNumber.maxSequence).contains(sequence) else {
            throw ValidationError(field: "invoiceNumber", reason: "sequence must be between 1 and \(InvoiceNumber.maxSequence)", code: "invoice.number")
        }
        self.year = year
        self.sequence = sequence
    }

    /// The number for an invoice issued on `day`.
    public init(issuedOn day: JalaliDate, sequence: Int) throws(ValidationError) {
        try self.init(year: day.year, sequence: sequence)
    }

    /// The number for an invoice issued at `instant` (its Jalali year in Tehran).
    public init(issuedAt instant: Date, sequence: Int) throws(ValidationError) {
        try self.init(issuedOn: Tehran.day(of: instant), sequence: sequence)
    }

    /// Parses `"1405-000042"` (also `"۱۴۰۵-۰۰۰۰۴۲"`). Exactly four year
    /// digits, `-`, six to nine sequence digits (more than six only without leading zeros).
    public static func parse(_ text: String) throws(ValidationError) -> InvoiceNumber {
        let latin = PersianText.latinDigits(text.trimmingCharacters(in: .whitespacesAndNewlines))
        let parts = latin.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, (6...9).contains(parts[1].count), parts[1].count == 6 || parts[1].first != "0",
              parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
              let year = Int(parts[0]), let sequence = Int(parts[1])
        else {
            throw ValidationError(field: "invoiceNumber", reason: "expected an invoice number like 1405-000042", code: "invoice.number")
        }
        return try InvoiceNumber(year: year, sequence: sequence)
    }

    /// The next number in the same year. Throws when the year is exhausted.
    public func next() throws(ValidationError) -> InvoiceNumber {
        try InvoiceNumber(year: year, sequence: sequence + 1)
    }

    /// `"1405-000042"`.
    public var description: String {
        JalaliDate.pad(year, 4) + "-" + JalaliDate.pad(sequence, 6)
    }

    /// ``description`` with Persian or Latin digits.
    public func formatted(digits: JalaliDate.Digits = .persian) -> String {
        digits == .persian ? PersianText.persianDigits(description) : description
    }

    /// The numbers missing from `numbers` (per year, from 1 up to that year's
    /// highest), in order. Empty when the list is gapless.
    public static func gaps(in numbers: [InvoiceNumber]) -> [InvoiceNumber] {
        var seen: [Int: Set<Int>] = [:]
        for number in numbers { seen[number.year, default: []].insert(number.sequence) }
        var missing: [InvoiceNumber] = []
        for (year, sequences) in seen.sorted(by: { $0.key < $1.key }) {
            for sequence in 1...sequences.max()! where !sequences.contains(sequence) {
                missing.append(InvoiceNumber(checkedYear: year, sequence: sequence))
            }
        }
        return missing
    }

    private init(checkedYear year: Int, sequence: Int) {
        self.year = year
        self.sequence = sequence
    }

    public static func < (lhs: InvoiceNumber, rhs: InvoiceNumber) -> Bool {
        (lhs.year, lhs.sequence) < (rhs.year, rhs.sequence)
    }

    public static func parseText(_ text: String) throws(ValidationError) -> InvoiceNumber { try parse(text) }
}
