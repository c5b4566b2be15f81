import Foundation
import PeyvandCore

/// Realistic interaction history for demo customers: calls, emails, meetings and the rest in
/// proportions a sales and support team sees, in Persian or English to match the customer. Buying
/// customers hear from the team more than prospects and leads, and a cost to serve is logged on
/// what takes staff time and travel (meetings by their length, visits, presentations), so most
/// customers bring more than they cost.
enum DemoInteractions {
    static let kinds: [(InteractionKind, Double)] = [
        (.call, 0.32), (.email, 0.2), (.sms, 0.14), (.meeting, 0.08), (.note, 0.08), (.chat, 0.07), (.visit, 0.04),
        (.webForm, 0.03), (.presentation, 0.02), (.letter, 0.015), (.fax, 0.005),
    ]
    static let persianSubjects = ["پیگیری سفارش", "درخواست پیش‌فاکتور", "شکایت از تأخیر ارسال", "تمدید قرارداد", "معرفی محصول جدید",
                                  "پرسش دربارهٔ گارانتی", "هماهنگی جلسه", "پیگیری پرداخت", "تشکر از خرید", "درخواست تخفیف",
                                  "عضویت در باشگاه مشتریان", "مشکل در نصب"]
    static let englishSubjects = ["Order follow-up", "Quote request", "Late delivery complaint", "Contract renewal", "New product demo",
                                  "Warranty question", "Meeting arrangements", "Payment follow-up", "Thank-you call", "Discount request",
                                  "Loyalty club sign-up", "Installation issue"]
    static let persianOutcomes = ["پاسخ داده شد", "پیگیری بعدی", "فروش انجام شد", "ارجاع به پشتیبانی", "بدون پاسخ"]
    static let englishOutcomes = ["answered", "follow up", "sale made", "passed to support", "no answer"]

    /// A stage's share of the interactions, relative to the average per customer (the stages'
    /// shares in the demo average about one).
    static func share(_ stage: LifecycleStage) -> Double {
        switch stage {
        case .prospect: 0.25
        case .lead: 0.5
        default: 1.25
        }
    }

    /// The cost to serve logged on an interaction, in Rials: none for a call, message or note.
    static func costToServe(_ r: inout SeededRandom, kind: InteractionKind, durationSeconds: Int?) -> Int64 {
        switch kind {
        case .meeting: Int64(durationSeconds ?? 1800) * 50
        case .visit: Int64(Int.random(in: 150...350, using: &r)) * 1000
        case .presentation: Int64(Int.random(in: 200...450, using: &r)) * 1000
        default: 0
        }
    }

    static func make(_ r: inout SeededRandom, customerId: Int64, persian: Bool, since: Date, now: Date, staff: [Int64],
                     count: Int) -> [(customerId: Int64, fields: InteractionFields)] {
        var result: [(customerId: Int64, fields: InteractionFields)] = []
        result.reserveCapacity(count)
        let span = max(now.timeIntervalSince(since), 3600)
        for _ in 0..<count {
            var roll = Double.random(in: 0..<1, using: &r)
            var kind = InteractionKind.note
            for (k, p) in kinds {
                if roll < p { kind = k; break }
                roll -= p
            }
            let subjectIndex = Int.random(in: 0..<persianSubjects.count, using: &r)
            let when = since.addingTimeInterval(Double.random(in: 0..<span, using: &r))
            let outcomeIndex = Int.random(in: 0..<persianOutcomes.count, using: &r)
            let duration = kind == .call ? Int.random(in: 30..<1200, using: &r) : (kind == .meeting ? Int.random(in: 900..<5400, using: &r) : nil)
            let cost = Self.costToServe(&r, kind: kind, durationSeconds: duration)
            let fields = InteractionFields(
                kind: kind, direction: kind == .note ? nil : (r.chance(0.55) ? .inbound : .outbound), occurredAt: when,
                staffId: staff.isEmpty ? nil : r.pick(staff),
                subject: persian ? persianSubjects[subjectIndex] : englishSubjects[subjectIndex],
                outcome: kind == .note ? nil : (persian ? persianOutcomes[outcomeIndex] : englishOutcomes[outcomeIndex]),
                durationSeconds: duration,
                cost: cost > 0 ? Money(minorUnits: cost, currency: .irr) : nil)
            result.append((customerId, fields))
        }
        return result
    }
}
