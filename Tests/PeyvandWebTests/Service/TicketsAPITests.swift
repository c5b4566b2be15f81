import Foundation
import HTTPTypes
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

/// `/api/v1/tickets`, `/api/v1/service-teams`, `/api/v1/routing-rules`, the public `/support/new`
/// and the service pages, through the router.
@Suite struct TicketsAPITests {
    struct TicketBody: Decodable {
        let id: String, number: String, customerId: String, subject: String, channel: String, category: String, priority: String
        let status: String, teamId: String?, assigneeId: String?, mergedIntoId: String?, firstResponseAt: Date?, version: Int
    }
    struct MessageBody: Decodable { let id: String, direction: String, visibility: String, channel: String, body: String }
    struct TeamBody: Decodable { let id: String, name: String, routing: String, members: [Member]; struct Member: Decodable { let userId: String, skills: [String] } }
    struct RuleBody: Decodable { let id: String, position: Int, teamId: String, priority: String? }

    static func customer(_ app: TestApp, _ client: any TestClientProtocol, email: String = "maryam@example.test") async throws -> String {
        let made = try await client.send(.post, "/api/v1/customers", headers: app.auth,
                                         json: #"{"kind":"person","name":"مریم احمدی","emails":["\#(email)"],"consents":{"email":true}}"#)
        return try made.decoded(IdBody.self).id
    }

    static func count(_ app: TestApp, _ table: String) async throws -> Int {
        try await app.database.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test("teams, rules, a routed ticket, its thread, a stale If-Match, reassignment with a reason and merge, with problem+json refusals")
    func lifecycle() async throws {
        try await TestApp.with { app, client in
            let (agent, agentToken) = try await app.token(for: .supportAgent, email: "agent@example.test")
            let agentAuth: HTTPFields = [.authorization: "Bearer \(agentToken)", .contentType: "application/json"]
            let team = try await client.send(.post, "/api/v1/service-teams", headers: app.auth, json: #"{"name":"پشتیبانی","routing":"least-loaded"}"#)
            #expect(team.status == .created)
            let teamId = try team.decoded(TeamBody.self).id
            let badTeam = try await client.send(.post, "/api/v1/service-teams", headers: app.auth, json: #"{"name":"پشتيبانی","routing":"random"}"#)
            #expect(try badTeam.status == .unprocessableContent && (try badTeam.decoded(ProblemBody.self)).fields == ["routing"])
            let members = try await client.send(.put, "/api/v1/service-teams/\(teamId)/members", headers: app.auth,
                                                json: #"{"members":[{"userId":"\#(agent.id)","skills":["complaint","en"]}]}"#)
            #expect(try members.decoded(TeamBody.self).members.first?.skills == ["complaint", "en"])
            let rule = try await client.send(.post, "/api/v1/routing-rules", headers: app.auth,
                                             json: #"{"name":"شکایت‌ها","category":"complaint","teamId":"\#(teamId)","priority":"high"}"#)
            #expect(rule.status == .created && rule.headers[.location] != nil)
            let badRule = try await client.send(.post, "/api/v1/routing-rules", headers: app.auth, json: #"{"name":"x","category":"praise","teamId":"999"}"#)
            #expect(try badRule.status == .unprocessableContent && (try badRule.decoded(ProblemBody.self)).fields == ["category", "teamId"])
            let customerId = try await Self.customer(app, client)
            let bad = try await client.send(.post, "/api/v1/tickets", headers: app.auth,
                                            json: #"{"customerId":"\#(customerId)","subject":"x","category":"praise","priority":"asap","colour":"red"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(try bad.decoded(ProblemBody.self).fields.isSuperset(of: ["category", "priority", "colour"]))
            #expect(try await Self.count(app, "tickets") == 0)
            let opened = try await client.send(.post, "/api/v1/tickets", headers: app.auth,
                                               json: #"{"customerId":"\#(customerId)","subject":"دستگاه خراب است","body":"روشن نمی‌شود","category":"complaint"}"#)
            #expect(opened.status == .created)
            let ticket = try opened.decoded(TicketBody.self)
            #expect(opened.headers[.location] == "/api/v1/tickets/\(ticket.id)" && ticket.channel == "api" && ticket.priority == "high")
            #expect(ticket.teamId == teamId && ticket.assigneeId == String(agent.id) && ticket.number.hasPrefix("T-14"))
            let mine = try await client.send(.get, "/api/v1/tickets?queue=mine", headers: agentAuth)
            #expect(try mine.decoded(ListOf<TicketBody>.self).items.map(\.id) == [ticket.id])
            #expect(try await client.send(.get, "/api/v1/tickets?queue=nobody", headers: agentAuth).status == .badRequest)
            #expect(try await client.send(.get, "/api/v1/tickets?status=", headers: agentAuth).status == .badRequest)
            let note = try await client.send(.post, "/api/v1/tickets/\(ticket.id)/messages", headers: agentAuth, json: #"{"body":"بررسی شود","visibility":"internal"}"#)
            #expect(try note.status == .created && (try note.decoded(MessageBody.self)).visibility == "internal")
            let reply = try await client.send(.post, "/api/v1/tickets/\(ticket.id)/messages", headers: agentAuth, json: #"{"body":"پیگیری می‌کنیم"}"#)
            #expect(try reply.decoded(MessageBody.self).channel == "email")
            let thread = try await client.send(.get, "/api/v1/tickets/\(ticket.id)/messages", headers: agentAuth)
            #expect(try thread.decoded(ListOf<MessageBody>.self).items.map(\.direction) == ["inbound", "note", "outbound"])
            let current = try await client.send(.get, "/api/v1/tickets/\(ticket.id)", headers: agentAuth)
            let version = try current.decoded(TicketBody.self).version
            #expect(try current.headers[.eTag] == "\"\(version)\"" && (try current.decoded(TicketBody.self)).firstResponseAt != nil)
            var stale = agentAuth
            stale[.ifMatch] = "\"\(version - 1)\""
            #expect(try await client.send(.patch, "/api/v1/tickets/\(ticket.id)", headers: stale, json: #"{"status":"resolved"}"#).status == .preconditionFailed)
            let merged = try await client.send(.patch, "/api/v1/tickets/\(ticket.id)", headers: agentAuth, json: #"{"status":"merged"}"#)
            #expect(merged.status == .unprocessableContent)
            var fresh = agentAuth
            fresh[.ifMatch] = "\"\(version)\""
            let resolved = try await client.send(.patch, "/api/v1/tickets/\(ticket.id)", headers: fresh, json: #"{"status":"resolved"}"#)
            #expect(try resolved.decoded(TicketBody.self).status == "resolved")
            let noReason = try await client.send(.post, "/api/v1/tickets/\(ticket.id)/assignment", headers: agentAuth, json: #"{"assigneeId":"\#(app.admin.id)"}"#)
            #expect(try noReason.status == .unprocessableContent && (try noReason.decoded(ProblemBody.self)).fields == ["reason"])
            let handed = try await client.send(.post, "/api/v1/tickets/\(ticket.id)/assignment", headers: agentAuth,
                                               json: #"{"assigneeId":"\#(app.admin.id)","reason":"نیاز به مدیر"}"#)
            #expect(try handed.decoded(TicketBody.self).assigneeId == String(app.admin.id))
            let history = try await client.send(.get, "/api/v1/tickets/\(ticket.id)/assignment", headers: agentAuth)
            #expect(history.text.contains("نیاز به مدیر"))
            // Merge: into itself 422; a duplicate into it works; into the merged one 409; replies to it 409.
            let self422 = try await client.send(.post, "/api/v1/tickets/\(ticket.id)/merge", headers: agentAuth, json: #"{"intoId":"\#(ticket.id)"}"#)
            #expect(self422.status == .unprocessableContent)
            let dup = try await client.send(.post, "/api/v1/tickets", headers: app.auth, json: #"{"customerId":"\#(customerId)","subject":"دوباره"}"#)
            let dupId = try dup.decoded(TicketBody.self).id
            let into = try await client.send(.post, "/api/v1/tickets/\(dupId)/merge", headers: agentAuth, json: #"{"intoId":"\#(ticket.id)"}"#)
            #expect(try into.status == .ok && (try into.decoded(TicketBody.self)).id == ticket.id)
            let again = try await client.send(.post, "/api/v1/tickets/\(ticket.id)/merge", headers: agentAuth, json: #"{"intoId":"\#(dupId)"}"#)
            #expect(again.status == .conflict && again.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let late = try await client.send(.post, "/api/v1/tickets/\(dupId)/messages", headers: agentAuth, json: #"{"body":"x"}"#)
            #expect(late.status == .conflict)
            let other = try await Self.customer(app, client, email: "other@example.test")
            let elsewhere = try await client.send(.post, "/api/v1/tickets", headers: app.auth, json: #"{"customerId":"\#(other)","subject":"y"}"#)
            let cross = try await client.send(.post, "/api/v1/tickets/\(try elsewhere.decoded(TicketBody.self).id)/merge", headers: agentAuth,
                                              json: #"{"intoId":"\#(ticket.id)"}"#)
            #expect(cross.status == .unprocessableContent)
            #expect(try await client.send(.get, "/api/v1/tickets/99999", headers: agentAuth).status == .notFound)
        }
    }

    @Test("who may: readers read, agents work tickets, only service.configure sets up teams and rules; partners are refused")
    func roles() async throws {
        try await TestApp.with { app, client in
            let (_, exec) = try await app.token(for: .executive, email: "exec@example.test")
            let execAuth: HTTPFields = [.authorization: "Bearer \(exec)", .contentType: "application/json"]
            #expect(try await client.send(.get, "/api/v1/tickets", headers: execAuth).status == .ok)
            #expect(try await client.send(.post, "/api/v1/tickets", headers: execAuth, json: #"{"customerId":"1","subject":"x"}"#).status == .forbidden)
            let (_, agent) = try await app.token(for: .supportAgent, email: "agent@example.test")
            let agentAuth: HTTPFields = [.authorization: "Bearer \(agent)", .contentType: "application/json"]
            #expect(try await client.send(.post, "/api/v1/service-teams", headers: agentAuth, json: #"{"name":"x"}"#).status == .forbidden)
            #expect(try await client.send(.get, "/api/v1/routing-rules", headers: agentAuth).status == .ok)
            let (_, partner) = try await app.token(for: .partner, email: "partner@example.test")
            #expect(try await client.send(.get, "/api/v1/tickets", headers: [.authorization: "Bearer \(partner)"]).status == .forbidden)
            #expect(try await client.send(.get, "/api/v1/tickets").status == .unauthorized)
        }
    }

    @Test("the public form opens a ticket in the visitor's language; bad input re-renders as typed; the honeypot stores nothing")
    func supportForm() async throws {
        try await TestApp.with { app, client in
            let fa = try await client.send(.get, "/support/new")
            #expect(fa.status == .ok && fa.text.contains("درخواست پشتیبانی") && fa.text.contains("name=\"website\""))
            let en = try await client.send(.get, "/support/new?lang=en")
            #expect(en.text.contains("Ask for help"))
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let bad = try await client.send(.post, "/support/new", headers: form, json: "lang=en&name=Ali&body=&subject=%3Cb%3Ehi%3C%2Fb%3E")
            #expect(bad.status == .unprocessableContent && bad.text.contains("&lt;b&gt;hi&lt;/b&gt;") && bad.text.contains("id=\"support-errors\""))
            let bot = try await client.send(.post, "/support/new", headers: form, json: "name=x&email=x%40example.com&body=spam&website=http%3A%2F%2Fspam")
            let afterBot = try await Self.count(app, "tickets")
            #expect(bot.status == .seeOther && afterBot == 0)
            let ok = try await client.send(.post, "/support/new", headers: form,
                                           json: "lang=fa&name=%D8%B9%D9%84%DB%8C&email=ali%40example.com&body=%DA%A9%D9%85%DA%A9&category=billing")
            #expect(ok.status == .seeOther)
            let location = try #require(ok.headers[.location])
            #expect(location.contains("ticket=T-14"))
            let thanks = try await client.send(.get, location)
            #expect(thanks.text.contains("id=\"support-opened\""))
            #expect(try await Self.count(app, "tickets") == 1)
        }
    }

    @Test("the pages: the queue, a new call ticket, the thread with a note set apart, the settings, the 360 box, in fa and en")
    func pages() async throws {
        try await TestApp.with { app, client in
            var browser = Browser(client)
            _ = try await browser.logIn()
            let customerId = try await Self.customer(app, client)
            let newPage = try await browser.request(.get, "/tickets/new?customer=\(customerId)&lang=fa")
            #expect(newPage.status == .ok && newPage.text.contains("id=\"ticket-form\""))
            let csrf = Browser.hidden("_csrf", in: newPage.text) ?? ""
            let missing = try await browser.request(.post, "/tickets", form: [("_csrf", csrf), ("customerId", customerId), ("subject", ""), ("body", ""),
                                                                              ("channel", "phone"), ("category", "praise")])
            #expect(missing.status == .unprocessableContent && missing.text.contains("id=\"ticket-errors\""))
            let made = try await browser.request(.post, "/tickets", form: [("_csrf", csrf), ("customerId", customerId), ("subject", "تماس درباره‌ی فاکتور"),
                                                                           ("body", "<script>x</script>"), ("channel", "phone"), ("category", "billing"),
                                                                           ("priority", "normal"), ("language", "fa")])
            #expect(made.status == .seeOther)
            let location = try #require(made.headers[.location])
            let id = String(location.dropFirst("/tickets/".count).prefix { $0.isNumber })
            let note = try await browser.request(.post, "/tickets/\(id)/messages", form: [("_csrf", csrf), ("body", "یادداشت محرمانه"), ("visibility", "internal")])
            #expect(note.status == .seeOther)
            let page = try await browser.request(.get, "/tickets/\(id)?lang=fa")
            #expect(page.status == .ok && page.text.contains("msg-note") && page.text.contains("&lt;script&gt;") && !page.text.contains("<script>x"))
            #expect(page.text.contains("id=\"ticket-reply-form\"") && page.text.contains("یادداشت داخلی"))
            let noReason = try await browser.request(.post, "/tickets/\(id)/assignment", form: [("_csrf", csrf), ("assigneeId", String(app.admin.id)), ("reason", "")])
            #expect(noReason.status == .unprocessableContent)
            let list = try await browser.request(.get, "/tickets?queue=&lang=en")
            #expect(list.status == .ok && list.text.contains("ticket-row") && list.text.contains("Telephone"))
            #expect(try await browser.request(.get, "/tickets?queue=bogus").status == .badRequest)
            let settings = try await browser.request(.get, "/settings/service?lang=fa")
            #expect(settings.status == .ok && settings.text.contains("id=\"rule-new\"") == false && settings.text.contains("id=\"team-new\""))
            let team = try await browser.request(.post, "/settings/service/teams", form: [("_csrf", csrf), ("name", "پشتیبانی"), ("routing", "skill")])
            #expect(team.status == .seeOther)
            let withTeam = try await browser.request(.get, "/settings/service?lang=en")
            #expect(withTeam.text.contains("id=\"rule-new\"") && withTeam.text.contains("By skill"))
            let c360 = try await browser.request(.get, "/customers/\(customerId)?lang=fa")
            #expect(c360.text.contains("id=\"customer-tickets\"") && c360.text.contains("تماس درباره‌ی فاکتور"))
            let home = try await browser.request(.get, "/?lang=fa")
            #expect(home.text.contains("href=\"/tickets\""))
        }
    }
}
