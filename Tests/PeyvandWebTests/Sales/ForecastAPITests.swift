import Foundation
import HummingbirdTesting
@testable import PeyvandWeb
import PeyvandCore
import PeyvandStore
import SQLKit
import Testing

/// The forecast through the API and the page, as a manager and as a rep reads it.
@Suite struct ForecastAPITests {
    /// A won deal of 40,000,000 rials for `owner` on 10 Farvardin 1405 and an open one of 10,000,000
    /// at the third stage (50%) expected on 20 Ordibehesht 1405.
    static func deals(_ app: TestApp, owner: Int64) async throws {
        let customer = try await CustomerRepository(app.database).create(CustomerInput(name: "شرکت پارس"), by: app.admin.principal).id
        let won = try JalaliDate(year: 1405, month: 1, day: 10), open = try JalaliDate(year: 1405, month: 2, day: 20)
        let wonAt = Int64(won.date(timeZone: Tehran.timeZone).timeIntervalSince1970 * 1000) + 3_600_000
        for (status, stage, amount, day, closed) in [("won", 5, Int64(40_000_000), nil, wonAt), ("open", 3, 10_000_000, Int64(open.daysSinceUnixEpoch), nil)] as [(String, Int64, Int64, Int64?, Int64?)] {
            try await app.database.sql.raw("""
                INSERT INTO deals (pipeline_id, stage_id, status, title, customer_id, owner_id, currency, amount_minor, amount_base_minor,
                  expected_close_day, closed_at, stage_entered_at, created_at, updated_at)
                VALUES (1, \(bind: stage), \(bind: status), 'd', \(bind: customer), \(bind: owner), 'IRR', \(bind: amount), \(bind: amount), \(bind: day),
                  \(bind: closed), 0, 0, 0)
                """).run()
        }
    }

    @Test("the forecast of spring 1405: won, weighted, commit, best case, quota and attainment, in money as strings")
    func forecastJSON() async throws {
        try await TestApp.with { app, client in
            let (rep, repToken) = try await app.token(for: .salesRep, email: "rep@example.test")
            try await Self.deals(app, owner: rep.id)
            let set = try await client.send(.put, "/api/v1/quotas", headers: app.auth,
                                            json: #"{"userId":"\#(rep.id)","calendar":"jalali","period":"1405-Q1","amount":"80000000"}"#)
            #expect(set.status == .ok)
            #expect((set.json["amount"] as? [String: Any])?["amount"] as? String == "80000000")
            let team = try await client.send(.put, "/api/v1/users/\(rep.id)/team", headers: app.auth, json: #"{"team":"تهران"}"#)
            #expect(team.status == .ok && team.json["team"] as? String == "تهران")
            let read = try await client.send(.get, "/api/v1/forecast?calendar=jalali&period=1405-Q1", headers: app.auth)
            #expect(read.status == .ok)
            let body = read.json
            #expect(body["period"] as? String == "1405-Q1" && body["startDate"] as? String == "2026-03-21" && body["endDate"] as? String == "2026-06-21")
            let total = try #require(body["total"] as? [String: Any])
            func amount(_ key: String) -> String? { (total[key] as? [String: Any])?["amount"] as? String }
            #expect(amount("won") == "40000000" && amount("weighted") == "45000000" && amount("commit") == "40000000")
            #expect(amount("bestCase") == "50000000" && amount("pipeline") == "10000000" && amount("quota") == "80000000")
            #expect(total["attainment"] as? Int == 50)
            let owners = try #require(body["owners"] as? [[String: Any]])
            #expect(owners.count == 1 && owners[0]["userId"] as? String == String(rep.id) && owners[0]["team"] as? String == "تهران")
            #expect((body["periods"] as? [Any])?.count == 4)
            // By month: Farvardin holds the win, Ordibehesht the open deal.
            let months = try await client.send(.get, "/api/v1/forecast?calendar=jalali&period=1405-02", headers: app.auth).json
            #expect(((months["total"] as? [String: Any])?["pipeline"] as? [String: Any])?["amount"] as? String == "10000000")
            // The rep reads the same (their own) forecast, and may not set quotas.
            let own = try await client.send(.get, "/api/v1/forecast?calendar=jalali&period=1405-Q1",
                                            headers: [.authorization: "Bearer \(repToken)"])
            #expect(own.status == .ok && ((own.json["total"] as? [String: Any])?["won"] as? [String: Any])?["amount"] as? String == "40000000")
            let refused = try await client.send(.put, "/api/v1/quotas", headers: [.authorization: "Bearer \(repToken)", .contentType: "application/json"],
                                                json: #"{"userId":"\#(rep.id)","period":"1405-Q1","amount":"1"}"#)
            #expect(refused.status == .forbidden)
        }
    }

    @Test("bad periods, calendars, amounts and thresholds are refused with the field named; nothing changes")
    func badInput() async throws {
        try await TestApp.with { app, client in
            let (rep, _) = try await app.token(for: .salesRep, email: "rep@example.test")
            for query in ["period=1405-Q5", "period=1405-13", "calendar=lunar", "period=abc", "pipelineId=x", "ownerId=0"] {
                let r = try await client.send(.get, "/api/v1/forecast?\(query)", headers: app.auth)
                #expect(r.status == .unprocessableContent, "\(query)")
                #expect(r.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            }
            for (json, field) in [(#"{"userId":"\#(rep.id)","period":"1405-Q1","amount":"-5"}"#, "amount"),
                                  (#"{"userId":"\#(rep.id)","period":"1405-Q9","amount":"5"}"#, "period"),
                                  (#"{"period":"1405-Q1","amount":"5"}"#, "userId"),
                                  (#"{"userId":"\#(rep.id)","period":"1405-Q1"}"#, "amount"),
                                  (#"{"userId":"\#(rep.id)","period":"1405-Q1","amount":"5","extra":1}"#, "extra")] {
                let r = try await client.send(.put, "/api/v1/quotas", headers: app.auth, json: json)
                #expect(r.status == .unprocessableContent, "\(json)")
                #expect(((r.json["errors"] as? [[String: Any]]) ?? []).contains { $0["field"] as? String == field }, "\(json)")
            }
            let unknown = try await client.send(.put, "/api/v1/quotas", headers: app.auth, json: #"{"userId":"999","period":"1405-Q1","amount":"5"}"#)
            #expect(unknown.status == .notFound)
            for json in [#"{"commitFrom":101,"bestCaseFrom":10}"#, #"{"commitFrom":50,"bestCaseFrom":60}"#, #"{"commitFrom":50}"#] {
                let r = try await client.send(.put, "/api/v1/forecast/settings", headers: app.auth, json: json)
                #expect(r.status == .unprocessableContent, "\(json)")
            }
            let settings = try await client.send(.get, "/api/v1/forecast/settings", headers: app.auth).json
            #expect(settings["commitFrom"] as? Int == 75 && settings["bestCaseFrom"] as? Int == 40)
            let quotas = try await client.send(.get, "/api/v1/quotas?period=1405-Q1", headers: app.auth).json
            #expect((quotas["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("the forecast page in Persian: Jalali seasons, Persian digits, the quota form saves and refuses a bad amount beside it")
    func page() async throws {
        try await TestApp.with { app, client in
            let (rep, _) = try await app.token(for: .salesRep, email: "rep@example.test")
            try await Self.deals(app, owner: rep.id)
            var browser = Browser(client)
            _ = try await browser.logIn()
            let fa = try await browser.request(.get, "/forecast?lang=fa&calendar=jalali&period=1405-Q1")
            #expect(fa.status == .ok)
            for text in ["بهار ۱۴۰۵", "پیش‌بینی فروش", "۴۰٬۰۰۰٬۰۰۰", "۴۵٬۰۰۰٬۰۰۰", "قطعی", "بهترین حالت", "سهمیه‌ها و تیم‌ها", "تابستان ۱۴۰۵"] {
                #expect(fa.text.contains(text), "\(text)")
            }
            let csrf = try #require(Browser.hidden("_csrf", in: fa.text))
            let bad = try await browser.request(.post, "/forecast/quotas?lang=fa", form: [
                ("_csrf", csrf), ("calendar", "jalali"), ("period", "1405-Q1"), ("team\(rep.id)", "تهران"), ("quota\(rep.id)", "-۵"),
            ])
            #expect(bad.status == .unprocessableContent && bad.text.contains("نباید منفی باشد"))
            let good = try await browser.request(.post, "/forecast/quotas?lang=fa", form: [
                ("_csrf", csrf), ("calendar", "jalali"), ("period", "1405-Q1"), ("team\(rep.id)", "تهران"), ("quota\(rep.id)", "۸۰٬۰۰۰٬۰۰۰"),
            ])
            #expect(good.status == .seeOther || good.status == .found)
            let after = try await browser.request(.get, "/forecast?lang=fa&calendar=jalali&period=1405-Q1")
            #expect(after.text.contains("۸۰٬۰۰۰٬۰۰۰") && after.text.contains("۵۰٪"))
            // The page is kept between reads; each session still gets its own form token, and
            // a form posted with it is taken.
            var other = Browser(client)
            _ = try await other.logIn()
            let again = try await other.request(.get, "/forecast?lang=fa&calendar=jalali&period=1405-Q1")
            let otherCSRF = try #require(Browser.hidden("_csrf", in: again.text))
            #expect(otherCSRF != csrf && !again.text.contains(ForecastPages.csrfPlaceholder) && again.text.contains("۸۰٬۰۰۰٬۰۰۰"))
            let byOther = try await other.request(.post, "/forecast/quotas?lang=fa", form: [
                ("_csrf", otherCSRF), ("calendar", "jalali"), ("period", "1405-Q1"), ("team\(rep.id)", "تهران"), ("quota\(rep.id)", "۹۰٬۰۰۰٬۰۰۰"),
            ])
            #expect(byOther.status == .seeOther || byOther.status == .found)
            #expect(try await browser.request(.get, "/forecast?lang=fa&calendar=jalali&period=1405-Q1").text.contains("۹۰٬۰۰۰٬۰۰۰"))
            let en = try await browser.request(.get, "/forecast?lang=en&calendar=gregorian&period=2026-Q2")
            #expect(en.status == .ok && en.text.contains("Q2 2026") && en.text.contains("Commit"))
            let wrong = try await browser.request(.get, "/forecast?lang=en&period=2026-Q7")
            #expect(wrong.status == .badRequest && wrong.text.contains("must look like"))
        }
    }
}
