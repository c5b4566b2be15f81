import SQLKit

extension Migration {
    /// Surveys: one row per survey sent to a customer — after a ticket was resolved, after a
    /// delivery, or by hand — holding its answer once it comes (CSAT 1–5, NPS 0–10, a comment).
    /// The link the customer follows carries a signed token; only its SHA-256 is kept
    /// (`token_hash`), so a leaked database yields no working links. A survey is answered once:
    /// `answered_at` is set by a single conditional UPDATE, so a link sent twice or replayed is
    /// counted once. At most one survey per ticket and per shipment (the unique keys), so a
    /// ticket resolved twice or a watch run twice never asks the customer twice.
    static let m037Surveys = Migration(37, "surveys") { d in
        [
            """
            CREATE TABLE surveys (
              id \(d.primaryKey),
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              occasion TEXT NOT NULL,
              ticket_id \(d.bigint) REFERENCES tickets(id),
              shipment_id \(d.bigint) REFERENCES shipments(id),
              channel TEXT,
              language TEXT NOT NULL,
              token_hash TEXT NOT NULL UNIQUE,
              outbox_message_id \(d.bigint),
              sent_at \(d.bigint),
              expires_at \(d.bigint) NOT NULL,
              answered_at \(d.bigint),
              csat INTEGER CHECK (csat BETWEEN 1 AND 5),
              nps INTEGER CHECK (nps BETWEEN 0 AND 10),
              comment TEXT,
              created_by \(d.bigint),
              created_at \(d.bigint) NOT NULL,
              UNIQUE (ticket_id),
              UNIQUE (shipment_id))
            """,
            "CREATE INDEX surveys_customer ON surveys (customer_id, answered_at, id)",
            "CREATE INDEX surveys_answered ON surveys (answered_at, id)",
        ]
    }
}
