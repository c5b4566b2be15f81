extension Migration {
    /// Every interaction with a customer, for the one timeline of the customer 360; and the
    /// people of an organisation (contacts with a job title) and relations between customers.
    static let m004Interactions = Migration(4, "interactions-and-contacts") { d in
        [
            """
            CREATE TABLE interactions (
              id \(d.primaryKey),
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              kind TEXT NOT NULL,
              channel TEXT,
              direction TEXT,
              occurred_at \(d.bigint) NOT NULL,
              staff_id \(d.bigint) REFERENCES users(id),
              subject TEXT,
              body TEXT,
              outcome TEXT,
              duration_seconds \(d.bigint),
              cost_minor \(d.bigint),
              cost_currency TEXT,
              created_by \(d.bigint),
              created_at \(d.bigint) NOT NULL,
              deleted_at \(d.bigint))
            """,
            "CREATE INDEX interactions_customer ON interactions (customer_id, occurred_at, id)",
            "CREATE INDEX interactions_staff ON interactions (staff_id, occurred_at)",
            "ALTER TABLE customers ADD COLUMN organisation_id \(d.bigint) REFERENCES customers(id)",
            "ALTER TABLE customers ADD COLUMN job_title TEXT",
            "CREATE INDEX customers_organisation ON customers (organisation_id, id)",
            """
            CREATE TABLE customer_relations (
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              related_id \(d.bigint) NOT NULL REFERENCES customers(id),
              kind TEXT NOT NULL,
              created_at \(d.bigint) NOT NULL,
              PRIMARY KEY (customer_id, kind, related_id))
            """,
            "CREATE INDEX customer_relations_related ON customer_relations (related_id)",
        ]
    }
}
