import Foundation
import PeyvandCore
import PeyvandStore

/// What the service reports page (`service-reports.mustache`) renders: every figure already
/// written in the reader's language and digits, each table and chart with what it counts and over
/// which period.
struct ServiceReportModel {
    struct Option { let value: String; let label: String; let selected: Bool }
    struct Tile { let key: String; let label: String; let value: String; let note: String }
    struct TicketRow {
        let label: String; let opened: String; let resolved: String
        let frMedian: String; let frP90: String; let frSLA: String; let resMedian: String; let resP90: String; let resSLA: String
    }
    struct BacklogRow { let label: String; let cells: [String]; let total: String }
    struct CostRow { let label: String; let interactions: String; let tickets: String; let total: String; let perTicket: String }
    struct ClassRow { let key: String; let label: String; let count: String; let share: String }
    struct MonthRow { let label: String; let cells: [String]; let classed: String }
    struct TransitionRow { let before: String; let after: String; let count: String }

    let periodTitle: String
    let periodDates: String
    let asOf: String
    let calendarOptions: [Option]
    let fromOptions: [Option]
    let toOptions: [Option]
    let teamOptions: [Option]
    let channelOptions: [Option]
    let agentOptions: [Option]
    let filterNote: String?
    let errors: [FieldError]
    let apiHref: String
    let tiles: [Tile]
    let byChannel: [TicketRow]
    let byTeam: [TicketRow]
    let byAgent: [TicketRow]
    let slaChart: String
    let bucketHeads: [String]
    let backlogRows: [BacklogRow]
    let backlogChart: String
    let oldest: String?
    let oldestHref: String?
    let costRows: [CostRow]
    let costTotal: CostRow
    let costChart: String
    let unconverted: String?
    let classHeads: [String]
    let classesChart: String
    let monthRows: [MonthRow]
    let classRows: [ClassRow]
    let fullySatisfied: String
    let unclassed: String
    let surveyFacts: [Tile]
    let recoveryFacts: [Tile]
    let transitions: [TransitionRow]
}

extension ServiceReportModel {
    init(_ r: ServiceReport, teams: [(id: Int64, name: String)], agents: [(id: Int64, name: String)], issues: [FieldIssue], text x: PageText) {
        let q = r.query, dash = "—"
        let inPeriod = x.t("report_in_period")
        func pct(_ share: Double?) -> String { share.map(x.share) ?? dash }
        func minutes(_ m: Double?) -> String { m.map { x.duration(minutes: $0) } ?? dash }
        func row(_ label: String, _ f: ServiceReport.TicketFigures) -> TicketRow {
            TicketRow(label: label, opened: x.number(f.opened), resolved: x.number(f.resolved),
                      frMedian: minutes(f.firstResponse.medianMinutes), frP90: minutes(f.firstResponse.p90Minutes), frSLA: pct(f.firstResponseSLA.share),
                      resMedian: minutes(f.resolution.medianMinutes), resP90: minutes(f.resolution.p90Minutes), resSLA: pct(f.resolutionSLA.share))
        }
        periodTitle = q.from == q.to ? x.periodName(q.from) : x.periodName(q.from) + " – " + x.periodName(q.to)
        periodDates = x.t("report_period_dates").replacingOccurrences(of: "{from}", with: x.day(q.start))
            .replacingOccurrences(of: "{to}", with: x.day(q.end.addingTimeInterval(-1)))
        asOf = x.t("report_as_of").replacingOccurrences(of: "{at}", with: x.when(r.asOf))
        calendarOptions = ForecastPeriod.CalendarKind.allCases.map {
            Option(value: $0.rawValue, label: x.t("forecast_calendar_\($0.rawValue)"), selected: $0 == q.from.calendar)
        }
        // The months of the three years up to the current one (and the chosen ones), newest first.
        let today = ForecastPeriod.containing(day: Tehran.day(of: r.asOf).daysSinceUnixEpoch, q.from.calendar, .month)
        var months: [ForecastPeriod] = []
        var m = today.next
        for _ in 0..<(ServiceReportQuery.maxMonths + 12) { m = m.previous; months.append(m) }
        for chosen in [q.from, q.to] where !months.contains(chosen) { months.append(chosen) }
        months.sort { $0.startDay > $1.startDay }
        fromOptions = months.map { Option(value: $0.key, label: x.periodName($0), selected: $0 == q.from) }
        toOptions = months.map { Option(value: $0.key, label: x.periodName($0), selected: $0 == q.to) }
        teamOptions = [Option(value: "", label: x.t("report_all_teams"), selected: q.teamId == nil)]
            + teams.map { Option(value: String($0.id), label: $0.name, selected: $0.id == q.teamId) }
        channelOptions = [Option(value: "", label: x.t("report_all_channels"), selected: q.channel == nil)]
            + TicketChannel.allCases.map { Option(value: $0.rawValue, label: x.label("ticket_channel", $0.rawValue), selected: $0 == q.channel) }
        agentOptions = [Option(value: "", label: x.t("report_all_agents"), selected: q.agentId == nil)]
            + agents.map { Option(value: String($0.id), label: $0.name, selected: $0.id == q.agentId) }
        filterNote = q.filtered ? x.t("report_filter_note") : nil
        errors = x.fieldErrorList(issues, labelled: true)
        var api = "/api/v1/reports/service?calendar=\(q.from.calendar.rawValue)&from=\(q.from.key)&to=\(q.to.key)"
        if let t = q.teamId { api += "&team=\(t)" }
        if let c = q.channel { api += "&channel=\(c.rawValue)" }
        if let a = q.agentId { api += "&agent=\(a)" }
        apiHref = api

        let o = r.overall, now = r.classesNow, s = r.surveys
        let opened = x.t("report_note_opened").replacingOccurrences(of: "{n}", with: x.number(o.opened))
        tiles = [
            Tile(key: "opened", label: x.t("report_opened"), value: x.number(o.opened), note: inPeriod),
            Tile(key: "first-response", label: x.t("report_first_response_median"), value: minutes(o.firstResponse.medianMinutes),
                 note: x.t("report_note_p90").replacingOccurrences(of: "{v}", with: minutes(o.firstResponse.p90Minutes)) + " · " + opened),
            Tile(key: "resolution", label: x.t("report_resolution_median"), value: minutes(o.resolution.medianMinutes),
                 note: x.t("report_note_p90").replacingOccurrences(of: "{v}", with: minutes(o.resolution.p90Minutes)) + " · " + opened),
            Tile(key: "first-response-sla", label: x.t("report_first_response_sla"), value: pct(o.firstResponseSLA.share),
                 note: x.t("report_note_met").replacingOccurrences(of: "{met}", with: x.number(o.firstResponseSLA.met))
                    .replacingOccurrences(of: "{n}", with: x.number(o.firstResponseSLA.met + o.firstResponseSLA.missed)) + " · " + opened),
            Tile(key: "resolution-sla", label: x.t("report_resolution_sla"), value: pct(o.resolutionSLA.share),
                 note: x.t("report_note_met").replacingOccurrences(of: "{met}", with: x.number(o.resolutionSLA.met))
                    .replacingOccurrences(of: "{n}", with: x.number(o.resolutionSLA.met + o.resolutionSLA.missed)) + " · " + opened),
            Tile(key: "backlog", label: x.t("report_backlog_now"), value: x.number(r.backlog.total), note: asOf),
            Tile(key: "cost", label: x.t("report_cost_total"), value: x.money(r.cost.total),
                 note: x.t("report_note_per_ticket").replacingOccurrences(of: "{v}", with: r.cost.perTicket.map(x.money) ?? dash) + " · " + inPeriod),
            Tile(key: "fully-satisfied", label: x.t("report_fully_satisfied"), value: pct(now.fullySatisfiedShare),
                 note: x.t("report_note_fully_satisfied").replacingOccurrences(of: "{n}", with: x.number(now.fullySatisfied))
                    .replacingOccurrences(of: "{classed}", with: x.number(now.classed)) + " · " + x.t("report_now")),
            Tile(key: "csat", label: x.t("report_csat_average"), value: s.csatAverage.map(x.figure) ?? dash,
                 note: x.t("report_note_answers").replacingOccurrences(of: "{n}", with: x.number(s.csatCount)) + " · " + inPeriod),
            Tile(key: "nps", label: x.t("report_nps"), value: s.nps.map { x.figure($0.rounded()) } ?? dash,
                 note: x.t("report_note_answers").replacingOccurrences(of: "{n}", with: x.number(s.npsCount)) + " · " + inPeriod),
        ]
        byChannel = r.byChannel.map { row(x.label("ticket_channel", $0.key ?? ""), $0) }
        byTeam = r.byTeam.map { row($0.key == nil ? x.t("report_no_team") : ($0.name ?? $0.key ?? ""), $0) }
        byAgent = r.byAgent.map { row($0.key == nil ? x.t("report_nobody") : ($0.name ?? $0.key ?? ""), $0) }
        slaChart = SVGChart.bars(r.byChannel.map { f in
            (label: x.label("ticket_channel", f.key ?? ""), value: (f.firstResponseSLA.share ?? 0) * 100, shown: pct(f.firstResponseSLA.share))
        }, title: x.t("report_first_response_sla"), rightToLeft: x.lang == .fa)

        let buckets = ServiceReport.AgeBucket.allCases, b = r.backlog
        let heads = buckets.map { x.t("report_age_\($0.rawValue.replacingOccurrences(of: "-", with: "_"))") }
        bucketHeads = heads
        backlogRows = [TicketStatus.new, .open, .waiting].map { status in
            BacklogRow(label: x.label("ticket_status", status.rawValue), cells: buckets.map { x.number(b.count(status: status, bucket: $0)) },
                       total: x.number(b.count(status: status)))
        } + [BacklogRow(label: x.t("report_total"), cells: buckets.map { x.number(b.count(bucket: $0)) }, total: x.number(b.total))]
        backlogChart = SVGChart.bars(buckets.enumerated().map { i, bucket in
            (label: heads[i], value: Double(b.count(bucket: bucket)), shown: x.number(b.count(bucket: bucket)))
        }, title: x.t("report_backlog_title"), rightToLeft: x.lang == .fa)
        oldest = b.oldest.map { x.t("report_oldest").replacingOccurrences(of: "{number}", with: "\u{2068}" + x.digits($0.number) + "\u{2069}").replacingOccurrences(of: "{at}", with: x.when($0.openedAt)) }
        oldestHref = b.oldest.map { "/tickets/\($0.ticketId)" }

        let c = r.cost
        costRows = c.rows.map {
            CostRow(label: x.label("ticket_channel", $0.channel.rawValue), interactions: x.number($0.interactions), tickets: x.number($0.tickets),
                    total: x.money($0.total), perTicket: $0.perTicket.map(x.money) ?? dash)
        }
        costTotal = CostRow(label: x.t("report_total"), interactions: x.number(c.rows.reduce(0) { $0 + $1.interactions }), tickets: x.number(c.tickets),
                            total: x.money(c.total), perTicket: c.perTicket.map(x.money) ?? dash)
        costChart = SVGChart.bars(c.rows.map { (label: x.label("ticket_channel", $0.channel.rawValue), value: Double($0.total.minorUnits), shown: x.money($0.total)) },
                                  title: x.t("report_cost_title"), rightToLeft: x.lang == .fa)
        unconverted = c.unconverted == 0 ? nil : x.t("report_unconverted").replacingOccurrences(of: "{n}", with: x.number(c.unconverted))

        let classes = SatisfactionClass.allCases
        classHeads = classes.map { $0.label(language: x.lang.rawValue) }
        classesChart = SVGChart.stackedColumns(r.classesOverTime.map { month in
            (label: x.periodName(month.month), values: classes.map { Double(month.counts[$0] ?? 0) }, total: x.number(month.classed))
        }, series: classes.map { (key: $0.rawValue, label: $0.label(language: x.lang.rawValue)) }, title: x.t("report_classes_title"))
        monthRows = r.classesOverTime.map { month in
            MonthRow(label: x.periodName(month.month), cells: classes.map { x.number(month.counts[$0] ?? 0) }, classed: x.number(month.classed))
        }
        classRows = classes.reversed().map {
            ClassRow(key: $0.rawValue, label: $0.label(language: x.lang.rawValue), count: x.number(now.counts[$0] ?? 0), share: pct(now.share($0)))
        }
        fullySatisfied = x.t("report_fully_satisfied_line").replacingOccurrences(of: "{p}", with: pct(now.fullySatisfiedShare))
            .replacingOccurrences(of: "{n}", with: x.number(now.fullySatisfied)).replacingOccurrences(of: "{classed}", with: x.number(now.classed))
        unclassed = x.t("report_unclassed").replacingOccurrences(of: "{n}", with: x.number(now.unclassed))

        surveyFacts = [
            Tile(key: "answered", label: x.t("report_answered"), value: x.number(s.answered), note: inPeriod),
            Tile(key: "csat", label: x.t("report_csat_average"), value: s.csatAverage.map(x.figure) ?? dash,
                 note: x.t("report_note_answers").replacingOccurrences(of: "{n}", with: x.number(s.csatCount))),
            Tile(key: "top-box", label: x.t("report_csat_top_box"), value: pct(s.csatTopBoxShare),
                 note: x.t("report_note_met").replacingOccurrences(of: "{met}", with: x.number(s.csatTopBox)).replacingOccurrences(of: "{n}", with: x.number(s.csatCount))),
            Tile(key: "nps", label: x.t("report_nps"), value: s.nps.map { x.figure($0.rounded()) } ?? dash,
                 note: x.t("report_nps_note").replacingOccurrences(of: "{p}", with: x.number(s.promoters))
                    .replacingOccurrences(of: "{s}", with: x.number(s.passives)).replacingOccurrences(of: "{d}", with: x.number(s.detractors))),
        ]
        let v = r.recovery
        recoveryFacts = [
            Tile(key: "opened", label: x.t("report_recovery_opened"), value: x.number(v.opened), note: inPeriod),
            Tile(key: "closed", label: x.t("report_recovery_closed"), value: x.number(v.closed), note: inPeriod),
            Tile(key: "recovered", label: x.t("report_recovered"), value: pct(v.recoveredShare),
                 note: x.t("report_note_met").replacingOccurrences(of: "{met}", with: x.number(v.recovered)).replacingOccurrences(of: "{n}", with: x.number(v.closed))),
            Tile(key: "improved", label: x.t("report_improved"), value: x.number(v.improved), note: x.t("report_improved_note")),
            Tile(key: "median-close", label: x.t("report_median_close"), value: minutes(v.medianCloseMinutes), note: inPeriod),
        ]
        transitions = v.transitions.map {
            TransitionRow(before: $0.before?.label(language: x.lang.rawValue) ?? x.t("report_no_class"),
                          after: $0.after?.label(language: x.lang.rawValue) ?? x.t("report_not_measured"), count: x.number($0.count))
        }
    }
}

extension PageText {
    /// A duration for reading: "25 min", "3.5 h", "2.1 days" (in the reader's words and digits).
    func duration(minutes m: Double) -> String {
        if m < 60 { return t("report_unit_minutes").replacingOccurrences(of: "{n}", with: figure((m * 10).rounded() / 10)) }
        if m < 1440 { return t("report_unit_hours").replacingOccurrences(of: "{n}", with: figure((m / 6).rounded() / 10)) }
        return t("report_unit_days").replacingOccurrences(of: "{n}", with: figure((m / 144).rounded() / 10))
    }
}
