import PeyvandCore
import SQLKit

extension SalesForecast {
    /// Leads that arrived in the period by source and by channel: how many became deals and how
    /// many of those are won (whenever they were won), with the amount won.
    static func funnel(_ db: any SQLDatabase, _ q: ForecastQuery) async throws -> LeadFunnel {
        let (start, end) = q.period.instants
        // SQLite's planner would read the whole `leads_source` index for the GROUP BY (97 ms for a
        // quarter of 200,000 leads); the period's range of `leads_created` is a quarter of that work.
        var sql: SQLQueryString = """
            SELECT l.source, l.channel, COUNT(*) AS leads, COUNT(l.deal_id) AS converted,
              CAST(SUM(CASE WHEN d.status = 'won' THEN 1 ELSE 0 END) AS BIGINT) AS won,
              CAST(SUM(CASE WHEN d.status = 'won' THEN d.amount_base_minor ELSE 0 END) AS BIGINT) AS won_amount
            FROM leads l\(unsafeRaw: db.storeDialect == .sqlite ? " INDEXED BY leads_created" : "") LEFT JOIN deals d ON d.id = l.deal_id AND d.deleted_at IS NULL
            WHERE l.created_at >= \(bind: start) AND l.created_at < \(bind: end)
            """
        sql += ownerFilter(q, "l.owner_id")
        if let pipeline = q.pipelineId { sql += " AND (l.deal_id IS NULL OR d.pipeline_id = \(bind: pipeline))" }
        sql += " GROUP BY l.source, l.channel"
        var bySource: [String: LeadFunnel.Row] = [:], byChannel: [String: LeadFunnel.Row] = [:]
        var total = LeadFunnel.Row(key: "")
        for row in try await db.raw(sql).all() {
            let source = try row.decode(column: "source", as: String.self), channel = try row.decode(column: "channel", as: String.self)
            let leads = try row.decode(column: "leads", as: Int.self), converted = try row.decode(column: "converted", as: Int.self)
            let won = try row.decode(column: "won", as: Int?.self) ?? 0, amount = try row.decode(column: "won_amount", as: Int64?.self) ?? 0
            for key in [source] { bySource[key, default: .init(key: key)].add(leads, converted, won, amount) }
            byChannel[channel, default: .init(key: channel)].add(leads, converted, won, amount)
            total.add(leads, converted, won, amount)
        }
        let order = { (a: LeadFunnel.Row, b: LeadFunnel.Row) in (b.leads, a.key) < (a.leads, b.key) }
        return LeadFunnel(bySource: bySource.values.sorted(by: order), byChannel: byChannel.values.sorted(by: order), total: total)
    }

    /// Each person's calls, meetings, emails and other messages (from the running counts of their
    /// interactions), tasks done, in the period.
    static func activity(_ db: any SQLDatabase, _ q: ForecastQuery) async throws -> [RepActivity] {
        var sql: SQLQueryString = """
            SELECT a.staff_id, a.kind, CAST(SUM(a.n) AS BIGINT) AS n FROM staff_activity_days a
            WHERE a.day >= \(bind: q.period.startDay) AND a.day < \(bind: q.period.endDay)
            """
        sql += ownerFilter(q, "a.staff_id")
        sql += " GROUP BY a.staff_id, a.kind"
        let (start, end) = q.period.instants
        var tasks: SQLQueryString = """
            SELECT done_by, COUNT(*) AS n FROM tasks
            WHERE done_at >= \(bind: start) AND done_at < \(bind: end) AND status = 'done' AND done_by IS NOT NULL
            """
        tasks += ownerFilter(q, "done_by")
        tasks += " GROUP BY done_by"
        async let kinds = db.raw(sql).all()
        async let done = db.raw(tasks).all()
        var rows: [Int64: RepActivity] = [:]
        for row in try await kinds {
            let id = try row.decode(column: "staff_id", as: Int64.self), n = try row.decode(column: "n", as: Int.self)
            guard n > 0 else { continue }
            var a = rows[id] ?? RepActivity(userId: id, name: "#\(id)")
            switch InteractionKind(rawValue: try row.decode(column: "kind", as: String.self)) {
            case .call: a.calls += n
            case .meeting, .presentation, .visit: a.meetings += n
            case .email: a.emails += n
            case .sms, .chat, .letter, .fax: a.messages += n
            default: continue
            }
            rows[id] = a
        }
        for row in try await done {
            let id = try row.decode(column: "done_by", as: Int64.self)
            rows[id, default: RepActivity(userId: id, name: "#\(id)")].tasksDone += try row.decode(column: "n", as: Int.self)
        }
        return Array(rows.values)
    }
}

extension LeadFunnel.Row {
    mutating func add(_ leads: Int, _ converted: Int, _ won: Int, _ amount: Int64) {
        self.leads += leads; self.converted += converted; self.won += won; self.wonAmount &+= amount
    }
}
