extension Migration {
    /// Messenger bots (the Telegram Bot API that Bale also offers). `messenger_settings` is the
    /// installation's one bot: its user name, where its API is, the secret in its webhook path,
    /// the header secret it was registered with, and the polling offset. `messenger_link_codes`
    /// are the one-time codes staff make for a customer; `messenger_links` ties a chat to a
    /// customer; `messenger_updates` remembers the updates already handled, so a repeated one is
    /// not stored twice; `messenger_parts` the parts of a long outgoing message already sent, so a
    /// retry sends only the rest.
    static let m026MessengerLinks = Migration(26, "messenger-links") { d in
        [
            """
            CREATE TABLE messenger_settings (
              id INTEGER PRIMARY KEY,
              bot_name TEXT,
              base_url TEXT,
              path_secret TEXT NOT NULL,
              header_secret TEXT,
              poll_offset \(d.bigint) NOT NULL DEFAULT 0,
              updated_at \(d.bigint) NOT NULL)
            """,
            """
            CREATE TABLE messenger_link_codes (
              code TEXT PRIMARY KEY,
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              created_by \(d.bigint),
              created_at \(d.bigint) NOT NULL,
              expires_at \(d.bigint) NOT NULL,
              consumed_at \(d.bigint))
            """,
            "CREATE INDEX messenger_link_codes_customer ON messenger_link_codes (customer_id, created_at)",
            """
            CREATE TABLE messenger_links (
              id \(d.primaryKey),
              bot TEXT NOT NULL,
              chat_id TEXT NOT NULL,
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              user_name TEXT,
              display_name TEXT,
              linked_at \(d.bigint) NOT NULL,
              active \(d.boolean) NOT NULL,
              inactive_reason TEXT,
              updated_at \(d.bigint) NOT NULL)
            """,
            "CREATE UNIQUE INDEX messenger_links_chat ON messenger_links (bot, chat_id)",
            "CREATE INDEX messenger_links_customer ON messenger_links (customer_id, active, id)",
            """
            CREATE TABLE messenger_updates (
              bot TEXT NOT NULL,
              update_id \(d.bigint) NOT NULL,
              received_at \(d.bigint) NOT NULL,
              PRIMARY KEY (bot, update_id))
            """,
            """
            CREATE TABLE messenger_parts (
              outbox_message_id \(d.bigint) NOT NULL,
              part INTEGER NOT NULL,
              message_id TEXT NOT NULL,
              sent_at \(d.bigint) NOT NULL,
              PRIMARY KEY (outbox_message_id, part))
            """,
        ]
    }
}
