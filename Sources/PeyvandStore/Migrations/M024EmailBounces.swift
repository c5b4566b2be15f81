extension Migration {
    /// Addresses that mail came back from: one row per address (lower-cased), with the latest
    /// enhanced status code and the remote server's words, whether any bounce was permanent
    /// (`hard`, a 5.x.x failure: the address is not written to again), how many reports arrived,
    /// and the report last counted (so a report delivered twice counts once).
    static let m024EmailBounces = Migration(24, "email-bounces") { d in
        [
            """
            CREATE TABLE email_bounces (
              address TEXT PRIMARY KEY,
              status TEXT NOT NULL,
              diagnostic TEXT,
              hard \(d.boolean) NOT NULL,
              bounce_count \(d.bigint) NOT NULL,
              last_report TEXT,
              first_at \(d.bigint) NOT NULL,
              last_at \(d.bigint) NOT NULL)
            """,
        ]
    }
}
