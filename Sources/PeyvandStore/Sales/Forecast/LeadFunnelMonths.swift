import PeyvandCore

/// The lead funnel's running totals (`lead_funnel_months`, migration 44): leads counted by the
/// month (of both calendars) of their created day in Tehran, owner (0: none), source, channel,
/// whether they were converted (`deal_id` set) and the pipeline of their live deal (0: none, or
/// deleted), with how many are converted, how many of those deals are won and for how much — the
/// figures the funnel used to add up from a period's leads and their deals.
///
/// Triggers on `leads` move a lead's part when it arrives, changes or goes; triggers on `deals`
/// move the part of the leads that point at a deal when its status, amount, pipeline or deletion
/// changes, or when it is inserted or deleted (a lead pointing at a missing deal counts as
/// converted with no pipeline, as the funnel's join finds it). The same text serves SQLite's
/// trigger bodies and PostgreSQL's PL/pgSQL.
enum LeadFunnelMonths {
    /// A deal's part in its leads' figures, as SQL expressions: the pipeline (0 for none), won (1
    /// or 0) and the amount won.
    struct DealPart {
        let pipeline: String
        let won: String
        let amount: String

        /// A row of `deals` (`OLD` or `NEW`), counted only while it is not deleted.
        static func row(_ row: String) -> DealPart {
            let live = "\(row).deleted_at IS NULL"
            return DealPart(pipeline: "CASE WHEN \(live) THEN \(row).pipeline_id ELSE 0 END",
                            won: "CASE WHEN \(live) AND \(row).status = 'won' THEN 1 ELSE 0 END",
                            amount: "CASE WHEN \(live) AND \(row).status = 'won' THEN \(row).amount_base_minor ELSE 0 END")
        }

        /// The live deal `d` joined to the lead (all NULL when there is none).
        static let joined = DealPart(pipeline: "COALESCE(d.pipeline_id, 0)", won: "CASE WHEN d.status = 'won' THEN 1 ELSE 0 END",
                                     amount: "CASE WHEN d.status = 'won' THEN d.amount_base_minor ELSE 0 END")

        /// No deal: the lead's deal is missing.
        static let none = DealPart(pipeline: "0", won: "0", amount: "0")
    }

    /// A row of `leads` (`NEW` added with `sign` 1, `OLD` taken away with -1) with its deal as the
    /// deal is now.
    static func lead(_ row: String, _ sign: Int, changedAt: String? = nil) -> String {
        add(sign, lead: row, deal: .joined, from: CalendarMonths.months(ofDay: day(row)) + """

             LEFT JOIN deals d ON d.id = \(row).deal_id AND d.deleted_at IS NULL
            """, where: "TRUE", changedAt: changedAt)
    }

    /// The leads that point at deal `id` (an SQL expression), counted with `deal`'s part.
    static func leads(ofDeal id: String, _ deal: DealPart, _ sign: Int, changedAt: String? = nil) -> String {
        add(sign, lead: "l", deal: deal, from: "leads l CROSS JOIN " + CalendarMonths.months(ofDay: day("l")), where: "l.deal_id = \(id)",
            changedAt: changedAt)
    }

    static func day(_ lead: String) -> String {
        "(\(lead).created_at + \(Receivables.tehranOffsetMillis)) / 86400000"
    }

    /// Adds `sign` times the part of the leads `from` … `where` yields. Grouped, so that several
    /// leads of one deal falling in one row make one change (PostgreSQL's upsert refuses to
    /// touch a row twice in one statement); by the seven key columns' positions, as the pipeline
    /// may be a bare 0, which GROUP BY would take for a position. With `changedAt` (an SQL
    /// expression, from migration 47) each row touched is stamped with it.
    static func add(_ sign: Int, lead l: String, deal: DealPart, from: String, where condition: String, changedAt: String? = nil) -> String {
        let converted = "CASE WHEN \(l).deal_id IS NULL THEN 0 ELSE 1 END"
        return """
            INSERT INTO lead_funnel_months (calendar, month, owner_id, source, channel, converted, pipeline_id, leads, deals, won, won_amount\(changedAt == nil ? "" : ", changed_at"))
            SELECT m.calendar, m.month, COALESCE(\(l).owner_id, 0), \(l).source, \(l).channel, \(converted), \(deal.pipeline),
              SUM(\(sign)), SUM(\(sign) * \(converted)), SUM(\(sign) * \(deal.won)), SUM(\(sign) * \(deal.amount))\(changedAt.map { ", MAX(" + $0 + ")" } ?? "")
            FROM \(from)
            WHERE \(condition)
            GROUP BY 1, 2, 3, 4, 5, 6, 7
            ON CONFLICT (calendar, month, owner_id, source, channel, converted, pipeline_id) DO UPDATE SET
              leads = lead_funnel_months.leads + excluded.leads, deals = lead_funnel_months.deals + excluded.deals,
              won = lead_funnel_months.won + excluded.won, won_amount = lead_funnel_months.won_amount + excluded.won_amount\(changedAt == nil ? "" : ",\n  changed_at = excluded.changed_at")
            """
    }

    /// The funnel's triggers on `leads` and `deals` (`changedAt` as in ``add(_:lead:deal:from:where:changedAt:)``):
    /// on SQLite six triggers (dropped first when `replacing`); on PostgreSQL the two functions
    /// the triggers of migration 44 call (made, or replaced when `replacing`).
    static func triggerStatements(_ d: Dialect, changedAt: String? = nil, replacing: Bool = false) -> [String] {
        let c = changedAt
        switch d {
        case .sqlite:
            let names = ["lead_funnel_insert", "lead_funnel_update", "lead_funnel_delete", "lead_funnel_deal_insert", "lead_funnel_deal_update",
                         "lead_funnel_deal_delete"]
            return (replacing ? names.map { "DROP TRIGGER \($0)" } : []) + [
                "CREATE TRIGGER lead_funnel_insert AFTER INSERT ON leads BEGIN \(lead("NEW", 1, changedAt: c)); END",
                """
                CREATE TRIGGER lead_funnel_update AFTER UPDATE OF created_at, owner_id, source, channel, deal_id ON leads
                BEGIN \(lead("OLD", -1, changedAt: c)); \(lead("NEW", 1, changedAt: c)); END
                """,
                "CREATE TRIGGER lead_funnel_delete AFTER DELETE ON leads BEGIN \(lead("OLD", -1, changedAt: c)); END",
                """
                CREATE TRIGGER lead_funnel_deal_insert AFTER INSERT ON deals
                BEGIN \(leads(ofDeal: "NEW.id", .none, -1, changedAt: c)); \(leads(ofDeal: "NEW.id", .row("NEW"), 1, changedAt: c)); END
                """,
                """
                CREATE TRIGGER lead_funnel_deal_update AFTER UPDATE OF status, amount_base_minor, pipeline_id, deleted_at ON deals
                BEGIN \(leads(ofDeal: "OLD.id", .row("OLD"), -1, changedAt: c)); \(leads(ofDeal: "NEW.id", .row("NEW"), 1, changedAt: c)); END
                """,
                """
                CREATE TRIGGER lead_funnel_deal_delete AFTER DELETE ON deals
                BEGIN \(leads(ofDeal: "OLD.id", .row("OLD"), -1, changedAt: c)); \(leads(ofDeal: "OLD.id", .none, 1, changedAt: c)); END
                """,
            ]
        case .postgres:
            let create = replacing ? "CREATE OR REPLACE FUNCTION" : "CREATE FUNCTION"
            return [
                """
                \(create) lead_funnel_lead_count() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN \(lead("OLD", -1, changedAt: c)); END IF;
                  IF TG_OP IN ('INSERT', 'UPDATE') THEN \(lead("NEW", 1, changedAt: c)); END IF;
                  RETURN NULL;
                END $$
                """,
                """
                \(create) lead_funnel_deal_count() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP = 'INSERT' THEN \(leads(ofDeal: "NEW.id", .none, -1, changedAt: c)); END IF;
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN \(leads(ofDeal: "OLD.id", .row("OLD"), -1, changedAt: c)); END IF;
                  IF TG_OP IN ('INSERT', 'UPDATE') THEN \(leads(ofDeal: "NEW.id", .row("NEW"), 1, changedAt: c)); END IF;
                  IF TG_OP = 'DELETE' THEN \(leads(ofDeal: "OLD.id", .none, 1, changedAt: c)); END IF;
                  RETURN NULL;
                END $$
                """,
            ]
        }
    }

    /// Every lead's part, computed from the leads and their deals (the migration's backfill).
    static var rebuildSQL: String {
        let day = day("l")
        let converted = "CASE WHEN l.deal_id IS NULL THEN 0 ELSE 1 END"
        return """
            INSERT INTO lead_funnel_months (calendar, month, owner_id, source, channel, converted, pipeline_id, leads, deals, won, won_amount)
            SELECT m.calendar, m.month, g.owner_id, g.source, g.channel, g.converted, g.pipeline_id,
              SUM(g.leads), SUM(g.deals), SUM(g.won), SUM(g.won_amount)
            FROM (SELECT \(day) AS day, COALESCE(l.owner_id, 0) AS owner_id, l.source, l.channel, \(converted) AS converted,
                    COALESCE(d.pipeline_id, 0) AS pipeline_id, COUNT(*) AS leads, COUNT(l.deal_id) AS deals,
                    SUM(CASE WHEN d.status = 'won' THEN 1 ELSE 0 END) AS won,
                    SUM(CASE WHEN d.status = 'won' THEN d.amount_base_minor ELSE 0 END) AS won_amount
                  FROM leads l LEFT JOIN deals d ON d.id = l.deal_id AND d.deleted_at IS NULL
                  GROUP BY \(day), COALESCE(l.owner_id, 0), l.source, l.channel, \(converted), COALESCE(d.pipeline_id, 0)) g
              CROSS JOIN \(CalendarMonths.months(ofDay: "g.day"))
            GROUP BY m.calendar, m.month, g.owner_id, g.source, g.channel, g.converted, g.pipeline_id
            """
    }
}
