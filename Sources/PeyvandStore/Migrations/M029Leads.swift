extension Migration {
    /// Where leads come from and how they are scored and handed out: web-to-lead forms (a public
    /// key each, the source and campaign they stamp, the consent wording in both languages, what
    /// the visitor sees after sending, and their own submission limits), the scoring rules, the
    /// ordered assignment rules with their reps and round-robin turn, the counters that limit
    /// submissions per client address, and the notes a rep keeps on a lead.
    static let m029Leads = Migration(29, "leads") { d in
        let yes = d == .sqlite ? "1" : "TRUE"
        return [
            """
            CREATE TABLE lead_forms (
              id \(d.primaryKey),
              public_key TEXT NOT NULL UNIQUE,
              name TEXT NOT NULL,
              source TEXT NOT NULL,
              campaign TEXT,
              language TEXT NOT NULL,
              consent_fa TEXT,
              consent_en TEXT,
              consent_channels TEXT NOT NULL,
              thank_you_url TEXT,
              thank_you_fa TEXT,
              thank_you_en TEXT,
              per_minute INTEGER NOT NULL,
              per_hour INTEGER NOT NULL,
              active \(d.boolean) NOT NULL DEFAULT \(yes),
              version \(d.bigint) NOT NULL DEFAULT 1,
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL)
            """,
            "ALTER TABLE leads ADD COLUMN form_id \(d.bigint) REFERENCES lead_forms(id)",
            "ALTER TABLE leads ADD COLUMN assigned_at \(d.bigint)",
            "CREATE INDEX leads_campaign ON leads (campaign, id)",
            """
            CREATE TABLE lead_scoring_rules (
              id \(d.primaryKey),
              field TEXT NOT NULL,
              condition TEXT NOT NULL,
              value TEXT,
              value_key TEXT,
              points INTEGER NOT NULL CHECK (points BETWEEN -1000 AND 1000),
              created_at \(d.bigint) NOT NULL)
            """,
            """
            CREATE TABLE lead_assignment_rules (
              id \(d.primaryKey),
              position INTEGER NOT NULL,
              kind TEXT NOT NULL,
              province TEXT,
              province_key TEXT,
              city TEXT,
              city_key TEXT,
              turn \(d.bigint) NOT NULL DEFAULT 0,
              active \(d.boolean) NOT NULL DEFAULT \(yes),
              created_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX lead_assignment_rules_order ON lead_assignment_rules (active, position, id)",
            """
            CREATE TABLE lead_assignment_reps (
              rule_id \(d.bigint) NOT NULL REFERENCES lead_assignment_rules(id) ON DELETE CASCADE,
              user_id \(d.bigint) NOT NULL REFERENCES users(id),
              position INTEGER NOT NULL,
              PRIMARY KEY (rule_id, user_id))
            """,
            """
            CREATE TABLE lead_submission_counters (
              address TEXT NOT NULL,
              span TEXT NOT NULL,
              window_start \(d.bigint) NOT NULL,
              count INTEGER NOT NULL,
              PRIMARY KEY (address, span))
            """,
            """
            CREATE TABLE lead_notes (
              id \(d.primaryKey),
              lead_id \(d.bigint) NOT NULL REFERENCES leads(id),
              body TEXT NOT NULL,
              author_id \(d.bigint),
              created_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX lead_notes_lead ON lead_notes (lead_id, id)",
        ]
    }
}
