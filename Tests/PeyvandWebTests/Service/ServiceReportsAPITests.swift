import Foundation
import HTTPTypes
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

/// `GET /api/v1/reports/service` and the `/reports/service` page through the router: the figures
/// of a period, every bad period refused as problem+json (422) or said on the page, and who may
/// read them.
@Suite struct ServiceReportsAPITests {
    struct Report: Decodable {
        struct Period: Decodable { let calendar: String, from: String, to: String, start: Date, end: Date }
        struct Durations: Decodable { let count: Int, medianMinutes: Double?, p90Minutes: Double? }
        struct Attainment: Decodable { let met: Int, missed: Int, percent: Double? }
        struct Row: Decodable { let key: String?, opened: Int, firstResponse: Durations, firstResponseSla: Attainment }
        struct Tickets: Decodable { let overall: Row, byChannel: [Row] }
        struct Backlog: Decodable { let total: Int }
        struct Money: Decodable { let amount: String, currency: String }
        struct Cost: Decodable { let total: Money }
        struct Month: Decodable { let month: String, counts: [String: Int] }
        struct Now: Decodable { let fullySatisfied: Int, fullySatisfiedPercent: Double? }
        struct Satisfaction: Decodable { let byMonth: [Month], now: Now }
        struct Surveys: Decodable { let nps: Double?, csatAverage: Double? }
        let period: Period, durations: String, tickets: Tickets, backlog: Backlog, cost: Cost, satisfaction: Satisfaction, surveys: Surveys
    }

    /// A ticket opened on 2 Azar 1405 at 10:00 Tehran, answered 30 minutes later within its hour; a
    /// customer happy since 5 Azar; an answer with NPS 10.
    static func seed(_ app: TestApp) async throws {
        let db = app.database.sql
        let customer = try await CustomerRepository(app.database).create(CustomerInput(name: "مریم احمدی"), by: app.admin.principal)
        let day = try JalaliDate(year: 1405, month: 9, day: 2).daysSinceUnixEpoch
        let opened = Int64(day * 86_400 + 10 * 3600 - 12_600) * 1000
        try await db.raw("""
            INSERT INTO tickets (number, customer_id, subject, channel, category, priority, status, language, first_response_at,
              first_response_due_at, last_message_at, created_at, updated_at)
            VALUES ('T-1405-000001', \(bind: customer.id), 'خرابی', 'email', 'question', 'normal', 'open', 'fa', \(bind: opened + 1_800_000),
              \(bind: opened + 3_600_000), \(bind: opened), \(bind: opened), \(bind: opened))
            """).run()
        try await db.raw("""
            INSERT INTO satisfaction_changes (customer_id, from_class, to_class, reasons, cause, at)
            VALUES (\(bind: customer.id), NULL, 'happy', '[]', 'survey', \(bind: opened + 3 * 86_400_000))
            """).run()
        try await db.raw("INSERT INTO customer_satisfaction (customer_id, class, reasons, since, assessed_at) VALUES (\(bind: customer.id), 'happy', '[]', 0, 0)").run()
        try await db.raw("""
            INSERT INTO surveys (customer_id, occasion, language, token_hash, expires_at, answered_at, csat, nps, created_at)
            VALUES (\(bind: customer.id), 'manual', 'fa', 'h1', \(bind: opened + 9 * 86_400_000), \(bind: opened + 86_400_000), 5, 10, \(bind: opened))
            """).run()
    }

    @Test("the report of a period as JSON; bad, reversed and too long periods are 422 problem+json; roles without analytics are 403")
    func api() async throws {
        try await TestApp.with { app, client in
            try await Self.seed(app)
            let response = try await client.send(.get, "/api/v1/reports/service?calendar=jalali&from=1405-08&to=1405-09", headers: app.auth)
            #expect(response.status == .ok)
            let report = try response.decoded(Report.self)
            #expect(report.period.from == "1405-08" && report.period.to == "1405-09" && report.durations == "wall-clock-minutes")
            #expect(report.tickets.overall.opened == 1 && report.tickets.overall.firstResponse.medianMinutes == 30)
            #expect(report.tickets.overall.firstResponseSla.percent == 100 && report.tickets.byChannel.map(\.key) == ["email"])
            #expect(report.backlog.total == 1 && report.cost.total.currency == "IRR")
            #expect(report.satisfaction.byMonth.map(\.month) == ["1405-08", "1405-09"])
            #expect(report.satisfaction.byMonth[0].counts["happy"] == 0 && report.satisfaction.byMonth[1].counts["happy"] == 1)
            #expect(report.satisfaction.now.fullySatisfied == 1 && report.satisfaction.now.fullySatisfiedPercent == 100)
            #expect(report.surveys.nps == 100 && report.surveys.csatAverage == 5)
            // Keys with no value are present as null.
            #expect(response.text.contains("\"resolution\":{\"count\":0,\"medianMinutes\":null,\"p90Minutes\":null}"))
            // Narrowed to another channel: no tickets.
            let sms = try await client.send(.get, "/api/v1/reports/service?from=1405-09&to=1405-09&channel=sms", headers: app.auth).decoded(Report.self)
            #expect(sms.tickets.overall.opened == 0 && sms.backlog.total == 0)
            // Defaults: the six months up to the current one.
            #expect(try await client.send(.get, "/api/v1/reports/service", headers: app.auth).status == .ok)

            for (query, field) in [("from=1405-13", "from"), ("from=abc&to=1405-01", "from"), ("from=1405-09&to=1405-08", "to"),
                                   ("from=1300-01&to=1405-12", "to"), ("from=1405-Q1", "from"), ("channel=fax", "channel"), ("team=x", "team"),
                                   ("agent=0", "agent"), ("calendar=lunar", "calendar"), ("from=99999-01", "from")] {
                let bad = try await client.send(.get, "/api/v1/reports/service?\(query)", headers: app.auth)
                #expect(bad.status == .unprocessableContent, "\(query)")
                #expect(bad.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                #expect(try bad.decoded(ProblemBody.self).fields.contains(field), "\(query)")
            }
            let tooLong = try await client.send(.get, "/api/v1/reports/service?from=1402-01&to=1405-01", headers: app.auth).decoded(ProblemBody.self)
            #expect(tooLong.errors?.first?.code == "report.tooLong")

            let (_, rep) = try await app.token(for: .salesRep, email: "rep@example.test")
            let refused = try await client.send(.get, "/api/v1/reports/service?from=1405-13", headers: [.authorization: "Bearer \(rep)"])
            #expect(refused.status == .forbidden, "refused before the parameters are read")
            let (_, analyst) = try await app.token(for: .crmAnalyst, email: "analyst@example.test")
            #expect(try await client.send(.get, "/api/v1/reports/service", headers: [.authorization: "Bearer \(analyst)"]).status == .ok)
            #expect(try await client.send(.get, "/api/v1/reports/service").status == .unauthorized)
        }
    }

    @Test("the page in Persian and English: class names, Persian digits, Jalali months; a bad period is said at the top (422)")
    func page() async throws {
        try await TestApp.with { app, client in
            try await Self.seed(app)
            var browser = Browser(client)
            _ = try await browser.logIn()
            let fa = try await browser.request(.get, "/reports/service?lang=fa&calendar=jalali&from=1405-08&to=1405-09")
            #expect(fa.status == .ok)
            let html = fa.text
            #expect(html.contains("گزارش‌های خدمات") && html.contains("آذر ۱۴۰۵") && html.contains("شاد") && html.contains("شیفته"))
            #expect(html.contains("۳۰ دقیقه"), "the median first response in Persian digits")
            #expect(html.contains("chart-stack-happy") && html.contains("id=\"report-fully-satisfied\""))
            #expect(!html.contains(">Happy<") && !html.contains("Service reports"))
            let en = try await browser.request(.get, "/reports/service?lang=en&calendar=gregorian&from=2026-11&to=2026-12")
            #expect(en.status == .ok && en.text.contains("Service reports") && en.text.contains("Happy") && en.text.contains("30 min"))
            let bad = try await browser.request(.get, "/reports/service?lang=en&from=1405-09&to=1405-01")
            #expect(bad.status == .unprocessableContent && bad.text.contains("id=\"report-errors\""))
            // Linked from the tickets page and the navigation.
            let tickets = try await browser.request(.get, "/tickets?lang=en")
            #expect(tickets.text.contains("href=\"/reports/service\""))
        }
    }
}
