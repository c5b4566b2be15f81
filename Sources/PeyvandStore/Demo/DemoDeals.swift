import Foundation
import PeyvandCore
import SQLKit

/// A few dozen deals on the demo's newest customers, spread over the stages of the first pipeline,
/// some won and some lost (with reasons and competitors), each with a believable stage history:
/// they came in weeks ago and moved along, so the deal pages show time spent in each stage.
struct DemoDeals {
    let database: Database
    let seed: UInt64

    static let titles = ["خرید عمده چای", "قرارداد پشتیبانی سالانه", "تجهیز دفتر جدید", "سفارش فصلی", "تمدید اشتراک", "پروژهٔ نرم‌افزار انبار",
                         "Annual support renewal", "Office fit-out", "Bulk order for Nowruz", "Pilot project"]
    static let nextSteps = ["ارسال پیش‌فاکتور", "جلسه با مدیر خرید", "تماس پیگیری", "Send the revised quote", "Demo for the team"]
    static let lostReasons = ["قیمت بالا", "زمان تحویل طولانی", "بودجه حذف شد", "Chose a cheaper offer"]
    static let competitors = ["شرکت رقیب الف", "تجارت نوین", "Acme Trading"]

    func run(staff: [User], count: Int = 48, now: Date = Date()) async throws {
        var r = SeededRandom(demoSeed: seed &+ 28)
        guard let admin = staff.first(where: { $0.role == .administrator })?.principal,
              let pipeline = try await Pipelines(database).list(by: admin).first, !pipeline.activeStages.isEmpty else { return }
        let stages = pipeline.activeStages
        let owners = staff.filter { $0.role == .salesRep || $0.role == .administrator }.map(\.id)
        let customers = try await database.sql.raw("""
            SELECT id, owner_id FROM customers WHERE deleted_at IS NULL ORDER BY id DESC LIMIT \(bind: count)
            """).all().map { (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "owner_id", as: Int64?.self)) }
        let deals = Deals(database)
        let today = JalaliDate(now, timeZone: Tehran.timeZone)
        for (n, (customer, owner)) in customers.enumerated() {
            let target = Int.random(in: 0..<stages.count, using: &r)
            let amount = Int64.random(in: 5...500, using: &r) * 1_000_000
            let deal = try await deals.create(DealInput(
                title: r.pick(Self.titles), stageId: stages[0].id, customerId: customer, ownerId: owner ?? r.pick(owners), amount: String(amount),
                probability: r.chance(0.15) ? Int.random(in: 5...95, using: &r) : nil,
                expectedClose: today.adding(days: Int.random(in: -10...120, using: &r)), nextStep: r.pick(Self.nextSteps),
                source: r.pick(["وب‌سایت", "نمایشگاه", "معرفی مشتری", "Referral"])), by: admin)
            for stage in stages.dropFirst().prefix(target) {
                _ = try await deals.move(deal.id, toStage: stage.id, expectedVersion: nil, by: admin)
            }
            if n % 8 == 5 {
                _ = try await deals.close(deal.id, won: true, reason: "بهترین پیشنهاد", competitor: nil, expectedVersion: nil, by: admin)
            } else if n % 8 == 6 {
                _ = try await deals.close(deal.id, won: false, reason: r.pick(Self.lostReasons), competitor: r.pick(Self.competitors), expectedVersion: nil, by: admin)
            }
            try await backdate(deal.id, &r, now: now)
        }
    }

    /// Spreads the deal's stays over the past weeks, oldest first, the last one still open or closed.
    private func backdate(_ id: Int64, _ r: inout SeededRandom, now: Date) async throws {
        let db = database.sql
        let rows = try await db.raw("SELECT id FROM deal_stage_history WHERE deal_id = \(bind: id) ORDER BY id").all()
            .map { try $0.decode(column: "id", as: Int64.self) }
        let nowMillis = Int64(now.timeIntervalSince1970 * 1000)
        var at = nowMillis - Int64.random(in: 20...90, using: &r) * 86_400_000
        let created = at
        var last = at
        for (i, row) in rows.enumerated() {
            let step = Int64.random(in: 1...14, using: &r) * 86_400_000 + Int64.random(in: 0..<86_400_000, using: &r)
            // Never in the future: the later stays keep an hour each before now.
            let next = i == rows.count - 1 ? nil : min(at + step, nowMillis - Int64(rows.count - 1 - i) * 3_600_000)
            try await db.raw("UPDATE deal_stage_history SET entered_at = \(bind: at), left_at = \(bind: next) WHERE id = \(bind: row)").run()
            last = at
            if let next { at = next }
        }
        try await db.raw("""
            UPDATE deals SET created_at = \(bind: created), stage_entered_at = \(bind: last),
              closed_at = CASE WHEN status = 'open' THEN NULL ELSE \(bind: last) END WHERE id = \(bind: id)
            """).run()
    }
}
