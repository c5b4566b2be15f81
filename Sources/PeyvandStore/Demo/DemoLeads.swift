import Foundation
import PeyvandCore
import SQLKit

/// Demo leads: two web-to-lead forms (Persian and English), a few scoring rules, a round-robin
/// over the sales reps, and a few dozen leads in every status, from every channel.
enum DemoLeads {
    static let persianMessages = ["برای خرید ۵۰ دستگاه استعلام قیمت می‌خواهیم.", "لطفاً برای هماهنگی جلسه تماس بگیرید.",
                                  "کاتالوگ محصولات را برایم بفرستید.", "بودجهٔ امسال ما تصویب شده؛ پیشنهاد بدهید."]
    static let englishMessages = ["We need a quote for 50 units.", "Please call to arrange a demo.", "Send me your catalogue.",
                                  "Our budget is approved for this year; make us an offer."]

    static func make(_ database: Database, admin: Principal, reps: [Int64], now: Date) async throws {
        try await database.transaction { db in
            var r = SeededRandom(demoSeed: 15)
            if try await db.raw("SELECT id FROM lead_forms LIMIT 1").first() != nil { return }
            let at = Clock.millis(now)
            try await db.raw("""
                INSERT INTO lead_forms (public_key, name, source, campaign, language, consent_fa, consent_en, consent_channels, thank_you_fa,
                  thank_you_en, per_minute, per_hour, created_at, updated_at)
                VALUES ('w2l_demo_fa', 'فرم تماس وب‌سایت', 'وب‌سایت', 'نمایشگاه پاییز', 'fa',
                  'می‌پذیرم که خبرنامه و پیشنهادها از راه ایمیل و پیامک برایم فرستاده شود.', 'I agree to receive news and offers by email and SMS.',
                  'email,sms', 'پیام شما رسید؛ به‌زودی با شما تماس می‌گیریم.', 'Thank you; we will be in touch soon.', 5, 50, \(bind: at), \(bind: at)),
                  ('w2l_demo_en', 'Website contact form (English)', 'website', 'autumn-expo', 'en', NULL,
                  'I agree to receive news and offers by email.', 'email', NULL, 'Thank you; we will be in touch soon.', 5, 50, \(bind: at), \(bind: at))
                """).run()
            try await db.raw("""
                INSERT INTO lead_scoring_rules (field, condition, value, value_key, points, created_at) VALUES
                  ('need', 'present', NULL, NULL, 20, \(bind: at)), ('budget', 'present', NULL, NULL, 25, \(bind: at)),
                  ('authority', 'present', NULL, NULL, 15, \(bind: at)), ('timing', 'present', NULL, NULL, 15, \(bind: at)),
                  ('company', 'present', NULL, NULL, 10, \(bind: at)), ('source', 'equals', 'معرفی', \(bind: PersianText.searchKey("معرفی")), 15, \(bind: at))
                """).run()
            if !reps.isEmpty {
                try await db.raw("INSERT INTO lead_assignment_rules (position, kind, created_at) VALUES (1, 'round-robin', \(bind: at))").run()
                let rule = try await db.raw("SELECT MAX(id) AS id FROM lead_assignment_rules").first()?.decode(column: "id", as: Int64.self) ?? 1
                for (i, rep) in reps.enumerated() {
                    try await db.raw("INSERT INTO lead_assignment_reps (rule_id, user_id, position) VALUES (\(bind: rule), \(bind: rep), \(bind: i + 1))").run()
                }
            }
            let statuses: [LeadStatus] = [.new, .new, .new, .working, .working, .qualified, .disqualified]
            for i in 0..<36 {
                let persian = i % 4 != 3
                let name = persian ? "\(r.pick(DemoNames.persianMale + DemoNames.persianFemale)) \(r.pick(DemoNames.persianFamily))"
                    : "\(r.pick(DemoNames.englishFirst)) \(r.pick(DemoNames.englishLast))"
                let company: String? = r.chance(0.6) ? (persian ? "\(r.pick(DemoNames.companyKinds)) \(r.pick(DemoNames.companyWords))"
                                                                : "\(r.pick(DemoNames.englishCompanies)) Ltd") : nil
                let city = persian ? r.pick(Array(DemoNames.persianCities.prefix(6))) : r.pick(DemoNames.englishCities)
                let channel: LeadChannel = [.webForm, .webForm, .manual, .api, .import][i % 5]
                let source = channel == .webForm ? (persian ? "وب‌سایت" : "website") : (persian ? r.pick(["نمایشگاه", "معرفی", "تماس ورودی"]) : r.pick(["trade show", "referral"]))
                let email = "lead\(i)@example.com"
                let phone = "+98912\(String(format: "%07d", 1_000_000 + i * 7919))"
                let input = LeadInput(name: name, company: company, email: email, phone: phone, province: persian ? "تهران" : nil, city: city,
                                      message: persian ? r.pick(persianMessages) : r.pick(englishMessages), source: source,
                                      campaign: channel == .webForm ? (persian ? "نمایشگاه پاییز" : "autumn-expo") : nil,
                                      need: r.chance(0.5) ? true : nil, budget: r.chance(0.4) ? true : nil, consent: channel == .webForm,
                                      consentText: channel == .webForm ? (persian ? "می‌پذیرم که خبرنامه و پیشنهادها از راه ایمیل و پیامک برایم فرستاده شود."
                                                                                   : "I agree to receive news and offers by email.") : nil)
                guard let fields = try? input.validated() else { continue }
                let created = now.addingTimeInterval(-Double(36 - i) * 3 * 3600)
                let id = try await Leads.insert(db, fields, channel: channel, formId: channel == .webForm ? (persian ? 1 : 2) : nil, by: admin,
                                                now: created, notify: false)
                let status = statuses[i % statuses.count]
                if status != .new {
                    try await db.raw("""
                        UPDATE leads SET status = \(bind: status.rawValue), disqualify_reason = \(bind: status == .disqualified ? (persian ? "بودجه ندارد" : "no budget") : nil)
                        WHERE id = \(bind: id)
                        """).run()
                }
            }
        }
    }
}
