import SQLKit

/// Gapless numbers per series and year (invoices, credit notes). The next number is taken inside
/// the caller's write transaction with one upsert: the row lock makes concurrent writers wait,
/// and a rolled-back transaction gives its number back, so no number is skipped or used twice.
enum NumberSequence {
    static func next(_ db: any SQLDatabase, series: String, year: Int) async throws -> Int {
        let row = try await db.raw("""
            INSERT INTO number_sequences (series, year, last) VALUES (\(bind: series), \(bind: year), 1)
            ON CONFLICT (series, year) DO UPDATE SET last = number_sequences.last + 1
            RETURNING last
            """).first()
        guard let last = try row?.decode(column: "last", as: Int64.self) else { throw StoreError.conflict("no number was allocated") }
        return Int(last)
    }
}
