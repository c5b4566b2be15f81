import Foundation
import PeyvandCore
import PeyvandStore

/// What the forecast page (`forecast.mustache`) renders.
struct ForecastModel {
    struct Option { let value: String; let label: String; let selected: Bool }
    struct Tile { let key: String; let label: String; let value: String; let note: String? }
    struct FiguresRow {
        let label: String; let href: String?; let current: Bool; let team: String?
        let won: String; let commit: String; let bestCase: String; let weighted: String; let pipeline: String
        let openDeals: String; let quota: String; let attainment: String; let winRate: String
    }
    struct FunnelRow { let label: String; let leads: String; let converted: String; let conversionRate: String; let won: String; let winRate: String; let wonAmount: String }
    struct ActivityRow { let name: String; let calls: String; let meetings: String; let emails: String; let messages: String; let tasksDone: String; let dealsWon: String }
    struct QuotaRow { let userId: Int64; let name: String; let team: String; let quota: String }

    let periodTitle: String
    let periodDates: String
    let calendar: String
    let period: String
    // The selects' options and the tables' rows as HTML (``ForecastRows``).
    let calendarOptions: String
    let periodOptions: String
    let pipelineOptions: String
    let teamOptions: String
    let ownerOptions: String
    let hasTeamOptions: Bool
    let hasOwnerOptions: Bool
    let byMonthHref: String
    let byQuarterHref: String
    let monthly: Bool
    let previousHref: String
    let nextHref: String
    let tiles: [Tile]
    let periodRows: String
    let ownerRows: String
    let teamRows: String
    let pipelineRows: String
    let hasOwners: Bool
    let hasTeams: Bool
    let hasPipelines: Bool
    let undated: String?
    let funnelSourceRows: String
    let funnelChannelRows: String
    let funnelTotal: FunnelRow
    let activityRows: String
    let hasActivity: Bool
    let definitions: String
    let canConfigure: Bool
    let quotaRows: String
    let commitFrom: String
    let bestCaseFrom: String
    let errors: [FieldError]
    let flash: String?
    /// "Amounts in rials", said above every table of amounts.
    let unitNote: String
}

extension ForecastModel {
    init(_ data: ForecastPageData, principal: Principal, issues: [FieldIssue], flash: String?, text x: PageText) {
        let f = data.forecast, q = f.query, c = f.currency
        let m = { (minor: Int64) in x.money(Money(minorUnits: minor, currency: c)) }
        // Tables name the unit once, in their heading.
        let n = { (minor: Int64) in Money(minorUnits: minor, currency: c).formattedParts(language: x.lang.rawValue, toman: x.toman).number }
        let dash = "—"
        func href(_ period: ForecastPeriod, pipeline: Int64? = q.pipelineId, team: String? = q.team, owner: Int64? = q.ownerId) -> String {
            var items = [("calendar", period.calendar.rawValue), ("period", period.key)]
            if let pipeline { items.append(("pipelineId", String(pipeline))) }
            if let team { items.append(("team", team)) }
            if let owner { items.append(("ownerId", String(owner))) }
            return "/forecast?" + items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(["&", "=", "+"])) ?? "")" }
                .joined(separator: "&")
        }
        func row(_ label: String, _ figures: ForecastFigures, href: String? = nil, current: Bool = false, team: String? = nil) -> FiguresRow {
            FiguresRow(label: label, href: href, current: current, team: team, won: n(figures.won), commit: n(figures.commit), bestCase: n(figures.bestCase),
                       weighted: n(figures.weighted), pipeline: n(figures.pipeline), openDeals: x.number(figures.openDeals),
                       quota: figures.quota.map(n) ?? dash, attainment: figures.attainment.map { x.percent(Double($0) / 100) } ?? dash,
                       winRate: figures.winRate.map { x.percent(Double($0) / 100) } ?? dash)
        }
        func funnel(_ r: LeadFunnel.Row, label: String) -> FunnelRow {
            FunnelRow(label: label, leads: x.number(r.leads), converted: x.number(r.converted),
                      conversionRate: r.conversionRate.map { x.percent(Double($0) / 100) } ?? dash, won: x.number(r.won),
                      winRate: r.winRate.map { x.percent(Double($0) / 100) } ?? dash, wonAmount: n(r.wonAmount))
        }
        let all = principal.customerScope == .all
        periodTitle = x.periodName(q.period)
        periodDates = x.t("forecast_from") + " " + x.day(JalaliDate(daysSinceUnixEpoch: q.period.startDay).date(timeZone: Tehran.timeZone))
            + " " + x.t("forecast_to") + " " + x.day(JalaliDate(daysSinceUnixEpoch: q.period.endDay - 1).date(timeZone: Tehran.timeZone))
        calendar = q.period.calendar.rawValue
        period = q.period.key
        calendarOptions = ForecastRows.options(ForecastPeriod.CalendarKind.allCases.map {
            Option(value: $0.rawValue, label: x.t("forecast_calendar_\($0.rawValue)"), selected: $0 == q.period.calendar)
        })
        periodOptions = ForecastRows.options(q.period.siblings.map { Option(value: $0.key, label: x.periodName($0), selected: $0 == q.period) })
        pipelineOptions = ForecastRows.options([Option(value: "", label: x.t("forecast_all_pipelines"), selected: q.pipelineId == nil)]
            + data.pipelines.map { Option(value: String($0.id), label: $0.name, selected: $0.id == q.pipelineId) })
        teamOptions = all ? ForecastRows.options([Option(value: "", label: x.t("forecast_all_teams"), selected: q.team == nil)]
            + data.teams.map { Option(value: $0, label: $0, selected: $0 == q.team) }) : ""
        ownerOptions = all ? ForecastRows.options([Option(value: "", label: x.t("forecast_all_owners"), selected: q.ownerId == nil)]
            + data.sellers.map { Option(value: String($0.userId), label: $0.name, selected: $0.userId == q.ownerId) }) : ""
        hasTeamOptions = !teamOptions.isEmpty
        hasOwnerOptions = !ownerOptions.isEmpty
        let day = q.period.startDay
        byMonthHref = href(ForecastPeriod.containing(day: day, q.period.calendar, .month))
        byQuarterHref = href(ForecastPeriod.containing(day: day, q.period.calendar, .quarter))
        monthly = q.period.granularity == .month
        previousHref = href(q.period.previous)
        nextHref = href(q.period.next)
        let t = f.total
        tiles = [
            Tile(key: "won", label: x.t("forecast_won"), value: m(t.won), note: x.t("forecast_deals_count").replacingOccurrences(of: "{n}", with: x.number(t.wonDeals))),
            Tile(key: "commit", label: x.t("forecast_commit"), value: m(t.commit), note: nil),
            Tile(key: "best-case", label: x.t("forecast_best_case"), value: m(t.bestCase), note: nil),
            Tile(key: "weighted", label: x.t("forecast_weighted"), value: m(t.weighted), note: nil),
            Tile(key: "pipeline", label: x.t("forecast_pipeline"), value: m(t.pipeline),
                 note: x.t("forecast_deals_count").replacingOccurrences(of: "{n}", with: x.number(t.openDeals))),
            Tile(key: "quota", label: x.t("forecast_quota"), value: t.quota.map(m) ?? dash,
                 note: t.attainment.map { x.t("forecast_attained").replacingOccurrences(of: "{p}", with: x.percent(Double($0) / 100)) }),
        ]
        periodRows = ForecastRows.periods(f.periods.map { row(x.periodName($0.period), $0.figures, href: href($0.period), current: $0.period == q.period) })
        ownerRows = ForecastRows.owners(f.owners.map { row($0.name, $0.figures, href: all ? href(q.period, owner: $0.userId) : nil, team: $0.team ?? dash) })
        hasOwners = !f.owners.isEmpty
        hasTeams = f.teams.count > 1 || f.teams.first?.team != nil
        teamRows = hasTeams
            ? ForecastRows.teams(f.teams.map { row($0.team ?? x.t("forecast_no_team"), $0.figures, href: $0.team.map { href(q.period, team: $0) }) }) : ""
        pipelineRows = ForecastRows.pipelines(f.pipelines.map { row($0.name, $0.figures, href: href(q.period, pipeline: $0.pipelineId)) })
        hasPipelines = !f.pipelines.isEmpty
        undated = f.undated.openDeals == 0 ? nil : x.t("forecast_undated")
            .replacingOccurrences(of: "{n}", with: x.number(f.undated.openDeals)).replacingOccurrences(of: "{amount}", with: m(f.undated.pipeline))
        funnelSourceRows = ForecastRows.funnel(f.funnel.bySource.map { funnel($0, label: $0.key) }, empty: x.t("forecast_funnel_empty"))
        funnelChannelRows = ForecastRows.funnel(f.funnel.byChannel.map { funnel($0, label: x.leadChannel($0.key)) }, empty: x.t("forecast_funnel_empty"))
        funnelTotal = funnel(f.funnel.total, label: x.t("forecast_total"))
        activityRows = ForecastRows.activity(f.activity.map {
            ActivityRow(name: $0.name, calls: x.number($0.calls), meetings: x.number($0.meetings), emails: x.number($0.emails),
                        messages: x.number($0.messages), tasksDone: x.number($0.tasksDone), dealsWon: x.number($0.dealsWon))
        })
        hasActivity = !f.activity.isEmpty
        definitions = x.t("forecast_definitions")
            .replacingOccurrences(of: "{commit}", with: x.percent(Double(f.thresholds.commitFrom) / 100))
            .replacingOccurrences(of: "{best}", with: x.percent(Double(f.thresholds.bestCaseFrom) / 100))
        canConfigure = principal.may(.salesConfigure)
        let quotaFor = Dictionary(data.quotas.filter { $0.period == q.period }.map { ($0.userId, $0.amount) }, uniquingKeysWith: { a, _ in a })
        quotaRows = canConfigure ? ForecastRows.quotas(data.sellers.map {
            QuotaRow(userId: $0.userId, name: $0.name, team: $0.team ?? "",
                     quota: quotaFor[$0.userId].map { x.digits(Money(minorUnits: $0, currency: c).majorString) } ?? "")
        }, teamLabel: x.t("forecast_team"), quotaLabel: x.t("forecast_quota")) : ""
        commitFrom = x.number(f.thresholds.commitFrom)
        bestCaseFrom = x.number(f.thresholds.bestCaseFrom)
        errors = x.fieldErrorList(issues, labelled: true)
        self.flash = flash
        unitNote = x.t("forecast_amounts_in").replacingOccurrences(of: "{unit}",
                                                                    with: Money(minorUnits: 0, currency: c).formattedParts(language: x.lang.rawValue, toman: x.toman).unit)
    }
}

extension PageText {
    /// "بهار ۱۴۰۵", "Spring 1405", "Q2 2026", "مهر ۱۴۰۵", "October 2026".
    func periodName(_ p: ForecastPeriod) -> String {
        let name = t("forecast_\(p.granularity.rawValue)_\(p.calendar.rawValue)_\(p.index)")
        return name + " " + digits(String(p.year))
    }

    /// How a lead arrived (web form, API, file, by hand), in the reader's words.
    func leadChannel(_ key: String) -> String {
        let text = label("forecast_channel", key)
        return text.hasPrefix("forecast_channel_") ? key : text
    }
}
