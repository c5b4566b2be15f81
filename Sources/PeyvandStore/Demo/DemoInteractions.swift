import Foundation
import PeyvandCore

/// Realistic interaction history for demo customers: calls, emails, meetings and the rest in
/// proportions a sales and support team sees, in Persian or English to match the customer.
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
            let costToServe = [Int64(0), 50_000, 120_000, 300_000, 1_500_000][Int.random(in: 0..<5, using: &r)]
            let fields = InteractionFields(
                kind: kind, direction: kind == .note ? nil : (r.chance(0.55) ? .inbound : .outbound), occurredAt: when,
                staffId: staff.isEmpty ? nil : r.pick(staff),
                subject: persian ? persianSubjects[subjectIndex] : englishSubjects[subjectIndex],
                outcome: kind == .note ? nil : (persian ? persianOutcomes[outcomeIndex] : englishOutcomes[outcomeIndex]),
                durationSeconds: kind == .call ? Int.random(in: 30..<1200, using: &r) : (kind == .meeting ? Int.random(in: 900..<5400, using: &r) : nil),
                cost: costToServe > 0 ? Money(minorUnits: costToServe, currency: .irr) : nil)
            result.append((customerId, fields))
        }
        return result
    }
}
