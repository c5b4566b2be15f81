import SQLKit

extension Migration {
    /// The five satisfaction classes and service recovery.
    ///
    /// - `payment_disputes`: a payment the customer contested (a chargeback, a disputed invoice),
    ///   open until closed with an outcome — evidence for the classes.
    /// - `customer_satisfaction`: each customer's current class (NULL: not enough evidence yet),
    ///   the reasons that decided it (JSON, for "why this class"), since when, and
    ///   `next_check_at`, the next instant its evidence ages out of a window so the class may
    ///   change with no new event (the satisfaction watch reads only those rows).
    /// - `satisfaction_changes`: every change of class, with its reasons and what caused the
    ///   reassessment — the timeline, the reports over time and the churn model read it.
    /// - `recovery_cases`: service recovery — cause, remedy, compensation (discount, club
    ///   points, replacement through a return and a new order) and outcome, the class before and
    ///   the class measured after. At most one open case per customer (the partial unique
    ///   index), so two reassessments at once never open two.
    /// - `satisfaction_actions`: each handling done for a change of class (a recovery case, a
    ///   root-cause task, an offer sent), unique per change and action, so nothing is done twice.
    /// - `tasks.ticket_id`, `tasks.recovery_case_id`: a task can belong to a ticket or a case.
    static let m038Satisfaction = Migration(38, "satisfaction classes and service recovery") { d in
        [
            """
            CREATE TABLE payment_disputes (
              id \(d.primaryKey),
              payment_id \(d.bigint) NOT NULL REFERENCES payments(id),
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              reason TEXT NOT NULL,
              opened_at \(d.bigint) NOT NULL,
              closed_at \(d.bigint),
              outcome TEXT,
              created_by \(d.bigint),
              version \(d.bigint) NOT NULL DEFAULT 1,
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX payment_disputes_customer ON payment_disputes (customer_id, opened_at)",
            "CREATE INDEX payment_disputes_payment ON payment_disputes (payment_id)",
            """
            CREATE TABLE customer_satisfaction (
              customer_id \(d.bigint) PRIMARY KEY REFERENCES customers(id),
              class TEXT,
              reasons TEXT NOT NULL,
              since \(d.bigint) NOT NULL,
              assessed_at \(d.bigint) NOT NULL,
              next_check_at \(d.bigint))
            """,
            "CREATE INDEX customer_satisfaction_class ON customer_satisfaction (class, customer_id)",
            "CREATE INDEX customer_satisfaction_check ON customer_satisfaction (next_check_at) WHERE next_check_at IS NOT NULL",
            """
            CREATE TABLE satisfaction_changes (
              id \(d.primaryKey),
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              from_class TEXT,
              to_class TEXT,
              reasons TEXT NOT NULL,
              cause TEXT NOT NULL,
              at \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX satisfaction_changes_customer ON satisfaction_changes (customer_id, at, id)",
            "CREATE INDEX satisfaction_changes_at ON satisfaction_changes (at, id)",
            """
            CREATE TABLE recovery_cases (
              id \(d.primaryKey),
              number TEXT NOT NULL UNIQUE,
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              ticket_id \(d.bigint) REFERENCES tickets(id),
              change_id \(d.bigint) REFERENCES satisfaction_changes(id),
              status TEXT NOT NULL,
              priority TEXT NOT NULL,
              owner_id \(d.bigint) REFERENCES users(id),
              class_before TEXT,
              class_after TEXT,
              cause TEXT,
              remedy TEXT,
              compensation_kind TEXT NOT NULL DEFAULT 'none',
              compensation_minor \(d.bigint),
              compensation_currency TEXT,
              compensation_points \(d.bigint),
              return_id \(d.bigint) REFERENCES returns(id),
              replacement_order_id \(d.bigint) REFERENCES orders(id),
              outcome TEXT,
              opened_at \(d.bigint) NOT NULL,
              closed_at \(d.bigint),
              measured_at \(d.bigint),
              created_by \(d.bigint),
              version \(d.bigint) NOT NULL DEFAULT 1,
              created_at \(d.bigint) NOT NULL,
              updated_at \(d.bigint) NOT NULL)
            """,
            "CREATE UNIQUE INDEX recovery_cases_one_open ON recovery_cases (customer_id) WHERE status = 'open'",
            "CREATE INDEX recovery_cases_customer ON recovery_cases (customer_id, id)",
            "CREATE INDEX recovery_cases_status ON recovery_cases (status, id)",
            "CREATE INDEX recovery_cases_owner ON recovery_cases (owner_id, status, id)",
            """
            CREATE TABLE satisfaction_actions (
              id \(d.primaryKey),
              customer_id \(d.bigint) NOT NULL REFERENCES customers(id),
              change_id \(d.bigint) NOT NULL REFERENCES satisfaction_changes(id),
              action TEXT NOT NULL,
              recovery_case_id \(d.bigint) REFERENCES recovery_cases(id),
              task_id \(d.bigint) REFERENCES tasks(id),
              outbox_message_id \(d.bigint),
              at \(d.bigint) NOT NULL,
              UNIQUE (change_id, action))
            """,
            "CREATE INDEX satisfaction_actions_customer ON satisfaction_actions (customer_id, at)",
            "ALTER TABLE tasks ADD COLUMN ticket_id \(d.bigint) REFERENCES tickets(id)",
            "ALTER TABLE tasks ADD COLUMN recovery_case_id \(d.bigint) REFERENCES recovery_cases(id)",
            "CREATE INDEX tasks_ticket ON tasks (ticket_id, id)",
            "CREATE INDEX tasks_recovery_case ON tasks (recovery_case_id, id)",
        ]
    }
}
