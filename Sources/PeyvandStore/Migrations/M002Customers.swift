extension Migration {
    /// Customers. Lists of phones, emails and tags are kept in the row as JSON (one read shows a
    /// customer) and, normalised, in `customer_keys` for indexed lookup by phone, email or tag.
    static let m002Customers = Migration(2, "customers") { d in
        [
            """
            CREATE TABLE customers (
              id \(d.primaryKey),
              kind TEXT NOT NULL,
              name TEXT NOT NULL,
              given_name TEXT,
              family_name TEXT,
              phones TEXT NOT NULL,
              emails TEXT NOT NULL,
              city TEXT,
              stage TEXT NOT NULL,
              owner_id \(d.bigint) REFERENCES users(id),
              tags TEXT NOT NULL,
              custom_fields TEXT NOT NULL,
              preferred_channel TEXT,
              consent_email \(d.boolean) NOT NULL,
              consent_sms \(d.boolean) NOT NULL,
              consent_phone \(d.boolean) NOT NULL,
              consent_letter \(d.boolean) NOT NULL,
              search_key TEXT NOT NULL,
              version \(d.bigint) NOT NULL,
              created_by \(d.bigint),
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL,
              deleted_at \(d.bigint))
            """,
            "CREATE INDEX customers_owner ON customers (owner_id, id)",
            "CREATE INDEX customers_stage ON customers (stage, id)",
            "CREATE INDEX customers_city ON customers (city, id)",
            """
            CREATE TABLE customer_keys (
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
              kind TEXT NOT NULL,
              key TEXT NOT NULL,
              PRIMARY KEY (kind, key, customer_id))
            """,
            "CREATE INDEX customer_keys_customer ON customer_keys (customer_id)",
            """
            CREATE TABLE customer_shares (
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
              user_id \(d.bigint) NOT NULL REFERENCES users(id),
              PRIMARY KEY (customer_id, user_id))
            """,
            "CREATE INDEX customer_shares_user ON customer_shares (user_id, customer_id)",
        ]
    }
}
