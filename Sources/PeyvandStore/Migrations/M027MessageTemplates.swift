extension Migration {
    /// Message and letter templates, one per name, channel and language, with merge fields checked
    /// when saved; and the channel rules the administrator sets (the order channels are tried in,
    /// quiet hours), kept in `settings`.
    static let m027MessageTemplates = Migration(27, "message-templates") { d in
        [
            """
            CREATE TABLE message_templates (
              id \(d.primaryKey),
              name TEXT NOT NULL,
              channel TEXT NOT NULL,
              language TEXT NOT NULL,
              purpose TEXT NOT NULL,
              subject TEXT,
              body TEXT NOT NULL,
              version INTEGER NOT NULL DEFAULT 1,
              created_by \(d.bigint),
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL)
            """,
            "CREATE UNIQUE INDEX message_templates_name ON message_templates (name, channel, language)",
        ]
    }
}
