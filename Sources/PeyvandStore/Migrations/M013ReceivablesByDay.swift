extension Migration {
    /// What is owed, summed per currency and due day (Tehran): kept in the same transaction as
    /// every invoice, payment and credit note, so the ageing report reads a few hundred rows
    /// instead of every open invoice. Filled from the invoices already there.
    static let m013ReceivablesByDay = Migration(13, "receivables-by-day") { d in
        [
            """
            CREATE TABLE receivables_by_day (
              currency TEXT NOT NULL,
              due_day \(d.bigint) NOT NULL,
              outstanding_minor \(d.bigint) NOT NULL,
              PRIMARY KEY (currency, due_day))
            """,
            """
            INSERT INTO receivables_by_day (currency, due_day, outstanding_minor)
            SELECT currency, (due_at + \(Receivables.tehranOffsetMillis)) / 86400000,
                   SUM(total_minor - paid_minor - credited_minor)
            FROM invoices WHERE kind = 'invoice' AND settled_at IS NULL
            GROUP BY currency, (due_at + \(Receivables.tehranOffsetMillis)) / 86400000
            """,
        ]
    }
}
