import Foundation
import PeyvandCore
@testable import PeyvandStore
@testable import PeyvandWeb

/// Fully populated models of the tasks and calendar pages, for `TemplateKeysTests` and the view tests.
enum TasksSamples {
    static func all(_ x: PageText) -> [(template: String, model: Any)] {
        [("tasks", tasks(x)), ("task-row", row(x)), ("task", task(x)), ("calendar", calendar(x)), ("meeting", meeting(x)), ("calendar-feed", feed(x))]
    }

    static let zone = TimeZone(identifier: "Asia/Tehran")!
    static let now = PageModelSamples.instant
    static let principal = Principal(userId: 1, name: "سارا", role: .administrator)

    static func sampleTask(_ status: TaskStatus = .open) -> SalesTask {
        SalesTask(id: 7, title: "پیگیری پیش‌فاکتور", notes: "با مدیر خرید تماس بگیرید", dueAt: now.addingTimeInterval(-3600), remindAt: now.addingTimeInterval(-4000),
                  remindedAt: now.addingTimeInterval(-3900), assigneeId: 1, assigneeName: "سارا", customerId: 42, customerName: "مریم احمدی",
                  dealId: 3, dealTitle: "Laptops for ACME", status: status, doneAt: status == .done ? now : nil, doneBy: status == .done ? 1 : nil,
                  version: 2, createdAt: now, updatedAt: now)
    }

    static func sampleMeeting(_ status: MeetingStatus = .held) -> Meeting {
        Meeting(id: 9, title: "جلسهٔ معرفی محصول", startsAt: now, endsAt: now.addingTimeInterval(3600), location: "دفتر مشتری", notes: "نمونه‌ها را ببرید",
                organiserId: 1, organiserName: "سارا", customerId: 42, customerName: "مریم احمدی", dealId: 3, dealTitle: "Laptops for ACME",
                status: status, interactionId: status == .held ? 11 : nil, uid: "meeting-1@peyvand", sequence: 1, version: 2,
                attendees: [MeetingAttendee(kind: .user, id: 2, name: "Omid", email: "omid@example.test"),
                            MeetingAttendee(kind: .contact, id: 42, name: "مریم احمدی", email: nil)], createdAt: now, updatedAt: now)
    }

    static func tasks(_ x: PageText) -> TasksModel {
        let t = sampleTask(), done = sampleTask(.done)
        return TasksModel(view: .overdue, page: Page(items: [t, done], next: "abc"), counts: TaskCounts(today: 2, overdue: 1, upcoming: 4, reminders: 1),
                          reminders: [t], principal: principal, now: now, form: FormData("title=x&dueDate=1405/09/02&dueTime=10:00"),
                          issues: [FieldIssue(field: "title", reason: "is required", code: "required")], text: x, zone: zone)
    }

    static func row(_ x: PageText) -> [String: Any] {
        var values = Views.values(of: TaskRow(sampleTask(), now: now, canWrite: true, text: x))
        let reopen = Views.values(of: TaskRow(sampleTask(.done), now: now, canWrite: true, text: x))
        values["canReopen"] = reopen["canReopen"]
        values["back"] = "/tasks"
        return values
    }

    static func task(_ x: PageText) -> TaskPageModel {
        let staff = [User(id: 1, email: "s@example.test", name: "سارا", role: .salesRep, language: .fa, active: true, createdAt: now)]
        return TaskPageModel(task: sampleTask(.done), staff: staff, customer: (42, "مریم احمدی"), candidates: [(42, "مریم احمدی"), (43, "مریم احمدزاده")], deal: (3, "Laptops for ACME"), principal: principal,
                             now: now, form: nil, issues: [FieldIssue(field: "dueAt", reason: "bad", code: "date.format")], text: x, zone: zone)
    }

    /// The calendar's month, week and day parts at once (a real page shows one), each with a meeting.
    static func calendar(_ x: PageText) -> [String: Any] {
        let day = CalendarGrid.day(of: now, zone: zone)
        let meetings = [sampleMeeting(), sampleMeeting(.scheduled), sampleMeeting(.cancelled), sampleMeeting(.scheduled)]
        var month = Views.values(of: CalendarModel(grid: CalendarGrid(view: .month, focus: day, language: x.lang), meetings: meetings, todayDay: day,
                                                   principal: principal, text: x, zone: zone))
        let week = Views.values(of: CalendarModel(grid: CalendarGrid(view: .week, focus: day, language: x.lang), meetings: meetings, todayDay: day,
                                                  principal: principal, text: x, zone: zone))
        // The first day of the grid, as a day with meetings: the key check reads each list's first element.
        let chips = (week["agenda"] as? [[String: Any]])?.first?["chips"] ?? []
        if var weeks = month["weeks"] as? [[String: Any]], var cells = weeks[0]["cells"] as? [[String: Any]] {
            cells[0]["chips"] = chips
            cells[0]["more"] = "+۱"
            cells[0]["count"] = "۴"
            weeks[0]["cells"] = cells
            month["weeks"] = weeks
        }
        if var hours = week["hours"] as? [[String: Any]], var cells = hours[0]["cells"] as? [[String: Any]] {
            cells[0]["chips"] = chips
            hours[0]["cells"] = cells
            month["hours"] = hours
        }
        month["columns"] = week["columns"]
        return month
    }

    static func inputs() -> MeetingPageModel.Inputs {
        var d = MeetingPageModel.Inputs(meeting: sampleMeeting(.scheduled))
        d.overlaps = [MeetingOverlap(attendeeName: "Omid", meetingId: 5, meetingTitle: "Budget review", startsAt: now)]
        d.staff = [User(id: 2, email: "o@example.test", name: "Omid", role: .supportAgent, language: .en, active: true, createdAt: now)]
        d.contacts = [MeetingContact(id: 42, name: "مریم احمدی")]
        d.customer = (42, "مریم احمدی")
        d.deal = (3, "Laptops for ACME")
        return d
    }

    /// A meeting's page with its form, the customer search's results and the timeline link at once.
    static func meeting(_ x: PageText) -> [String: Any] {
        var values = Views.values(of: MeetingPageModel(inputs(), principal: principal, form: nil,
                                                       issues: [FieldIssue(field: "endsAt", reason: "x", code: "meeting.order")],
                                                       text: x, zone: zone, path: "/meetings/new?"))
        if var meeting = values["meeting"] as? [String: Any] {
            meeting["interactionHref"] = "/customers/42#timeline"
            values["meeting"] = meeting
        }
        values["found"] = [["name": "مریم احمدی", "href": "/meetings/new?customer=42"]]
        values["chooseCustomer"] = true
        return values
    }

    static func feed(_ x: PageText) -> CalendarFeedPages.Model {
        CalendarFeedPages.Model(active: true, since: PageModelSamples.when(x), url: "http://127.0.0.1:8080/calendar/cal_x.ics",
                                webcal: "webcal://127.0.0.1:8080/calendar/cal_x.ics")
    }

    static func salesBox(_ x: PageText) -> Customer360Model.SalesBox {
        Customer360Model.SalesBox(CustomerSalesActivity(tasks: [sampleTask()], meetings: [sampleMeeting(.scheduled)]), customerId: 42,
                                  principal: principal, x)
    }

    static func home(_ x: PageText) -> HomeTasks? {
        HomeTasks(TaskCounts(today: 2, overdue: 1, upcoming: 3, reminders: 1), text: x)
    }
}
