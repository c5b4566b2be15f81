extension Migration {
    /// Selling: pipelines with ordered stages (each with its default probability), deals on them
    /// (customer, owner, amount in its currency and in the organisation's, expected close day,
    /// product lines, contacts) with every stage they passed through, and leads with where they
    /// came from and what became of them. Quotes, contracts and quotas follow in
    /// their own migrations; tasks and meetings are here because
    /// the forecast's activity counts read them.
    ///
    /// Days (`*_day`) are civil days since 1970-01-01 in the organisation's calendar (Tehran);
    /// instants (`*_at`) are UTC milliseconds.
    static let m028Sales = Migration(28, "sales") { d in
        [
            """
            CREATE TABLE pipelines (
              id \(d.primaryKey),
              name TEXT NOT NULL,
              position INTEGER NOT NULL,
              archived \(d.boolean) NOT NULL DEFAULT \(d == .sqlite ? "0" : "FALSE"),
              version \(d.bigint) NOT NULL DEFAULT 1,
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL)
            """,
            """
            CREATE TABLE pipeline_stages (
              id \(d.primaryKey),
              pipeline_id \(d.bigint) NOT NULL REFERENCES pipelines(id),
              name TEXT NOT NULL,
              position INTEGER NOT NULL,
              probability INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
              archived \(d.boolean) NOT NULL DEFAULT \(d == .sqlite ? "0" : "FALSE"))
            """,
            "CREATE INDEX pipeline_stages_pipeline ON pipeline_stages (pipeline_id, position, id)",
            """
            CREATE TABLE deals (
              id \(d.primaryKey),
              pipeline_id \(d.bigint) NOT NULL REFERENCES pipelines(id),
              stage_id \(d.bigint) NOT NULL REFERENCES pipeline_stages(id),
              status TEXT NOT NULL,
              title TEXT NOT NULL,
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              owner_id \(d.bigint) REFERENCES users(id),
              currency TEXT NOT NULL,
              amount_minor \(d.bigint) NOT NULL CHECK (amount_minor >= 0),
              amount_base_minor \(d.bigint) NOT NULL CHECK (amount_base_minor >= 0),
              probability INTEGER CHECK (probability BETWEEN 0 AND 100),
              expected_close_day \(d.bigint),
              next_step TEXT,
              source TEXT,
              campaign TEXT,
              lead_id \(d.bigint),
              lost_reason TEXT,
              competitor TEXT,
              closed_at \(d.bigint),
              stage_entered_at \(d.bigint) NOT NULL,
              version \(d.bigint) NOT NULL DEFAULT 1,
              created_by \(d.bigint),
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL,
              deleted_at \(d.bigint))
            """,
            // The board: one column's first page and its count and total come from this index alone.
            "CREATE INDEX deals_board ON deals (pipeline_id, status, stage_id, id, amount_base_minor)",
            "CREATE INDEX deals_owner ON deals (owner_id, status, expected_close_day)",
            "CREATE INDEX deals_close ON deals (status, expected_close_day, pipeline_id)",
            "CREATE INDEX deals_closed ON deals (status, closed_at)",
            "CREATE INDEX deals_customer ON deals (customer_id, id)",
            """
            CREATE TABLE deal_lines (
              id \(d.primaryKey),
              deal_id \(d.bigint) NOT NULL REFERENCES deals(id),
              line_no INTEGER NOT NULL,
              product_id \(d.bigint) REFERENCES products(id),
              description TEXT NOT NULL,
              quantity_milli \(d.bigint) NOT NULL CHECK (quantity_milli > 0),
              unit_price_minor \(d.bigint) NOT NULL CHECK (unit_price_minor >= 0),
              discount_minor \(d.bigint) NOT NULL DEFAULT 0 CHECK (discount_minor >= 0))
            """,
            "CREATE INDEX deal_lines_deal ON deal_lines (deal_id, line_no)",
            """
            CREATE TABLE deal_contacts (
              deal_id \(d.bigint) NOT NULL REFERENCES deals(id),
              contact_id \(d.bigint) NOT NULL REFERENCES customers(id),
              PRIMARY KEY (deal_id, contact_id))
            """,
            """
            CREATE TABLE deal_stage_history (
              id \(d.primaryKey),
              deal_id \(d.bigint) NOT NULL REFERENCES deals(id),
              stage_id \(d.bigint) NOT NULL REFERENCES pipeline_stages(id),
              status TEXT NOT NULL,
              entered_at \(d.bigint) NOT NULL,
              left_at \(d.bigint),
              moved_by \(d.bigint))
            """,
            "CREATE INDEX deal_stage_history_deal ON deal_stage_history (deal_id, entered_at, id)",
            """
            CREATE TABLE leads (
              id \(d.primaryKey),
              status TEXT NOT NULL,
              name TEXT NOT NULL,
              company TEXT,
              email TEXT,
              email_key TEXT,
              phone TEXT,
              phone_e164 TEXT,
              province TEXT,
              city TEXT,
              message TEXT,
              channel TEXT NOT NULL,
              source TEXT NOT NULL,
              campaign TEXT,
              owner_id \(d.bigint) REFERENCES users(id),
              score INTEGER NOT NULL DEFAULT 0,
              need \(d.boolean),
              budget \(d.boolean),
              authority \(d.boolean),
              timing \(d.boolean),
              consent \(d.boolean) NOT NULL,
              consent_text TEXT,
              disqualify_reason TEXT,
              customer_id \(d.bigint) REFERENCES customers(id),
              deal_id \(d.bigint) REFERENCES deals(id),
              converted_at \(d.bigint),
              name_key TEXT NOT NULL,
              version \(d.bigint) NOT NULL DEFAULT 1,
              created_by \(d.bigint),
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX leads_status ON leads (status, id)",
            "CREATE INDEX leads_owner ON leads (owner_id, status, id)",
            "CREATE INDEX leads_source ON leads (source, created_at)",
            "CREATE INDEX leads_email ON leads (email_key)",
            "CREATE INDEX leads_phone ON leads (phone_e164)",
            """
            CREATE TABLE tasks (
              id \(d.primaryKey),
              title TEXT NOT NULL,
              notes TEXT,
              due_at \(d.bigint),
              remind_at \(d.bigint),
              reminded_at \(d.bigint),
              assignee_id \(d.bigint) NOT NULL REFERENCES users(id),
              customer_id \(d.bigint) REFERENCES customers(id),
              deal_id \(d.bigint) REFERENCES deals(id),
              status TEXT NOT NULL,
              done_at \(d.bigint),
              done_by \(d.bigint),
              version \(d.bigint) NOT NULL DEFAULT 1,
              created_by \(d.bigint),
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX tasks_assignee ON tasks (assignee_id, status, due_at, id)",
            "CREATE INDEX tasks_reminders ON tasks (status, remind_at)",
            "CREATE INDEX tasks_done ON tasks (done_by, done_at)",
            "CREATE INDEX tasks_customer ON tasks (customer_id, id)",
            "CREATE INDEX tasks_deal ON tasks (deal_id, id)",
            """
            CREATE TABLE meetings (
              id \(d.primaryKey),
              title TEXT NOT NULL,
              starts_at \(d.bigint) NOT NULL,
              ends_at \(d.bigint) NOT NULL,
              location TEXT,
              notes TEXT,
              organiser_id \(d.bigint) NOT NULL REFERENCES users(id),
              customer_id \(d.bigint) REFERENCES customers(id),
              deal_id \(d.bigint) REFERENCES deals(id),
              status TEXT NOT NULL,
              interaction_id \(d.bigint),
              uid TEXT NOT NULL UNIQUE,
              sequence INTEGER NOT NULL DEFAULT 0,
              version \(d.bigint) NOT NULL DEFAULT 1,
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX meetings_time ON meetings (starts_at, id)",
            "CREATE INDEX meetings_organiser ON meetings (organiser_id, starts_at)",
            "CREATE INDEX meetings_customer ON meetings (customer_id, starts_at)",
            """
            CREATE TABLE meeting_attendees (
              meeting_id \(d.bigint) NOT NULL REFERENCES meetings(id),
              user_id \(d.bigint) REFERENCES users(id),
              contact_id \(d.bigint) REFERENCES customers(id),
              CHECK ((user_id IS NULL) <> (contact_id IS NULL)))
            """,
            "CREATE INDEX meeting_attendees_meeting ON meeting_attendees (meeting_id)",
            "CREATE INDEX meeting_attendees_user ON meeting_attendees (user_id, meeting_id)",
            // The pipeline every installation starts with (renamed or replaced at will).
            "INSERT INTO pipelines (name, position, created_at, updated_at) VALUES ('فروش', 1, 0, 0)",
            """
            INSERT INTO pipeline_stages (pipeline_id, name, position, probability) VALUES
              (1, 'سرنخ واجد شرایط', 1, 10), (1, 'نیازسنجی', 2, 25), (1, 'ارائه پیشنهاد', 3, 50),
              (1, 'مذاکره', 4, 75), (1, 'آماده عقد قرارداد', 5, 90)
            """,
        ]
    }
}
