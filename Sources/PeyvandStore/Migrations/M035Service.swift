extension Migration {
    /// Customer service: teams of agents (their lead and manager, how tickets are handed out among
    /// them, their business hours), each member's skills and round-robin turn; tickets (numbered
    /// per Jalali year, tied to a customer, routed to a team and an agent, with the SLA's due
    /// columns left for the SLA clock to fill), their messages (inbound, outbound and internal
    /// notes), the history of their assignments with the reason, the ordered routing rules, and
    /// the one row of service settings (which inbound channels open tickets).
    static let m035Service = Migration(35, "service") { d in
        let yes = d == .sqlite ? "1" : "TRUE"
        return [
            """
            CREATE TABLE service_teams (
              id \(d.primaryKey),
              name TEXT NOT NULL,
              name_key TEXT NOT NULL UNIQUE,
              lead_id \(d.bigint) REFERENCES users(id),
              manager_id \(d.bigint) REFERENCES users(id),
              routing TEXT NOT NULL DEFAULT 'round-robin',
              business_hours TEXT,
              turn \(d.bigint) NOT NULL DEFAULT 0,
              version \(d.bigint) NOT NULL DEFAULT 1,
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL)
            """,
            """
            CREATE TABLE service_team_members (
              team_id \(d.bigint) NOT NULL REFERENCES service_teams(id) ON DELETE CASCADE,
              user_id \(d.bigint) NOT NULL REFERENCES users(id),
              skills TEXT NOT NULL DEFAULT '',
              active \(d.boolean) NOT NULL DEFAULT \(yes),
              assign_turn \(d.bigint) NOT NULL DEFAULT 0,
              last_assigned_at \(d.bigint),
              PRIMARY KEY (team_id, user_id))
            """,
            "CREATE INDEX service_team_members_user ON service_team_members (user_id)",
            """
            CREATE TABLE tickets (
              id \(d.primaryKey),
              number TEXT NOT NULL UNIQUE,
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              contact_id \(d.bigint) REFERENCES customers(id),
              subject TEXT NOT NULL,
              channel TEXT NOT NULL,
              category TEXT NOT NULL,
              priority TEXT NOT NULL,
              status TEXT NOT NULL,
              team_id \(d.bigint) REFERENCES service_teams(id),
              assignee_id \(d.bigint) REFERENCES users(id),
              product_id \(d.bigint) REFERENCES products(id),
              order_id \(d.bigint) REFERENCES orders(id),
              language TEXT NOT NULL,
              merged_into_id \(d.bigint) REFERENCES tickets(id),
              thread_id \(d.bigint),
              reply_address TEXT,
              routing_rule_id \(d.bigint),
              first_response_at \(d.bigint),
              resolved_at \(d.bigint),
              closed_at \(d.bigint),
              waiting_since \(d.bigint),
              sla_policy_id \(d.bigint),
              first_response_due_at \(d.bigint),
              next_response_due_at \(d.bigint),
              resolution_due_at \(d.bigint),
              last_message_at \(d.bigint) NOT NULL,
              created_by \(d.bigint),
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL,
              version \(d.bigint) NOT NULL DEFAULT 1,
              deleted_at \(d.bigint))
            """,
            "CREATE INDEX tickets_assignee_queue ON tickets (assignee_id, status, id)",
            "CREATE INDEX tickets_team_queue ON tickets (team_id, status, id)",
            "CREATE INDEX tickets_customer ON tickets (customer_id, status, id)",
            "CREATE INDEX tickets_status ON tickets (status, id)",
            "CREATE INDEX tickets_thread ON tickets (thread_id)",
            "CREATE INDEX tickets_merged_into ON tickets (merged_into_id)",
            """
            CREATE TABLE ticket_messages (
              id \(d.primaryKey),
              ticket_id \(d.bigint) NOT NULL REFERENCES tickets(id),
              direction TEXT NOT NULL,
              visibility TEXT NOT NULL,
              channel TEXT NOT NULL,
              author_user_id \(d.bigint) REFERENCES users(id),
              body TEXT NOT NULL,
              interaction_id \(d.bigint) REFERENCES interactions(id),
              channel_message_id \(d.bigint) REFERENCES channel_messages(id),
              merged_from_id \(d.bigint) REFERENCES tickets(id),
              created_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id)",
            """
            CREATE TABLE ticket_assignments (
              id \(d.primaryKey),
              ticket_id \(d.bigint) NOT NULL REFERENCES tickets(id),
              from_user_id \(d.bigint),
              to_user_id \(d.bigint),
              from_team_id \(d.bigint),
              to_team_id \(d.bigint),
              reason TEXT NOT NULL,
              by_user_id \(d.bigint),
              at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX ticket_assignments_ticket ON ticket_assignments (ticket_id, id)",
            """
            CREATE TABLE routing_rules (
              id \(d.primaryKey),
              position INTEGER NOT NULL,
              name TEXT NOT NULL,
              category TEXT,
              channel TEXT,
              language TEXT,
              min_value_minor \(d.bigint),
              rfm_segment TEXT,
              satisfaction_class TEXT,
              team_id \(d.bigint) NOT NULL REFERENCES service_teams(id),
              priority TEXT,
              active \(d.boolean) NOT NULL DEFAULT \(yes),
              version \(d.bigint) NOT NULL DEFAULT 1,
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX routing_rules_order ON routing_rules (active, position, id)",
            """
            CREATE TABLE service_settings (
              id INTEGER PRIMARY KEY,
              inbound_channels TEXT NOT NULL,
              default_team_id \(d.bigint) REFERENCES service_teams(id),
              updated_at \(d.bigint) NOT NULL)
            """,
            "INSERT INTO service_settings (id, inbound_channels, updated_at) VALUES (1, 'email,sms,messenger', 0)",
        ]
    }
}
