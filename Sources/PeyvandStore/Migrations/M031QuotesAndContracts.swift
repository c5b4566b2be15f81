extension Migration {
    /// Quotes built from a deal's lines (numbered per Jalali year, sent with a link the customer
    /// opens to accept or decline, accepted into an order), contracts with their parties, value,
    /// term, documents and renewal reminders, and the events of both on the customer's timeline.
    ///
    /// Days (`*_day`) are civil days since 1970-01-01 in Tehran; instants (`*_at`) UTC milliseconds.
    static let m031QuotesAndContracts = Migration(31, "quotes and contracts") { d in
        [
            """
            CREATE TABLE quotes (
              id \(d.primaryKey),
              number TEXT NOT NULL UNIQUE,
              deal_id \(d.bigint) REFERENCES deals(id),
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              status TEXT NOT NULL,
              language TEXT NOT NULL,
              currency TEXT NOT NULL,
              valid_until_day \(d.bigint) NOT NULL,
              tax_bp \(d.bigint) NOT NULL CHECK (tax_bp >= 0),
              gross_minor \(d.bigint) NOT NULL CHECK (gross_minor >= 0),
              discount_minor \(d.bigint) NOT NULL CHECK (discount_minor >= 0),
              net_minor \(d.bigint) NOT NULL CHECK (net_minor >= 0),
              tax_minor \(d.bigint) NOT NULL CHECK (tax_minor >= 0),
              total_minor \(d.bigint) NOT NULL CHECK (total_minor >= 0),
              notes TEXT,
              terms TEXT,
              version \(d.bigint) NOT NULL DEFAULT 1,
              sent_at \(d.bigint),
              sent_channel TEXT,
              decided_at \(d.bigint),
              decided_by \(d.bigint) REFERENCES users(id),
              decided_via TEXT,
              decline_reason TEXT,
              order_id \(d.bigint) REFERENCES orders(id),
              token_hash TEXT UNIQUE,
              created_by \(d.bigint),
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX quotes_customer ON quotes (customer_id, id)",
            "CREATE INDEX quotes_status ON quotes (status, id)",
            "CREATE INDEX quotes_deal ON quotes (deal_id, id)",
            """
            CREATE TABLE quote_lines (
              id \(d.primaryKey),
              quote_id \(d.bigint) NOT NULL REFERENCES quotes(id),
              line_no INTEGER NOT NULL,
              product_id \(d.bigint) REFERENCES products(id),
              description TEXT NOT NULL,
              quantity_milli \(d.bigint) NOT NULL CHECK (quantity_milli > 0),
              unit_price_minor \(d.bigint) NOT NULL CHECK (unit_price_minor >= 0),
              discount_minor \(d.bigint) NOT NULL CHECK (discount_minor >= 0),
              tax_bp \(d.bigint) NOT NULL,
              net_minor \(d.bigint) NOT NULL,
              tax_minor \(d.bigint) NOT NULL,
              total_minor \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX quote_lines_quote ON quote_lines (quote_id, line_no)",
            """
            CREATE TABLE contracts (
              id \(d.primaryKey),
              number TEXT NOT NULL UNIQUE,
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              deal_id \(d.bigint) REFERENCES deals(id),
              title TEXT NOT NULL,
              parties TEXT,
              currency TEXT NOT NULL,
              value_minor \(d.bigint) NOT NULL CHECK (value_minor >= 0),
              start_day \(d.bigint) NOT NULL,
              end_day \(d.bigint) NOT NULL,
              terms TEXT,
              status TEXT NOT NULL,
              renewal_notice_days INTEGER NOT NULL DEFAULT 30 CHECK (renewal_notice_days BETWEEN 0 AND 365),
              renewal_reminded_at \(d.bigint),
              renewed_from_id \(d.bigint) REFERENCES contracts(id),
              renewed_to_id \(d.bigint) REFERENCES contracts(id),
              owner_id \(d.bigint) REFERENCES users(id),
              version \(d.bigint) NOT NULL DEFAULT 1,
              created_by \(d.bigint),
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL,
              CHECK (end_day >= start_day))
            """,
            "CREATE INDEX contracts_customer ON contracts (customer_id, id)",
            "CREATE INDEX contracts_ending ON contracts (status, end_day, id)",
            "CREATE INDEX contracts_reminders ON contracts (status, renewal_reminded_at, end_day)",
            """
            CREATE TABLE contract_documents (
              contract_id \(d.bigint) NOT NULL REFERENCES contracts(id),
              document_id \(d.bigint) NOT NULL REFERENCES documents(id),
              added_by \(d.bigint),
              added_at \(d.bigint) NOT NULL,
              PRIMARY KEY (contract_id, document_id))
            """,
            """
            CREATE TABLE agreement_events (
              id \(d.primaryKey),
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              at \(d.bigint) NOT NULL,
              kind TEXT NOT NULL,
              quote_id \(d.bigint) REFERENCES quotes(id),
              contract_id \(d.bigint) REFERENCES contracts(id),
              title TEXT NOT NULL,
              amount_minor \(d.bigint),
              currency TEXT,
              staff_id \(d.bigint))
            """,
            "CREATE INDEX agreement_events_customer ON agreement_events (customer_id, at, id)",
        ]
    }
}
