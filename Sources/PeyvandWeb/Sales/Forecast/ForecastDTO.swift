import Foundation
import PeyvandCore
import PeyvandStore

struct FiguresDTO: Encodable {
    let won: Money, wonDeals: Int, lost: Money, lostDeals: Int, weighted: Money, commit: Money, bestCase: Money, pipeline: Money
    let openDeals: Int, quota: Money?, attainment: Int?, winRate: Int?

    init(_ f: ForecastFigures, _ c: Currency) {
        let m = { Money(minorUnits: $0, currency: c) }
        won = m(f.won); wonDeals = f.wonDeals; lost = m(f.lost); lostDeals = f.lostDeals; weighted = m(f.weighted)
        commit = m(f.commit); bestCase = m(f.bestCase); pipeline = m(f.pipeline); openDeals = f.openDeals
        quota = f.quota.map(m); attainment = f.attainment; winRate = f.winRate
    }

    func encode(to encoder: any Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(won, forKey: .won); try k.encode(wonDeals, forKey: .wonDeals); try k.encode(lost, forKey: .lost)
        try k.encode(lostDeals, forKey: .lostDeals); try k.encode(weighted, forKey: .weighted); try k.encode(commit, forKey: .commit)
        try k.encode(bestCase, forKey: .bestCase); try k.encode(pipeline, forKey: .pipeline); try k.encode(openDeals, forKey: .openDeals)
        try k.encode(quota, forKey: .quota); try k.encode(attainment, forKey: .attainment); try k.encode(winRate, forKey: .winRate)
    }

    enum CodingKeys: String, CodingKey { case won, wonDeals, lost, lostDeals, weighted, commit, bestCase, pipeline, openDeals, quota, attainment, winRate }
}

struct ForecastDTO: Encodable {
    struct Period: Encodable { let period: String; let startDate: String; let endDate: String; let figures: FiguresDTO }
    struct Owner: Encodable {
        let userId: String; let name: String; let team: String?; let figures: FiguresDTO
        func encode(to encoder: any Encoder) throws {
            var k = encoder.container(keyedBy: CodingKeys.self)
            try k.encode(userId, forKey: .userId); try k.encode(name, forKey: .name); try k.encode(team, forKey: .team); try k.encode(figures, forKey: .figures)
        }
        enum CodingKeys: String, CodingKey { case userId, name, team, figures }
    }
    struct Team: Encodable {
        let team: String?; let figures: FiguresDTO
        func encode(to encoder: any Encoder) throws {
            var k = encoder.container(keyedBy: CodingKeys.self)
            try k.encode(team, forKey: .team); try k.encode(figures, forKey: .figures)
        }
        enum CodingKeys: String, CodingKey { case team, figures }
    }
    struct Pipeline: Encodable { let pipelineId: String; let name: String; let figures: FiguresDTO }
    struct FunnelRow: Encodable {
        let key: String; let leads: Int; let converted: Int; let won: Int; let wonAmount: Money; let conversionRate: Int?; let winRate: Int?
        init(_ r: LeadFunnel.Row, _ c: Currency) {
            key = r.key; leads = r.leads; converted = r.converted; won = r.won; wonAmount = Money(minorUnits: r.wonAmount, currency: c)
            conversionRate = r.conversionRate; winRate = r.winRate
        }
        func encode(to encoder: any Encoder) throws {
            var k = encoder.container(keyedBy: CodingKeys.self)
            try k.encode(key, forKey: .key); try k.encode(leads, forKey: .leads); try k.encode(converted, forKey: .converted)
            try k.encode(won, forKey: .won); try k.encode(wonAmount, forKey: .wonAmount); try k.encode(conversionRate, forKey: .conversionRate)
            try k.encode(winRate, forKey: .winRate)
        }
        enum CodingKeys: String, CodingKey { case key, leads, converted, won, wonAmount, conversionRate, winRate }
    }
    struct Funnel: Encodable { let bySource: [FunnelRow]; let byChannel: [FunnelRow]; let total: FunnelRow }
    struct Activity: Encodable {
        let userId: String; let name: String; let calls: Int; let meetings: Int; let emails: Int; let messages: Int; let tasksDone: Int; let dealsWon: Int
    }

    let calendar: String
    let period: String
    let startDate: String
    let endDate: String
    let currency: String
    let commitFrom: Int
    let bestCaseFrom: Int
    let total: FiguresDTO
    let periods: [Period]
    let owners: [Owner]
    let teams: [Team]
    let pipelines: [Pipeline]
    let undated: FiguresDTO
    let funnel: Funnel
    let activity: [Activity]

    init(_ f: Forecast) {
        let c = f.currency
        calendar = f.query.period.calendar.rawValue
        period = f.query.period.key
        (startDate, endDate) = Self.dates(f.query.period)
        currency = c.rawValue
        commitFrom = f.thresholds.commitFrom
        bestCaseFrom = f.thresholds.bestCaseFrom
        total = FiguresDTO(f.total, c)
        periods = f.periods.map {
            let (s, e) = Self.dates($0.period)
            return Period(period: $0.period.key, startDate: s, endDate: e, figures: FiguresDTO($0.figures, c))
        }
        owners = f.owners.map { Owner(userId: String($0.userId), name: $0.name, team: $0.team, figures: FiguresDTO($0.figures, c)) }
        teams = f.teams.map { Team(team: $0.team, figures: FiguresDTO($0.figures, c)) }
        pipelines = f.pipelines.map { Pipeline(pipelineId: String($0.pipelineId), name: $0.name, figures: FiguresDTO($0.figures, c)) }
        undated = FiguresDTO(f.undated, c)
        funnel = Funnel(bySource: f.funnel.bySource.map { FunnelRow($0, c) }, byChannel: f.funnel.byChannel.map { FunnelRow($0, c) },
                        total: FunnelRow(f.funnel.total, c))
        activity = f.activity.map {
            Activity(userId: String($0.userId), name: $0.name, calls: $0.calls, meetings: $0.meetings, emails: $0.emails, messages: $0.messages,
                     tasksDone: $0.tasksDone, dealsWon: $0.dealsWon)
        }
    }

    /// The period's first and last Gregorian dates (ISO 8601), whatever its calendar.
    static func dates(_ p: ForecastPeriod) -> (String, String) {
        let iso = { (day: Int) -> String in
            let g = JalaliDate(daysSinceUnixEpoch: day).gregorian
            return String(format: "%04d-%02d-%02d", g.year, g.month, g.day)
        }
        return (iso(p.startDay), iso(p.endDay - 1))
    }
}

struct ThresholdsDTO: Encodable {
    let commitFrom: Int
    let bestCaseFrom: Int
    init(_ t: ForecastThresholds) { commitFrom = t.commitFrom; bestCaseFrom = t.bestCaseFrom }
}

struct QuotaDTO: Encodable {
    let userId: String
    let calendar: String
    let period: String
    let amount: Money?

    init(_ q: SalesQuotas.Quota, currency: Currency, removed: Bool = false) {
        userId = String(q.userId); calendar = q.period.calendar.rawValue; period = q.period.key
        amount = removed ? nil : Money(minorUnits: q.amount, currency: currency)
    }

    func encode(to encoder: any Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(userId, forKey: .userId); try k.encode(calendar, forKey: .calendar); try k.encode(period, forKey: .period)
        try k.encode(amount, forKey: .amount)
    }

    enum CodingKeys: String, CodingKey { case userId, calendar, period, amount }
}

struct TeamDTO: Encodable {
    let userId: String
    let team: String?

    func encode(to encoder: any Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(userId, forKey: .userId); try k.encode(team, forKey: .team)
    }

    enum CodingKeys: String, CodingKey { case userId, team }
}
