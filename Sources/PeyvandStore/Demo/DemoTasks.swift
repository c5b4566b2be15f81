import Foundation
import PeyvandCore
import SQLKit

/// Demo tasks and meetings: for each member of staff who sells, follow-ups on their own customers
/// (some overdue, some today, some ahead, a few done) and meetings this week and next (a few
/// held, on the customers' timelines), in the staff member's language.
enum DemoTasks {
    static let persianTasks = ["پیگیری پیش‌فاکتور", "تماس برای تمدید قرارداد", "ارسال کاتالوگ محصولات", "هماهنگی جلسهٔ معرفی",
                               "پیگیری پرداخت قسط", "ارسال نمونهٔ کالا", "تماس پس از تحویل سفارش", "بررسی نیاز مشتری"]
    static let englishTasks = ["Follow up the quote", "Call about the renewal", "Send the product catalogue", "Arrange an intro meeting",
                               "Chase the instalment", "Send a sample", "Call after delivery", "Review the customer's needs"]
    static let persianMeetings = ["جلسهٔ معرفی محصول", "مذاکرهٔ قیمت", "بازدید از کارخانه", "ارائهٔ پیشنهاد فنی"]
    static let englishMeetings = ["Product introduction", "Price negotiation", "Site visit", "Technical proposal"]

    static func add(_ database: Database, staff: [User], now: Date) async throws {
        let tasks = TaskRepository(database), meetings = MeetingRepository(database)
        let sellers = staff.filter { $0.role == .salesRep || $0.role == .administrator || $0.role == .partner }
        let hour: TimeInterval = 3600, day: TimeInterval = 86400
        // Working hours in Tehran (UTC+3:30): a morning start at 09:30 local.
        let today = SalesReach.day(containing: now, in: TimeZone(identifier: "Asia/Tehran")!).start
        for (n, seller) in sellers.enumerated() {
            let principal = seller.principal
            let customers = try await database.sql.raw("""
                SELECT id FROM customers WHERE owner_id = \(bind: seller.id) AND deleted_at IS NULL ORDER BY id LIMIT 12
                """).all().map { try $0.decode(column: "id", as: Int64.self) }
            guard !customers.isEmpty else { continue }
            let fa = seller.language == .fa
            let titles = fa ? persianTasks : englishTasks
            let offsets: [TimeInterval] = [-3 * day + 10 * hour, -1 * day + 11 * hour, 10 * hour, 14 * hour, 16 * hour, day + 10 * hour,
                                           3 * day + 12 * hour, 7 * day + 9 * hour]
            for (i, offset) in offsets.enumerated() {
                let due = today.addingTimeInterval(offset)
                let task = try await tasks.create(TaskInput(title: titles[(i + n) % titles.count], dueAt: due, remindAt: due.addingTimeInterval(-15 * 60),
                                                            customerId: customers[i % customers.count]), by: principal, now: now)
                if i == 0 && n % 2 == 0 { _ = try await tasks.complete(task.id, by: principal, now: now) }
            }
            let subjects = fa ? persianMeetings : englishMeetings
            for i in 0..<6 {
                let start = today.addingTimeInterval(Double(i * 2 - 3) * day + (9.5 + Double(i % 3) * 2) * hour)
                let customer = customers[(i + 3) % customers.count]
                let saved = try await meetings.create(MeetingInput(title: subjects[i % subjects.count], startsAt: start, endsAt: start.addingTimeInterval(hour),
                                                                   location: fa ? "دفتر مشتری" : "Customer's office", customerId: customer),
                                                      by: principal, now: now)
                if start < now.addingTimeInterval(-day) { _ = try await meetings.markHeld(saved.meeting.id, notes: nil, by: principal, now: now) }
            }
        }
    }
}
