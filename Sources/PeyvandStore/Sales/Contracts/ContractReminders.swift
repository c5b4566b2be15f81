import Foundation
import PeyvandCore
import SQLKit

/// Renewal reminders: each active contract whose end is within its notice period is claimed once
/// (one conditional update; `SKIP LOCKED` on PostgreSQL, so several instances never claim the same
/// one) and its owner is emailed through the outbox, in the same transaction as the claim.
public struct ContractReminders: Sendable {
    let database: Database
    /// Where the owner opens the contract (the server's public address).
    let baseURL: String

    public init(_ database: Database, baseURL: String = "") {
        self.database = database
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// One reminder as claimed.
    public struct Claimed: Sendable, Hashable {
        public let contractId: Int64
        public let number: String
        public let ownerEmail: String?
    }

    /// Claims the contracts due a reminder on `now`'s day in Tehran and queues their emails; returns them.
    @discardableResult
    public func run(now: Date = Date(), limit: Int = 100) async throws -> [Claimed] {
        let today = Int64(Tehran.day(of: now).daysSinceUnixEpoch)
        let millis = Clock.millis(now)
        let skipLocked = database.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await database.transaction { db in
            let rows = try await db.raw("""
                UPDATE contracts SET renewal_reminded_at = \(bind: millis)
                WHERE renewal_reminded_at IS NULL AND status = 'active' AND id IN (
                  SELECT id FROM contracts WHERE status = 'active' AND renewal_reminded_at IS NULL
                    AND end_day - renewal_notice_days <= \(bind: today) AND end_day >= \(bind: today)
                  ORDER BY end_day, id LIMIT \(bind: max(1, min(limit, 500)))\(unsafeRaw: skipLocked))
                RETURNING id, number, title, end_day, owner_id, customer_id
                """).all()
            var claimed: [Claimed] = []
            for row in rows {
                let id = try row.decode(column: "id", as: Int64.self)
                let number = try row.decode(column: "number", as: String.self)
                let title = try row.decode(column: "title", as: String.self)
                let end = JalaliDate(daysSinceUnixEpoch: Int(try row.decode(column: "end_day", as: Int64.self)))
                var email: String?
                if let owner = try row.decode(column: "owner_id", as: Int64?.self) {
                    let customer = try await db.raw("SELECT name FROM customers WHERE id = \(bind: try row.decode(column: "customer_id", as: Int64.self))")
                        .first()?.decode(column: "name", as: String.self) ?? ""
                    email = try await StaffNotices.email(db, to: owner, key: "contract-renewal:\(id):\(end.daysSinceUnixEpoch)", at: now) { language in
                        Self.payload(number: number, title: title, customer: customer, end: end, link: "\(baseURL)/contracts/\(id)",
                                     language: language.rawValue)
                    }
                }
                claimed.append(Claimed(contractId: id, number: number, ownerEmail: email))
            }
            return claimed
        }
    }

    /// The owner's reminder, in their language.
    static func payload(number: String, title: String, customer: String, end: JalaliDate, link: String, language: String) -> ChannelPayload {
        if language == "en" {
            let g = end.gregorian
            let day = String(format: "%04d-%02d-%02d", g.year, g.month, g.day)
            return ChannelPayload(subject: "Contract \(number) ends on \(day)",
                                  text: "Contract \(number) \"\(title)\" with \(customer) ends on \(day). Renew it or let it end: \(link)",
                                  language: "en")
        }
        let day = end.formatted(.numeric, digits: .persian)
        let n = PersianText.persianDigits(number)
        return ChannelPayload(subject: "قرارداد \(n) در \(day) پایان می‌یابد",
                              text: "قرارداد \(n) «\(title)» با \(customer) در \(day) پایان می‌یابد. تمدید کنید یا بگذارید پایان یابد: \(link)",
                              language: "fa")
    }

    /// Every `interval` until cancelled: the serve loop.
    public func loop(every interval: Duration = .seconds(3600)) async {
        while !Task.isCancelled {
            _ = try? await run()
            try? await Task.sleep(for: interval)
        }
    }
}
