import PeyvandCore
import SQLKit

/// A period's leads of one owner, source and channel, split by whether they became a deal (and
/// the deal's pipeline): how many, how many converted, how many of those are won and for how much.
struct FunnelRow: Sendable, Hashable {
    let ownerId: Int64
    let source: String
    let channel: String
    let converted: Bool
    let pipelineId: Int64?
    let leads: Int
    let deals: Int
    let won: Int
    let wonAmount: Int64
}

/// A period's interactions of one person and kind (`kind` nil: tasks done).
struct ActivityRow: Sendable, Hashable {
    let staffId: Int64
    let kind: InteractionKind?
    let n: Int
}

extension SalesForecast {
    /// Leads that arrived in the period, everyone's, by owner, source, channel and deal: the
    /// period's months of `lead_funnel_months` (migration 44), or, for a period outside the months
    /// those totals answer for, the period's leads themselves.
    static func funnelRows(_ db: any SQLDatabase, _ period: ForecastPeriod) async throws -> [FunnelRow] {
        guard CalendarMonths.answer(for: period) else { return try await funnelRowsOfLeads(db, period) }
        let sql: SQLQueryString = """
            SELECT owner_id, source, channel, converted, NULLIF(pipeline_id, 0) AS pipeline_id, CAST(SUM(leads) AS BIGINT) AS leads,
              CAST(SUM(deals) AS BIGINT) AS deals, CAST(SUM(won) AS BIGINT) AS won, CAST(SUM(won_amount) AS BIGINT) AS won_amount
            FROM lead_funnel_months
            WHERE calendar = \(bind: period.calendar.rawValue) AND month >= \(bind: period.year * 100 + period.firstMonth)
              AND month <= \(bind: period.year * 100 + period.lastMonth)
            GROUP BY owner_id, source, channel, converted, pipeline_id
            HAVING SUM(leads) <> 0
            """
        return try await db.raw(sql).all().map(funnelRow)
    }

    /// The same rows added up from the period's leads and their deals.
    static func funnelRowsOfLeads(_ db: any SQLDatabase, _ period: ForecastPeriod) async throws -> [FunnelRow] {
        let (start, end) = period.instants
        // SQLite's planner would read the whole `leads_source` index for the GROUP BY (97 ms for a
        // quarter of 200,000 leads); the period's range of `leads_created` is a quarter of that work.
        let sql: SQLQueryString = """
            SELECT COALESCE(l.owner_id, 0) AS owner_id, l.source, l.channel, CASE WHEN l.deal_id IS NULL THEN 0 ELSE 1 END AS converted,
              d.pipeline_id, COUNT(*) AS leads, COUNT(l.deal_id) AS deals,
              CAST(SUM(CASE WHEN d.status = 'won' THEN 1 ELSE 0 END) AS BIGINT) AS won,
              CAST(SUM(CASE WHEN d.status = 'won' THEN d.amount_base_minor ELSE 0 END) AS BIGINT) AS won_amount
            FROM leads l\(unsafeRaw: db.storeDialect == .sqlite ? " INDEXED BY leads_created" : "") LEFT JOIN deals d ON d.id = l.deal_id AND d.deleted_at IS NULL
            WHERE l.created_at >= \(bind: start) AND l.created_at < \(bind: end)
            GROUP BY COALESCE(l.owner_id, 0), l.source, l.channel, CASE WHEN l.deal_id IS NULL THEN 0 ELSE 1 END, d.pipeline_id
            """
        return try await db.raw(sql).all().map(funnelRow)
    }

    static func funnelRow(_ row: any SQLRow) throws -> FunnelRow {
        FunnelRow(ownerId: try row.decode(column: "owner_id", as: Int64.self), source: try row.decode(column: "source", as: String.self),
                  channel: try row.decode(column: "channel", as: String.self), converted: try row.decode(column: "converted", as: Int.self) == 1,
                  pipelineId: try row.decode(column: "pipeline_id", as: Int64?.self), leads: try row.decode(column: "leads", as: Int.self),
                  deals: try row.decode(column: "deals", as: Int.self), won: try row.decode(column: "won", as: Int?.self) ?? 0,
                  wonAmount: try row.decode(column: "won_amount", as: Int64?.self) ?? 0)
    }

    /// The lead → deal → won funnel by source and by channel, of the rows a request lets through.
    static func funnel(_ rows: [FunnelRow]) -> LeadFunnel {
        var bySource: [String: LeadFunnel.Row] = [:], byChannel: [String: LeadFunnel.Row] = [:]
        var total = LeadFunnel.Row(key: "")
        for row in rows {
            bySource[row.source, default: .init(key: row.source)].add(row)
            byChannel[row.channel, default: .init(key: row.channel)].add(row)
            total.add(row)
        }
        let order = { (a: LeadFunnel.Row, b: LeadFunnel.Row) in (b.leads, a.key) < (a.leads, b.key) }
        return LeadFunnel(bySource: bySource.values.sorted(by: order), byChannel: byChannel.values.sorted(by: order), total: total)
    }

    /// Everyone's calls, meetings, emails and other messages in the period (from the running
    /// counts of their interactions: the period's months of `staff_activity_months`, or its days
    /// of `staff_activity_days` outside the months those answer for), and tasks done.
    static func activityRows(_ db: any SQLDatabase, _ period: ForecastPeriod) async throws -> [ActivityRow] {
        let (start, end) = period.instants
        let counts: SQLQueryString = CalendarMonths.answer(for: period) ? """
            SELECT a.staff_id, a.kind, CAST(SUM(a.n) AS BIGINT) AS n FROM staff_activity_months a
            WHERE a.calendar = \(bind: period.calendar.rawValue) AND a.month >= \(bind: period.year * 100 + period.firstMonth)
              AND a.month <= \(bind: period.year * 100 + period.lastMonth)
            GROUP BY a.staff_id, a.kind
            """ : """
            SELECT a.staff_id, a.kind, CAST(SUM(a.n) AS BIGINT) AS n FROM staff_activity_days a
            WHERE a.day >= \(bind: period.startDay) AND a.day < \(bind: period.endDay)
            GROUP BY a.staff_id, a.kind
            """
        async let kinds = db.raw(counts).all()
        async let done = db.raw("""
            SELECT done_by, COUNT(*) AS n FROM tasks
            WHERE done_at >= \(bind: start) AND done_at < \(bind: end) AND status = 'done' AND done_by IS NOT NULL
            GROUP BY done_by
            """).all()
        var rows: [ActivityRow] = []
        for row in try await kinds {
            guard let kind = InteractionKind(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
            rows.append(ActivityRow(staffId: try row.decode(column: "staff_id", as: Int64.self), kind: kind, n: try row.decode(column: "n", as: Int.self)))
        }
        for row in try await done {
            rows.append(ActivityRow(staffId: try row.decode(column: "done_by", as: Int64.self), kind: nil, n: try row.decode(column: "n", as: Int.self)))
        }
        return rows
    }

    /// Each person's activity, of the people a request lets through.
    static func activity(_ rows: [ActivityRow], _ admits: (Int64) -> Bool) -> [RepActivity] {
        var people: [Int64: RepActivity] = [:]
        for row in rows where row.n > 0 && admits(row.staffId) {
            var a = people[row.staffId] ?? RepActivity(userId: row.staffId, name: "#\(row.staffId)")
            switch row.kind {
            case nil: a.tasksDone += row.n
            case .call: a.calls += row.n
            case .meeting, .presentation, .visit: a.meetings += row.n
            case .email: a.emails += row.n
            case .sms, .chat, .letter, .fax: a.messages += row.n
            default: continue
            }
            people[row.staffId] = a
        }
        return Array(people.values)
    }
}

extension LeadFunnel.Row {
    mutating func add(_ row: FunnelRow) {
        leads += row.leads; converted += row.deals; won += row.won; wonAmount &+= row.wonAmount
    }
}
