extension Migration {
    /// Every message that travels on a channel, in or out: its peer's id (`external_id`: an email's
    /// Message-ID, an SMS gateway's message id, a bot's message id), the customer and the timeline
    /// interaction it belongs to, the conversation it continues (`thread_id`, the first message's
    /// id), the outbox message that carries it out, and its delivery status. Inbound messages are
    /// de-duplicated by their external id, so a gateway that pushes one twice lands it once.
    static let m022ChannelMessages = Migration(22, "channel-messages") { d in
        [
            """
            CREATE TABLE channel_messages (
              id \(d.primaryKey),
              channel TEXT NOT NULL,
              direction TEXT NOT NULL,
              external_id TEXT,
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              interaction_id \(d.bigint) REFERENCES interactions(id),
              thread_id \(d.bigint),
              outbox_message_id \(d.bigint),
              address TEXT NOT NULL,
              status TEXT NOT NULL,
              status_detail TEXT,
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL)
            """,
            "CREATE UNIQUE INDEX channel_messages_external ON channel_messages (channel, direction, external_id)",
            "CREATE INDEX channel_messages_interaction ON channel_messages (interaction_id)",
            "CREATE INDEX channel_messages_outbox ON channel_messages (outbox_message_id)",
            "CREATE INDEX channel_messages_customer ON channel_messages (customer_id, id)",
        ]
    }
}
