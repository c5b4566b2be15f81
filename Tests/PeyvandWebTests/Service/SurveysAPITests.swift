import Foundation
import HTTPTypes
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

/// `/api/v1/surveys`, `POST /api/v1/tickets/{id}/survey`, the public `POST /api/v1/public/surveys/{token}`,
/// the survey settings of `/api/v1/service-settings`, and the pages: `/survey/{token}`, the ticket's box, `/surveys`.
@Suite struct SurveysAPITests {
    struct SurveyBody: Decodable {
        let id: String, customerId: String, occasion: String, ticketId: String?, channel: String?, language: String, state: String
        let csat: Int?, nps: Int?, comment: String?, sentAt: Date?, expiresAt: Date
    }
    struct SettingsBody: Decodable {
        struct Surveys: Decodable { let afterResolution: Bool, afterDelivery: Bool, questions: String, linkDays: Int }
        let inboundChannels: [String], surveys: Surveys
    }

    /// A customer who prefers email and consented to it, a ticket of theirs resolved: its survey's id and token.
    static func resolved(_ app: TestApp, _ client: any TestClientProtocol, language: String = "fa") async throws -> (ticket: String, survey: SurveyBody, token: String) {
        let email = "c\(UUID().uuidString.prefix(8))@example.test"
        let customer = try await client.send(.post, "/api/v1/customers", headers: app.auth,
                                             json: #"{"kind":"person","name":"مریم احمدی","emails":["\#(email)"],"preferredChannel":"email","consents":{"email":true}}"#)
        let customerId = try customer.decoded(IdBody.self).id
        let opened = try await client.send(.post, "/api/v1/tickets", headers: app.auth,
                                           json: #"{"customerId":"\#(customerId)","subject":"دستگاه خراب است","body":"روشن نمی‌شود","language":"\#(language)"}"#)
        let ticketId = try opened.decoded(IdBody.self).id
        let patched = try await client.send(.patch, "/api/v1/tickets/\(ticketId)", headers: app.auth, json: #"{"status":"resolved"}"#)
        #expect(patched.status == .ok)
        let list = try await client.send(.get, "/api/v1/surveys?ticketId=\(ticketId)", headers: app.auth)
        let survey = try #require(try list.decoded(ListOf<SurveyBody>.self).items.first)
        let payload = try #require(try await app.database.sql.raw("""
            SELECT payload FROM outbox_messages WHERE idempotency_key = \(bind: "survey:\(survey.id)") AND recipient = \(bind: email)
            """).first()?.decode(column: "payload", as: String.self))
        let text = try #require(ChannelPayload.decode(payload)?.text)
        let start = try #require(text.range(of: "/survey/"))
        let token = String(text[start.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
        return (ticketId, survey, token)
    }

    @Test("resolving sends a survey; the list filters; by hand twice is 409; the link answers once: 422 out of range, 200, replay 409, 404, 410")
    func api() async throws {
        try await TestApp.with { app, client in
            let (ticketId, survey, token) = try await Self.resolved(app, client)
            #expect(survey.occasion == "resolved" && survey.channel == "email" && survey.state == "waiting" && survey.language == "fa")
            let again = try await client.send(.post, "/api/v1/tickets/\(ticketId)/survey", headers: app.auth)
            #expect(again.status == .conflict && again.headers[.contentType] == "application/problem+json")
            #expect(try await client.send(.get, "/api/v1/surveys/\(survey.id)", headers: app.auth).status == .ok)
            #expect(try await client.send(.get, "/api/v1/surveys/99999", headers: app.auth).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/surveys?answered=maybe", headers: app.auth).status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/surveys?csatMax=9", headers: app.auth).status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/surveys?customerId=", headers: app.auth).status == .badRequest)
            let public_: HTTPFields = [.contentType: "application/json"]
            // Out of range: 422 naming each field, nothing stored.
            let bad = try await client.send(.post, "/api/v1/public/surveys/\(token)", headers: public_, json: #"{"csat":9,"nps":-1,"comment":"x"}"#)
            #expect(bad.status == .unprocessableContent && bad.headers[.contentType] == "application/problem+json")
            #expect(try bad.decoded(ProblemBody.self).fields == ["csat", "nps"])
            for body in [#"{"csat":"2","nps":3}"#, #"{"csat":2.5,"nps":3}"#, #"{"csat":1e19,"nps":3}"#, #"{"csat":2,"nps":3,"comment":"\#(String(repeating: "x", count: 2001))"}"#,
                         #"{"nps":3}"#, #"{"csat":2,"nps":3,"colour":"red"}"#] {
                #expect(try await client.send(.post, "/api/v1/public/surveys/\(token)", headers: public_, json: body).status == .unprocessableContent, "\(body)")
            }
            #expect(try await client.send(.get, "/api/v1/surveys/\(survey.id)", headers: app.auth).decoded(SurveyBody.self).state == "waiting")
            let ok = try await client.send(.post, "/api/v1/public/surveys/\(token)", headers: public_, json: #"{"csat":2,"nps":3,"comment":" دیر بود "}"#)
            #expect(ok.status == .ok)
            #expect(ok.json["csat"] as? Int == 2 && ok.json["comment"] as? String == "دیر بود" && ok.json["customerId"] == nil)
            let replay = try await client.send(.post, "/api/v1/public/surveys/\(token)", headers: public_, json: #"{"csat":5,"nps":10}"#)
            #expect(replay.status == .conflict)
            let stored = try await client.send(.get, "/api/v1/surveys/\(survey.id)", headers: app.auth).decoded(SurveyBody.self)
            #expect(stored.state == "answered" && stored.csat == 2 && stored.nps == 3 && stored.comment == "دیر بود")
            #expect(try await client.send(.get, "/api/v1/surveys?answered=true&csatMax=2", headers: app.auth).decoded(ListOf<SurveyBody>.self).items.map(\.id) == [survey.id])
            #expect(try await client.send(.get, "/api/v1/surveys?answered=false", headers: app.auth).decoded(ListOf<SurveyBody>.self).items.isEmpty)
            let unknown = try await client.send(.post, "/api/v1/public/surveys/s_\(String(repeating: "A", count: 43))", headers: public_, json: #"{"csat":2,"nps":3}"#)
            #expect(unknown.status == .notFound)
            // An expired link: 410.
            let (_, second, secondToken) = try await Self.resolved(app, client)
            try await app.database.sql.raw("UPDATE surveys SET expires_at = 1000 WHERE id = \(bind: Int64(second.id)!)").run()
            let gone = try await client.send(.post, "/api/v1/public/surveys/\(secondToken)", headers: public_, json: #"{"csat":4,"nps":8}"#)
            #expect(gone.status == .gone && gone.headers[.contentType] == "application/problem+json")
            #expect(try await client.send(.get, "/api/v1/surveys/\(second.id)", headers: app.auth).decoded(SurveyBody.self).state == "expired")
            // The answer is on the customer's timeline.
            let timeline = try await client.send(.get, "/api/v1/customers/\(survey.customerId)/timeline", headers: app.auth)
            let items = try #require(timeline.json["items"] as? [[String: Any]])
            let answer = try #require(items.first { $0["source"] as? String == "survey" })
            #expect(answer["kind"] as? String == "survey-answer" && answer["outcome"] as? String == "CSAT 2/5, NPS 3/10" && answer["detail"] as? String == "دیر بود")
        }
    }

    @Test("who may: reading with tickets.read, sending with tickets.write, the settings with service.configure")
    func permissions() async throws {
        try await TestApp.with { app, client in
            let (ticketId, survey, _) = try await Self.resolved(app, client)
            let (_, partner) = try await app.token(for: .partner, email: "partner@example.test")
            let partnerAuth: HTTPFields = [.authorization: "Bearer \(partner)", .contentType: "application/json"]
            #expect(try await client.send(.get, "/api/v1/surveys", headers: partnerAuth).status == .forbidden)
            #expect(try await client.send(.get, "/api/v1/surveys/\(survey.id)", headers: partnerAuth).status == .forbidden)
            let (_, analyst) = try await app.token(for: .crmAnalyst, email: "analyst@example.test")
            let analystAuth: HTTPFields = [.authorization: "Bearer \(analyst)", .contentType: "application/json"]
            #expect(try await client.send(.get, "/api/v1/surveys", headers: analystAuth).status == .ok)
            #expect(try await client.send(.post, "/api/v1/tickets/\(ticketId)/survey", headers: analystAuth).status == .forbidden)
            #expect(try await client.send(.put, "/api/v1/service-settings", headers: analystAuth,
                                          json: #"{"inboundChannels":["email"],"surveys":{"linkDays":3}}"#).status == .forbidden)
            #expect(try await client.send(.get, "/api/v1/surveys").status == .unauthorized)
            // The settings: kept when left out, changed member by member, refused out of range.
            let bad = try await client.send(.put, "/api/v1/service-settings", headers: app.auth,
                                            json: #"{"inboundChannels":["email"],"surveys":{"linkDays":0,"questions":"all","colour":1}}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.decoded(ProblemBody.self).fields == ["surveys.linkDays", "surveys.questions", "surveys.colour"])
            let nulls = try await client.send(.put, "/api/v1/service-settings", headers: app.auth,
                                              json: #"{"inboundChannels":["email"],"surveys":{"linkDays":null,"afterResolution":null}}"#)
            #expect(try nulls.status == .unprocessableContent && (try nulls.decoded(ProblemBody.self)).fields == ["surveys.linkDays", "surveys.afterResolution"])
            let set = try await client.send(.put, "/api/v1/service-settings", headers: app.auth,
                                            json: #"{"inboundChannels":["email"],"surveys":{"afterDelivery":false,"questions":"csat","linkDays":7}}"#)
            let saved = try set.decoded(SettingsBody.self).surveys
            #expect(saved.afterResolution && !saved.afterDelivery && saved.questions == "csat" && saved.linkDays == 7)
            let kept = try await client.send(.put, "/api/v1/service-settings", headers: app.auth, json: #"{"inboundChannels":["email","sms"]}"#)
            #expect(try kept.decoded(SettingsBody.self).surveys.linkDays == 7)
        }
    }

    @Test("the page: the survey's language with a switch, big radio rows, out of range kept as typed (422), thanks, already answered (409 on a replay), 404, 410, honeypot")
    func publicPage() async throws {
        try await TestApp.with { app, client in
            let (ticketId, _, token) = try await Self.resolved(app, client, language: "en")
            var browser = Browser(client)
            // An English survey opened with no language chosen: to the survey's language.
            let first = try await browser.request(.get, "/survey/\(token)")
            #expect(first.status == .seeOther && first.headers[.location] == "/survey/\(token)?lang=en")
            let page = try await browser.request(.get, "/survey/\(token)?lang=en")
            #expect(page.status == .ok && page.text.contains("lang=\"en\"") && page.text.contains("id=\"survey-lang\""))
            #expect(page.text.contains("name=\"csat\" value=\"5\"") && page.text.contains("name=\"nps\" value=\"10\"") && page.text.contains("name=\"website\""))
            // Persian now (the switch), with a score out of range: the message in Persian, the comment kept.
            let fa = try await browser.request(.get, "/survey/\(token)?lang=fa")
            #expect(fa.text.contains("lang=\"fa\"") && fa.text.contains("۱۰"))
            let bad = try await browser.request(.post, "/survey/\(token)", form: [("lang", "fa"), ("csat", "9"), ("nps", "3"), ("comment", "نوشتهٔ من <b>")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("امتیازی از ۱ تا ۵ برگزینید") && bad.text.contains("نوشتهٔ من &lt;b&gt;") && !bad.text.contains("<b>"))
            #expect(bad.text.contains("id=\"survey-nps-3\" checked"))
            // The honeypot: thanked, nothing stored.
            let robot = try await browser.request(.post, "/survey/\(token)", form: [("csat", "1"), ("nps", "0"), ("website", "http://spam")])
            #expect(robot.status == .seeOther)
            #expect(try await app.database.sql.raw("SELECT answered_at FROM surveys WHERE ticket_id = \(bind: Int64(ticketId)!)").first()?
                .decode(column: "answered_at", as: Int64?.self) == nil)
            let ok = try await browser.request(.post, "/survey/\(token)", form: [("lang", "fa"), ("csat", "۲"), ("nps", "3"), ("comment", "پاسخ دیر رسید")])
            #expect(ok.status == .seeOther)
            let thanks = try await browser.request(.get, try #require(ok.headers[.location]))
            #expect(thanks.text.contains("survey-thanks") && thanks.text.contains("سپاسگزاریم") && !thanks.text.contains("survey-form"))
            let replay = try await browser.request(.post, "/survey/\(token)", form: [("lang", "fa"), ("csat", "5"), ("nps", "10")])
            #expect(replay.status == .conflict && replay.text.contains("survey-answered"))
            let reopened = try await browser.request(.get, "/survey/\(token)")
            #expect(reopened.status == .ok && reopened.text.contains("پیش‌تر پاسخ داده شده") && reopened.text.contains("رضایت ۲ از ۵"))
            let unknown = try await browser.request(.get, "/survey/s_forged")
            #expect(unknown.status == .notFound && unknown.text.contains("survey-invalid"))
            #expect(try await browser.request(.post, "/survey/nope", form: [("csat", "2")]).status == .notFound)
            // Expired: a friendly page, 410.
            let (_, second, secondToken) = try await Self.resolved(app, client)
            try await app.database.sql.raw("UPDATE surveys SET expires_at = 1000 WHERE id = \(bind: Int64(second.id)!)").run()
            let expired = try await browser.request(.get, "/survey/\(secondToken)?lang=en")
            #expect(expired.status == .gone && expired.text.contains("has expired") && !expired.text.contains("survey-form"))
            // The staff side: the ticket's box with the scores, the list, the 360 timeline.
            var staff = Browser(client)
            _ = try await staff.logIn()
            let ticket = try await staff.request(.get, "/tickets/\(ticketId)?lang=en")
            #expect(ticket.text.contains("id=\"ticket-survey-csat\">2/5") && ticket.text.contains("پاسخ دیر رسید"))
            let list = try await staff.request(.get, "/surveys?lang=en&answered=true&csatMax=2")
            #expect(list.status == .ok && list.text.contains("survey-row"))
            let customerId = try #require(try await app.database.sql.raw("SELECT customer_id FROM tickets WHERE id = \(bind: Int64(ticketId)!)").first()?
                .decode(column: "customer_id", as: Int64.self))
            let c360 = try await staff.request(.get, "/customers/\(customerId)?lang=fa")
            #expect(c360.text.contains("data-source=\"survey\"") && c360.text.contains("رضایت: ۲ از ۵"))
            // Sending by hand from the page: a ticket without one.
            let (other, _, _) = try await Self.resolved(app, client)
            try await app.database.sql.raw("DELETE FROM surveys WHERE ticket_id = \(bind: Int64(other)!)").run()
            let form = try await staff.request(.get, "/tickets/\(other)?lang=en")
            #expect(form.text.contains("id=\"ticket-survey-none\"") && form.text.contains("id=\"ticket-survey-send\""))
            let csrf = Browser.hidden("_csrf", in: form.text) ?? ""
            let sent = try await staff.request(.post, "/tickets/\(other)/survey", form: [("_csrf", csrf)])
            #expect(sent.status == .seeOther)
            let after = try await staff.request(.get, "/tickets/\(other)?lang=en")
            #expect(after.text.contains("sent by hand") && after.text.contains("Not answered yet"))
        }
    }
}
