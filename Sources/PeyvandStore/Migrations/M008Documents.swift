extension Migration {
    /// Documents attached to a customer or an interaction; the bytes live on disk, named by their SHA-256.
    static let m008Documents = Migration(8, "documents") { d in
        [
            """
            CREATE TABLE documents (
              id \(d.primaryKey),
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              interaction_id \(d.bigint) REFERENCES interactions(id),
              sha256 TEXT NOT NULL,
              size \(d.bigint) NOT NULL,
              media_type TEXT NOT NULL,
              filename TEXT NOT NULL,
              uploaded_by \(d.bigint),
              created_at \(d.bigint) NOT NULL,
              deleted_at \(d.bigint))
            """,
            "CREATE INDEX documents_customer ON documents (customer_id, created_at, id)",
        ]
    }
}
