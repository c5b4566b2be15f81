extension Migration {
    /// The files of a ticket's thread: which of the customer's documents came with (or went with)
    /// which ticket message — an email's attachments, an agent's files on a reply or a note. The
    /// key reads a message's files; the second index finds the messages a document belongs to.
    static let m045TicketMessageDocuments = Migration(45, "ticket message documents") { d in
        [
            """
            CREATE TABLE ticket_message_documents (
              message_id \(d.bigint) NOT NULL REFERENCES ticket_messages(id),
              document_id \(d.bigint) NOT NULL REFERENCES documents(id),
              PRIMARY KEY (message_id, document_id))
            """,
            "CREATE INDEX ticket_message_documents_document ON ticket_message_documents (document_id, message_id)",
        ]
    }
}
