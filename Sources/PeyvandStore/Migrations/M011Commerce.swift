extension Migration {
    /// The transactions engine: products and price lists, orders and their lines, shipments,
    /// invoices and credit notes numbered without gaps per year, payments, returns, exchange
    /// rates, and one event row per change for the customer's timeline. Amounts are integers in
    /// minor units; each line and return also carries its amounts in the organisation's
    /// currency at the order's rate, so customer value sums without converting again.
    static let m011Commerce = Migration(11, "commerce") { d in
        [
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "INSERT INTO settings (key, value) VALUES ('base_currency', 'IRR')",
            """
            CREATE TABLE products (
              id \(d.primaryKey),
              sku TEXT NOT NULL UNIQUE,
              name TEXT NOT NULL,
              kind TEXT NOT NULL,
              unit TEXT NOT NULL,
              category TEXT,
              cost_minor \(d.bigint) NOT NULL,
              active \(d.boolean) NOT NULL,
              version \(d.bigint) NOT NULL,
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX products_category ON products (category, id)",
            """
            CREATE TABLE price_lists (
              id \(d.primaryKey),
              name TEXT NOT NULL UNIQUE,
              currency TEXT NOT NULL,
              created_at \(d.bigint) NOT NULL)
            """,
            """
            CREATE TABLE product_prices (
              price_list_id \(d.bigint) NOT NULL REFERENCES price_lists(id),
              product_id \(d.bigint) NOT NULL REFERENCES products(id),
              unit_price_minor \(d.bigint) NOT NULL,
              PRIMARY KEY (price_list_id, product_id))
            """,
            """
            CREATE TABLE exchange_rates (
              currency TEXT NOT NULL,
              effective_on \(d.bigint) NOT NULL,
              rate TEXT NOT NULL,
              created_at \(d.bigint) NOT NULL,
              PRIMARY KEY (currency, effective_on))
            """,
            """
            CREATE TABLE orders (
              id \(d.primaryKey),
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              status TEXT NOT NULL,
              currency TEXT NOT NULL,
              rate TEXT NOT NULL,
              price_list_id \(d.bigint) REFERENCES price_lists(id),
              channel TEXT NOT NULL,
              external_ref TEXT UNIQUE,
              ordered_at \(d.bigint) NOT NULL,
              note TEXT,
              net_minor \(d.bigint) NOT NULL,
              tax_minor \(d.bigint) NOT NULL,
              total_minor \(d.bigint) NOT NULL,
              version \(d.bigint) NOT NULL,
              created_by \(d.bigint),
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX orders_customer ON orders (customer_id, ordered_at, id)",
            "CREATE INDEX orders_status ON orders (status, id)",
            """
            CREATE TABLE order_lines (
              id \(d.primaryKey),
              order_id \(d.bigint) NOT NULL REFERENCES orders(id),
              line_no INTEGER NOT NULL,
              product_id \(d.bigint) REFERENCES products(id),
              description TEXT NOT NULL,
              quantity_milli \(d.bigint) NOT NULL,
              unit_price_minor \(d.bigint) NOT NULL,
              discount_minor \(d.bigint) NOT NULL,
              tax_bp INTEGER NOT NULL,
              net_minor \(d.bigint) NOT NULL,
              tax_minor \(d.bigint) NOT NULL,
              total_minor \(d.bigint) NOT NULL,
              unit_cost_minor \(d.bigint) NOT NULL,
              base_net_minor \(d.bigint) NOT NULL,
              base_cost_minor \(d.bigint) NOT NULL,
              shipped_milli \(d.bigint) NOT NULL,
              returned_milli \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX order_lines_order ON order_lines (order_id, line_no)",
            "CREATE INDEX order_lines_product ON order_lines (product_id)",
            """
            CREATE TABLE shipments (
              id \(d.primaryKey),
              order_id \(d.bigint) NOT NULL REFERENCES orders(id),
              carrier TEXT,
              tracking TEXT,
              shipped_at \(d.bigint) NOT NULL,
              delivered_at \(d.bigint),
              created_by \(d.bigint),
              created_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX shipments_order ON shipments (order_id, id)",
            """
            CREATE TABLE shipment_lines (
              shipment_id \(d.bigint) NOT NULL REFERENCES shipments(id),
              order_line_id \(d.bigint) NOT NULL REFERENCES order_lines(id),
              quantity_milli \(d.bigint) NOT NULL,
              PRIMARY KEY (shipment_id, order_line_id))
            """,
            """
            CREATE TABLE number_sequences (
              series TEXT NOT NULL,
              year INTEGER NOT NULL,
              last \(d.bigint) NOT NULL,
              PRIMARY KEY (series, year))
            """,
            """
            CREATE TABLE invoices (
              id \(d.primaryKey),
              number TEXT NOT NULL UNIQUE,
              kind TEXT NOT NULL,
              order_id \(d.bigint) NOT NULL REFERENCES orders(id),
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              credits_invoice_id \(d.bigint) REFERENCES invoices(id),
              currency TEXT NOT NULL,
              issued_at \(d.bigint) NOT NULL,
              due_at \(d.bigint) NOT NULL,
              terms_days INTEGER NOT NULL,
              net_minor \(d.bigint) NOT NULL,
              tax_minor \(d.bigint) NOT NULL,
              total_minor \(d.bigint) NOT NULL,
              paid_minor \(d.bigint) NOT NULL,
              credited_minor \(d.bigint) NOT NULL,
              settled_at \(d.bigint),
              version \(d.bigint) NOT NULL,
              created_by \(d.bigint),
              created_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX invoices_customer ON invoices (customer_id, issued_at, id)",
            "CREATE INDEX invoices_order ON invoices (order_id)",
            "CREATE INDEX invoices_open ON invoices (settled_at, due_at, id)",
            """
            CREATE TABLE payments (
              id \(d.primaryKey),
              invoice_id \(d.bigint) NOT NULL REFERENCES invoices(id),
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              amount_minor \(d.bigint) NOT NULL,
              currency TEXT NOT NULL,
              method TEXT NOT NULL,
              reference TEXT,
              cheque_bank TEXT,
              cheque_due_at \(d.bigint),
              received_at \(d.bigint) NOT NULL,
              created_by \(d.bigint),
              created_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX payments_invoice ON payments (invoice_id, id)",
            "CREATE INDEX payments_customer ON payments (customer_id, received_at, id)",
            """
            CREATE TABLE returns (
              id \(d.primaryKey),
              order_id \(d.bigint) NOT NULL REFERENCES orders(id),
              order_line_id \(d.bigint) NOT NULL REFERENCES order_lines(id),
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              quantity_milli \(d.bigint) NOT NULL,
              reason TEXT NOT NULL,
              restock \(d.boolean) NOT NULL,
              credit_note_id \(d.bigint) REFERENCES invoices(id),
              net_minor \(d.bigint) NOT NULL,
              tax_minor \(d.bigint) NOT NULL,
              base_net_minor \(d.bigint) NOT NULL,
              base_cost_minor \(d.bigint) NOT NULL,
              returned_at \(d.bigint) NOT NULL,
              created_by \(d.bigint),
              created_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX returns_order ON returns (order_id, id)",
            "CREATE INDEX returns_customer ON returns (customer_id, returned_at)",
            """
            CREATE TABLE commerce_events (
              id \(d.primaryKey),
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              at \(d.bigint) NOT NULL,
              kind TEXT NOT NULL,
              order_id \(d.bigint),
              invoice_id \(d.bigint),
              title TEXT NOT NULL,
              amount_minor \(d.bigint),
              currency TEXT,
              staff_id \(d.bigint))
            """,
            "CREATE INDEX commerce_events_customer ON commerce_events (customer_id, at, id)",
        ]
    }
}
