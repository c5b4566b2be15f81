import Foundation
import Hummingbird
import HummingbirdTesting
import PeyvandCore
import PeyvandStore
import Testing

@Suite("Tasks and meetings: API, pages and the calendar feed")
struct TasksCalendarAPITests {
    static func ifMatch(_ headers: HTTPFields, _ version: Int) -> HTTPFields {
        var h = headers
        h[.ifMatch] = "\"\(version)\""
        return h
    }

    @Test("tasks: create 201 with Location, PATCH needs the current version, complete and reopen, filters and bad input")
    func tasksAPI() async throws {
        try await TestApp.with { app, client in
            let created = try await client.send(.post, "/api/v1/tasks", headers: app.auth,
                                                json: #"{"title":"پیگیری پیش‌فاکتور","dueAt":"2026-12-06T08:30:00Z","remindAt":"2026-12-06T08:15:00Z"}"#)
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? String)
            #expect(created.headers[.location] == "/api/v1/tasks/\(id)" && created.json["status"] as? String == "open")
            #expect(created.json["assigneeId"] as? String == String(app.admin.id) && created.json["customerId"] is NSNull)
            let stale = try await client.send(.patch, "/api/v1/tasks/\(id)", headers: Self.ifMatch(app.auth, 9), json: #"{"title":"x"}"#)
            #expect(stale.status == .preconditionFailed && stale.headers[.contentType] == "application/problem+json")
            let patched = try await client.send(.patch, "/api/v1/tasks/\(id)", headers: Self.ifMatch(app.auth, 1), json: #"{"notes":"با مدیر خرید"}"#)
            #expect(patched.status == .ok && patched.json["version"] as? Int == 2 && patched.json["title"] as? String == "پیگیری پیش‌فاکتور")
            let done = try await client.send(.post, "/api/v1/tasks/\(id)/complete", headers: app.auth)
            #expect(done.json["status"] as? String == "done" && done.json["doneBy"] as? String == String(app.admin.id))
            let open = try await client.send(.get, "/api/v1/tasks?status=open", headers: app.auth)
            #expect((open.json["items"] as? [Any])?.isEmpty == true)
            let ranged = try await client.send(.get, "/api/v1/tasks?dueFrom=2026-12-06T00:00:00Z&dueTo=2026-12-07T00:00:00Z", headers: app.auth)
            #expect((ranged.json["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
            #expect(try await client.send(.post, "/api/v1/tasks/\(id)/reopen", headers: app.auth).json["status"] as? String == "open")
            for (query, field) in [("status=later", "status"), ("dueFrom=tomorrow", "dueFrom"), ("customerId=-1", "customerId"), ("after=zzz", "after")] {
                let bad = try await client.send(.get, "/api/v1/tasks?\(query)", headers: app.auth)
                #expect(bad.status == .badRequest, "\(query)")
                #expect(((bad.json["errors"] as? [[String: Any]])?.first?["field"] as? String) == field)
            }
            let invalid = try await client.send(.post, "/api/v1/tasks", headers: app.auth, json: #"{"title":"","dueAt":"soon","colour":"red","customerId":"999"}"#)
            #expect(invalid.status == .unprocessableContent)
            let fields = Set((invalid.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["dueAt", "colour"])
            let unknown = try await client.send(.post, "/api/v1/tasks", headers: app.auth, json: #"{"title":"x","customerId":"999"}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(try await client.send(.get, "/api/v1/tasks/999", headers: app.auth).status == .notFound)
            #expect(try await client.send(.get, "/api/v1/tasks").status == .unauthorized)
        }
    }

    @Test("meetings: create with overlaps, held once, cancel refused after held; the feed at its secret URL has it in UTC")
    func meetingsAndFeed() async throws {
        try await TestApp.with { app, client in
            let customer = try await CustomerRepository(app.database).create(CustomerInput(name: "مریم احمدی"), by: app.admin.principal)
            let body = #"{"title":"جلسهٔ معرفی، محصول","startsAt":"2026-12-06T06:30:00Z","endsAt":"2026-12-06T07:30:00Z","location":"دفتر; طبقه ۲","customerId":"\#(customer.id)","contactIds":["\#(customer.id)"]}"#
            let created = try await client.send(.post, "/api/v1/meetings", headers: app.auth, json: body)
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? String)
            #expect((created.json["overlaps"] as? [Any])?.isEmpty == true && created.json["sequence"] as? Int == 0)
            let second = try await client.send(.post, "/api/v1/meetings", headers: app.auth,
                                               json: #"{"title":"Budget","startsAt":"2026-12-06T07:00:00Z","endsAt":"2026-12-06T08:00:00Z"}"#)
            #expect((second.json["overlaps"] as? [[String: Any]])?.first?["meetingId"] as? String == id)
            let bad = try await client.send(.post, "/api/v1/meetings", headers: app.auth,
                                            json: #"{"title":"x","startsAt":"2026-12-06T07:00:00Z","endsAt":"2026-12-06T06:00:00Z"}"#)
            #expect(bad.status == .unprocessableContent && (bad.json["errors"] as? [[String: Any]])?.first?["code"] as? String == "meeting.order")
            let listed = try await client.send(.get, "/api/v1/meetings?from=2026-12-06T00:00:00Z&to=2026-12-07T00:00:00Z", headers: app.auth)
            #expect((listed.json["items"] as? [Any])?.count == 2)
            #expect(try await client.send(.get, "/api/v1/meetings?from=2026-01-01T00:00:00Z&to=2027-12-01T00:00:00Z", headers: app.auth).status == .unprocessableContent)

            // The feed, made on its page by a signed-in person, fetched without signing in.
            var browser = Browser(client)
            _ = try await browser.logIn()
            let page = try await browser.request(.get, "/calendar/feed")
            #expect(page.status == .ok && page.text.contains("id=\"feed-none\""))
            let made = try await browser.request(.post, "/calendar/feed", form: [("_csrf", Browser.hidden("_csrf", in: page.text) ?? "")])
            let url = try #require(made.text.range(of: #"/calendar/cal_[A-Za-z0-9_-]+\.ics"#, options: .regularExpression).map { String(made.text[$0]) })
            let feed = try await client.send(.get, url)
            #expect(feed.status == .ok && feed.headers[.contentType] == "text/calendar; charset=utf-8", "\(feed.status) \(feed.text.prefix(300))")
            let ics = feed.text.replacingOccurrences(of: "\r\n ", with: "")
            #expect(ics.contains("DTSTART:20261206T063000Z\r\n") && ics.contains("SUMMARY:جلسهٔ معرفی\\، محصول\r\n") == false)
            #expect(ics.contains("SUMMARY:جلسهٔ معرفی، محصول\r\n") && ics.contains("LOCATION:دفتر\\; طبقه ۲\r\n"))
            #expect(ics.contains("STATUS:CONFIRMED") && ics.contains("/meetings/\(id)"))
            #expect(try await client.send(.get, "/calendar/cal_unknown.ics").status == .notFound)

            // Held: one interaction; cancelling it afterwards is a conflict; the feed raises the sequence.
            let held = try await client.send(.post, "/api/v1/meetings/\(id)/held", headers: app.auth, json: #"{"notes":"قرارداد امضا شد"}"#)
            #expect(held.json["status"] as? String == "held" && held.json["interactionId"] is String && held.json["sequence"] as? Int == 1)
            let again = try await client.send(.post, "/api/v1/meetings/\(id)/held", headers: app.auth)
            #expect(again.json["interactionId"] as? String == held.json["interactionId"] as? String)
            #expect(try await client.send(.post, "/api/v1/meetings/\(id)/cancel", headers: app.auth).status == .conflict)
            let timeline = try await client.send(.get, "/api/v1/customers/\(customer.id)/interactions?kind=meeting", headers: app.auth)
            #expect((timeline.json["items"] as? [Any])?.count == 1)
            #expect(try await client.send(.get, url).text.contains("SEQUENCE:1\r\n"))
        }
    }

    @Test("every page's menu shows beside Tasks how many of mine are overdue or have a reminder due, in Persian digits in fa")
    func attentionBadge() async throws {
        try await TestApp.with { app, client in
            let past = CivilTime.rfc3339(Date().addingTimeInterval(-2 * 86400)), later = CivilTime.rfc3339(Date().addingTimeInterval(30 * 86400))
            for (title, due, remind) in [("دیرکرد", past, nil), ("یادآوری", later, past), ("بعداً", later, nil)] as [(String, String, String?)] {
                let remindPart = remind.map { #","remindAt":"\#($0)""# } ?? ""
                let made = try await client.send(.post, "/api/v1/tasks", headers: app.auth, json: #"{"title":"\#(title)","dueAt":"\#(due)"\#(remindPart)}"#)
                #expect(made.status == .created)
            }
            var browser = Browser(client)
            _ = try await browser.logIn()
            let fa = try await browser.request(.get, "/customers?lang=fa")
            let badge = try #require(fa.text.range(of: "id=\"nav-tasks-attention\"").map { String(fa.text[$0.upperBound...].prefix(200)) })
            #expect(badge.contains(">۲</span>") && badge.contains("کارهای عقب‌افتاده"))
            let en = try await browser.request(.get, "/forecast?lang=en")
            #expect(en.text.contains("id=\"nav-tasks-attention\"") && en.text.contains("Tasks overdue or with a reminder due: </span>2</span>"))
            let late = try #require(try await TaskRepository(app.database).list(TaskQuery(), by: app.admin.principal).items.first { $0.title == "دیرکرد" })
            let done = try await client.send(.post, "/api/v1/tasks/\(late.id)/complete", headers: app.auth)
            #expect(done.status == .ok)
            let after = try await browser.request(.get, "/customers?lang=en")
            #expect(after.text.contains("Tasks overdue or with a reminder due: </span>1</span>"))
        }
    }

    @Test("the task form finds its customer by name: one match is linked, several are offered to pick from, none is said beside the field")
    func customerByName() async throws {
        try await TestApp.with { app, client in
            var ids: [String: Int64] = [:]
            for name in ["رضا کاظمی", "مریم احمدی", "مریم احمدزاده"] {
                let made = try await client.send(.post, "/api/v1/customers", headers: app.auth, json: #"{"name":"\#(name)","kind":"person"}"#)
                ids[name] = Int64(try made.decoded(IdBody.self).id)
            }
            var browser = Browser(client)
            _ = try await browser.logIn()
            let page = try await browser.request(.get, "/tasks/new?lang=fa")
            let csrf = try #require(Browser.hidden("_csrf", in: page.text))
            func post(_ fields: [(String, String)]) async throws -> TestResponse {
                try await browser.request(.post, "/tasks?lang=fa", form: [("_csrf", csrf), ("title", "پیگیری"), ("customerId", "")] + fields)
            }
            let one = try await post([("customer", "کاظمی")])
            #expect(one.status == .seeOther)
            let all = try await TaskRepository(app.database).list(TaskQuery(), by: app.admin.principal).items
            #expect(all.count == 1 && all.first?.customerId == ids["رضا کاظمی"])

            let several = try await post([("customer", "مریم")])
            #expect(several.status == .unprocessableContent && several.text.contains("id=\"t-customer-pick\"") && several.text.contains("چند مشتری پیدا شد"))
            #expect(several.text.contains("مریم احمدی") && several.text.contains("مریم احمدزاده") && several.text.contains("value=\"مریم\""))
            let picked = try await post([("customer", "مریم"), ("customerPick", String(ids["مریم احمدزاده"]!))])
            #expect(picked.status == .seeOther)
            let none = try await post([("customer", "ناموجود")])
            #expect(none.status == .unprocessableContent && none.text.contains("مشتری‌ای با این مشخصات پیدا نشد"))
            let after = try await TaskRepository(app.database).list(TaskQuery(), by: app.admin.principal).items
            #expect(after.count == 2 && after.contains { $0.customerId == ids["مریم احمدزاده"] })

            // Editing keeps the linked customer while its name is left as shown, and unlinks it when emptied.
            let task = try #require(after.first { $0.customerId == ids["رضا کاظمی"] })
            let form = try await browser.request(.get, "/tasks/\(task.id)?lang=fa")
            #expect(form.text.contains("value=\"رضا کاظمی\""))
            let kept = try await browser.request(.post, "/tasks/\(task.id)", form: [("_csrf", csrf), ("version", String(task.version)), ("title", "پیگیری ۲"),
                                                                              ("customer", "رضا کاظمی"), ("customerId", String(task.customerId!)),
                                                                              ("customerName", "رضا کاظمی")])
            #expect(kept.status == .seeOther)
            #expect(try await TaskRepository(app.database).get(task.id, by: app.admin.principal).customerId == ids["رضا کاظمی"])
            let emptied = try await browser.request(.post, "/tasks/\(task.id)", form: [("_csrf", csrf), ("version", String(task.version + 1)), ("title", "پیگیری ۲"),
                                                                                 ("customer", ""), ("customerId", String(task.customerId!))])
            #expect(emptied.status == .seeOther)
            #expect(try await TaskRepository(app.database).get(task.id, by: app.admin.principal).customerId == nil)
        }
    }

    @Test("pages: my day with a quick add and one-click done; the calendar's month in Jalali with Saturday first and Friday marked, in Gregorian in en")
    func pages() async throws {
        try await TestApp.with { app, client in
            var browser = Browser(client)
            _ = try await browser.logIn()
            var tasks = try await browser.request(.get, "/tasks?lang=fa")
            #expect(tasks.status == .ok && tasks.text.contains("id=\"tasks-empty\""))
            let csrf = Browser.hidden("_csrf", in: tasks.text) ?? ""
            let added = try await browser.request(.post, "/tasks", form: [("_csrf", csrf), ("quick", "1"), ("back", "/tasks?view=today"),
                                                                        ("title", "تماس با مشتری"), ("dueDate", Browser.hidden("dueDate", in: tasks.text) ?? ""),
                                                                        ("dueTime", "23:59")])
            #expect(added.status == .seeOther && added.headers[.location] == "/tasks?view=today")
            tasks = try await browser.request(.get, "/tasks?view=today")
            #expect(tasks.text.contains("تماس با مشتری"))
            let home = try await browser.request(.get, "/?lang=fa")
            #expect(home.text.contains("id=\"home-tasks\"") && home.text.contains("۱ کار برای امروز"), "the start page tells the day")
            let bad = try await browser.request(.post, "/tasks", form: [("_csrf", csrf), ("quick", "1"), ("title", "x"), ("dueDate", "1405/13/40")])
            #expect(bad.status == .unprocessableContent && bad.text.contains("data-field=\"dueAt\""))
            let task = try #require(try await TaskRepository(app.database).list(TaskQuery(), by: app.admin.principal).items.first)
            let done = try await browser.request(.post, "/tasks/\(task.id)/complete", form: [("_csrf", csrf), ("back", "/tasks")])
            #expect(done.status == .seeOther)
            #expect(try await TaskRepository(app.database).get(task.id, by: app.admin.principal).status == .done)

            // 1405/09/15 is Saturday 6 December 2026.
            let fa = try await browser.request(.get, "/calendar?view=month&date=2026-12-06&lang=fa")
            #expect(fa.status == .ok && fa.text.contains("آذر ۱۴۰۵"))
            let head = try #require(fa.text.range(of: "<thead>").map { String(fa.text[$0.upperBound...].prefix(3000)) })
            let saturday = try #require(head.range(of: "شنبه")), friday = try #require(head.range(of: "جمعه"))
            #expect(saturday.lowerBound < friday.lowerBound)
            #expect(head.contains("class=\"holiday\"><abbr title=\"جمعه\""))
            #expect(!fa.text.contains(">Previous<") && fa.text.contains("۳۰"))
            let en = try await browser.request(.get, "/calendar?view=month&date=2026-12-06&lang=en")
            #expect(en.text.contains("December 2026"))
            let enHead = try #require(en.text.range(of: "<thead>").map { String(en.text[$0.upperBound...].prefix(3000)) })
            let monday = try #require(enHead.range(of: "Monday")), sunday = try #require(enHead.range(of: "Sunday"))
            #expect(monday.lowerBound < sunday.lowerBound)
            // A meeting made on the form (Jalali date in fa) is on the week view at its hour.
            let form = try await browser.request(.get, "/meetings/new?date=2026-12-06&lang=fa")
            let made = try await browser.request(.post, "/meetings", form: [("_csrf", Browser.hidden("_csrf", in: form.text) ?? ""), ("title", "جلسهٔ آزمایشی"),
                                                                           ("date", "۱۴۰۵/۰۹/۱۶"), ("time", "۱۰:۳۰"), ("duration", "60")])
            #expect(made.status == .seeOther)
            let meeting = try #require(try await MeetingRepository(app.database).list(MeetingQuery(from: Date(timeIntervalSince1970: 1_796_500_000),
                                                                                                 to: Date(timeIntervalSince1970: 1_796_800_000)), by: app.admin.principal).items.first)
            #expect(meeting.startsAt == ISO8601DateFormatter().date(from: "2026-12-07T07:00:00Z"))
            let week = try await browser.request(.get, "/calendar?view=week&date=2026-12-07&lang=fa")
            #expect(week.text.contains("data-meeting=\"\(meeting.id)\"") && week.text.contains("۱۰:۳۰"))
        }
    }
}
