extension Migration {
    /// The outbox: every outgoing message is written here in the same transaction as what caused
    /// it, then delivered by the worker (claimed with a lease, retried with back-off, dead after
    /// the last attempt). `next_attempt_at` is when a queued or failed message is due, and for a
    /// message being sent the end of its lease. Webhook subscriptions say which events go where.
    static let m021Outbox = Migration(21, "outbox") { d in
        [
            """
            CREATE TABLE outbox_messages (
              id \(d.primaryKey),
              channel TEXT NOT NULL,
              idempotency_key TEXT NOT NULL UNIQUE,
              customer_id \(d.bigint),
              subscription_id \(d.bigint),
              event_type TEXT,
              recipient TEXT NOT NULL,
              payload TEXT NOT NULL,
              status TEXT NOT NULL,
              attempts INTEGER NOT NULL DEFAULT 0,
              next_attempt_at \(d.bigint) NOT NULL,
              last_error TEXT,
              created_at \(d.bigint) NOT NULL,
              sent_at \(d.bigint))
            """,
            "CREATE INDEX outbox_messages_due ON outbox_messages (status, next_attempt_at, id)",
            "CREATE INDEX outbox_messages_customer ON outbox_messages (customer_id, id)",
            """
            CREATE TABLE webhook_subscriptions (
              id \(d.primaryKey),
              url TEXT NOT NULL,
              event_types TEXT NOT NULL,
              secret TEXT NOT NULL,
              active \(d.boolean) NOT NULL,
              created_by \(d.bigint),
              created_at \(d.bigint) NOT NULL)
            """,
        ]
    }
}
