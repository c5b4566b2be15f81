import Foundation

/// When an invoice falls due: "net N days" after the issue day, N in 0…365
/// (0 is due on receipt).
///
/// Loyalty terms (e.g. net 60 for a long-standing customer instead of the
/// usual net 30) are just another `PaymentTerms` value chosen by the caller;
/// there is no separate type.
///
/// JSON shape: `{"netDays":30}`. Errors use field `"paymentTerms"`.
public struct PaymentTerms: Sendable, Hashable, Codable, CustomStringConvertible {
    public static let maxNetDays = 365

    public let netDays: Int

    public static let dueOnReceipt = PaymentTerms(unchecked: 0)

    private init(unchecked netDays: Int) {
        self.netDays = netDays
    }

    public init(netDays: Int) throws(ValidationError) {
        guard (0...PaymentTerms.maxNetDays).contains(netDays) else {
            throw ValidationError(field: "paymentTerms", reason: "net days must be between 0 and \(PaymentTerms.maxNetDays)", code: "number.range", params: ["min": "0", "max": "\(PaymentTerms.maxNetDays)"])
        }
        self.netDays = netDays
    }

    /// `issueDay + netDays`.
    public func dueDate(issuedOn issueDay: JalaliDate) -> JalaliDate {
        issueDay.adding(days: netDays)
    }

    /// The due day for an invoice issued at `instant`, counting from its day in Tehran.
    public func dueDate(issuedAt instant: Date) -> JalaliDate {
        dueDate(issuedOn: Tehran.day(of: instant))
    }

    /// `"net 30"`.
    public var description: String { "net \(netDays)" }

    private enum CodingKeys: String, CodingKey { case netDays }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let days = try container.decode(Int.self, forKey: .netDays)
        do {
            try self.init(netDays: days)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .netDays, in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(netDays, forKey: .netDays)
    }
}
