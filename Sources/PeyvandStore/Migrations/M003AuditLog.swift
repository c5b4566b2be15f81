extension Migration {
    /// Who changed what, when: one row per changed field (and one per create, delete, restore).
    static let m003AuditLog = Migration(3, "audit-log") { d in
        [
            """
            CREATE TABLE audit_log (
              id \(d.primaryKey),
              entity TEXT NOT NULL,
              entity_id \(d.bigint) NOT NULL,
              at \(d.bigint) NOT NULL,
              actor_id \(d.bigint),
              actor_name TEXT,
              action TEXT NOT NULL,
              field TEXT,
              before_value TEXT,
              after_value TEXT)
            """,
            "CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id)",
        ]
    }
}
