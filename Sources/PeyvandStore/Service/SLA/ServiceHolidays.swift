import Foundation
import PeyvandCore
import SQLKit

/// The days the business clock skips: Iran's official holidays shipped for the current and the
/// next Solar Hijri year (the lunar ones from the data named in `IranHolidays`), and whatever the
/// administrator adds (a lunar holiday moved by the official calendar, a company day off) or
/// removes. Read by whoever reads tickets; changed with `service.configure`.
public struct ServiceHolidays: Sendable {
    let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// A stored holiday.
    public struct Entry: Sendable, Hashable {
        public let id: Int64
        public let holiday: Holiday
        public let source: String?
    }

    /// The holidays of a Jalali year, in order.
    public func list(year: Int, by principal: Principal) async throws -> [Entry] {
        try principal.require(.ticketsRead, to: "read the holiday calendar")
        guard let first = try? JalaliDate(year: year, month: 1, day: 1), let next = try? JalaliDate(year: year + 1, month: 1, day: 1) else { return [] }
        return try await database.sql.raw("""
            SELECT id, day, name_fa, name_en, kind, source FROM service_holidays
            WHERE day >= \(bind: Int64(first.daysSinceUnixEpoch)) AND day < \(bind: Int64(next.daysSinceUnixEpoch)) ORDER BY day, id
            """).all().map(Self.entry)
    }

    static func entry(_ row: any SQLRow) throws -> Entry {
        Entry(id: try row.decode(column: "id", as: Int64.self),
              holiday: Holiday(day: Int(try row.decode(column: "day", as: Int64.self)), nameFa: try row.decode(column: "name_fa", as: String.self),
                               nameEn: try row.decode(column: "name_en", as: String.self),
                               kind: Holiday.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .custom),
              source: try row.decode(column: "source", as: String?.self))
    }

    /// Every stored holiday as the clock reads them.
    static func calendar(_ db: any SQLDatabase) async throws -> HolidayCalendar {
        HolidayCalendar(try await db.raw("SELECT id, day, name_fa, name_en, kind, source FROM service_holidays").all().map { try entry($0).holiday })
    }

    /// Adds a day off (a Jalali date, names in both languages).
    public func add(on date: JalaliDate, nameFa: String, nameEn: String, by principal: Principal) async throws -> Entry {
        try principal.require(.serviceConfigure, to: "edit the holiday calendar")
        let holiday: Holiday
        do { holiday = try Holiday.custom(on: date, nameFa: nameFa, nameEn: nameEn) } catch { throw StoreError.invalid(error) }
        return try await database.transaction { db in
            let now = Clock.nowMillis()
            if try await db.raw("SELECT COUNT(*) AS n FROM service_holidays").first()?.decode(column: "n", as: Int.self) ?? 0 >= 2000 {
                throw StoreError.conflict("at most 2,000 holidays; remove past years first")
            }
            let id = try await db.raw("""
                INSERT INTO service_holidays (day, name_fa, name_en, kind, source, updated_at)
                VALUES (\(bind: Int64(holiday.day)), \(bind: holiday.nameFa), \(bind: holiday.nameEn), \(bind: holiday.kind.rawValue), NULL, \(bind: now))
                RETURNING id
                """).first()!.decode(column: "id", as: Int64.self)
            try await AuditLog.record(db, entity: "holiday", entityId: id, by: principal, action: "create",
                                      after: "\(date.formatted(digits: .latin)) \(holiday.nameEn)", at: now)
            return Entry(id: id, holiday: holiday, source: nil)
        }
    }

    public func remove(_ id: Int64, by principal: Principal) async throws {
        try principal.require(.serviceConfigure, to: "edit the holiday calendar")
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT id, day, name_fa, name_en, kind, source FROM service_holidays WHERE id = \(bind: id)").first() else {
                throw StoreError.notFound(entity: "holiday", id: String(id))
            }
            let entry = try Self.entry(row)
            try await db.raw("DELETE FROM service_holidays WHERE id = \(bind: id)").run()
            try await AuditLog.record(db, entity: "holiday", entityId: id, by: principal, action: "delete", before: entry.holiday.nameEn, at: Clock.nowMillis())
        }
    }
}
